// Alarms: every alarm with its state, reason and when it changed; the chosen one's states over the
// range as a timeline, its metric graph with the threshold (or anomaly band), its history, and
// muting its actions.
import { api, chart, h, onRefresh, post, range, table, time } from '/static/lib.js';

const STATES = ['ALARM', 'INSUFFICIENT_DATA', 'OK'];

export default {
  async render(root, { rest }) {
    const chosen = rest[0] || null;
    const counts = h('div', { class: 'toolbar', id: 'alarm-counts' });
    const filter = h('input', { type: 'search', id: 'alarm-filter', placeholder: 'Filter by name, reason or condition' });
    const stateFilter = h('select', { id: 'alarm-state-filter' }, h('option', { value: '' }, 'Any state'),
      STATES.map(s => h('option', { value: s }, s)));
    const detail = h('div', { id: 'alarm-detail', class: 'card', hidden: !chosen });
    const list = h('div', { id: 'alarm-list' });
    root.append(h('h1', {}, 'Alarms'), counts, h('div', { class: 'toolbar' }, filter, stateFilter), list, detail);
    let alarms = [];

    const show = () => {
      const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      const rows = alarms.filter(a => (!stateFilter.value || a.state === stateFilter.value)
        && words.every(w => (a.name + ' ' + a.reason + ' ' + a.condition).toLowerCase().includes(w)));
      if (alarms.length === 0) {
        list.replaceChildren(h('p', { class: 'muted' }, 'No alarms. Put one with monitor.alarms().putMetricAlarm(...) or in the configuration file.'));
        return;
      }
      list.replaceChildren(h('table', { class: 'alarms' },
        h('thead', {}, h('tr', {}, ['State', 'Name', 'Type', 'Condition', 'Reason', 'Changed', 'Actions'].map(t => h('th', {}, t)))),
        h('tbody', {}, rows.map(a => h('tr', {
          class: 'clickable' + (a.name === chosen ? ' selected' : ''), 'data-alarm': a.name,
          onclick: () => { location.hash = '#/alarms/' + encodeURIComponent(a.name); },
        }, h('td', { class: 'alarm-state' }, stateBadge(a.state)), h('td', { class: 'alarm-name' }, a.name), h('td', {}, a.type), h('td', {}, a.condition),
        h('td', { class: 'reason' }, a.reason), h('td', {}, time(a.updated)), h('td', {}, actionsBadge(a)))))));
    };

    async function showDetail() {
      let d;
      try {
        d = await api('alarms/alarm/' + encodeURIComponent(chosen), range());
      } catch (e) {
        detail.replaceChildren(h('p', { class: 'error' }, e.message));
        return;
      }
      const a = d.alarm;
      const toggle = h('button', { type: 'button', id: a.actionsEnabled ? 'alarm-mute' : 'alarm-unmute',
        onclick: async () => {
          toggle.disabled = true;
          try {
            await post('alarms/alarm/' + encodeURIComponent(a.name) + (a.actionsEnabled ? '/mute' : '/unmute'));
            await load();
          } catch (e) {
            detail.append(h('p', { class: 'error' }, e.message));
          }
        } }, a.actionsEnabled ? 'Mute actions' : 'Unmute actions');
      const plot = h('div', { class: 'chart', id: 'alarm-chart' });
      detail.hidden = false;
      // Through h(), which leaves out the parts a composite alarm has not (replaceChildren would write "null").
      detail.replaceChildren(h('div', {},
        h('h2', {}, a.name, ' ', stateBadge(a.state), ' ', actionsBadge(a)),
        h('div', { class: 'toolbar' }, toggle, h('span', { class: 'muted' }, a.type + ' alarm · changed ' + time(a.updated))),
        a.description ? h('p', {}, a.description) : null,
        h('p', {}, h('strong', {}, a.type === 'composite' ? 'Rule: ' : 'Condition: '), h('code', {}, a.condition)),
        h('p', { id: 'alarm-reason' }, h('strong', {}, 'Reason: '), a.reason),
        h('h3', {}, 'States over the range'), timeline(d),
        d.graph ? h('h3', {}, 'Metric') : null, d.graph ? plot : null,
        d.graph ? d.graph.notes.map(n => h('p', { class: 'muted' }, n)) : null,
        h('h3', {}, 'History'), historyTable(d.history)));
      if (d.graph) graph(plot, d.graph, { start: Date.parse(d.start), end: Date.parse(d.end) });
    }

    async function load() {
      const answer = await api('alarms/list');
      alarms = answer.alarms;
      counts.replaceChildren(...STATES.map(s => h('span', { class: 'badge alarm-count', 'data-state': s },
        h('span', { class: 'state-' + s }, s), ' ', answer.counts[s])));
      show();
      if (chosen) await showDetail();
    }

    filter.addEventListener('input', show);
    stateFilter.addEventListener('change', show);
    onRefresh(load);
  },
};

function stateBadge(state) {
  return h('span', { class: 'state state-' + state, 'data-state': state }, state);
}

function actionsBadge(a) {
  return h('span', { class: 'badge alarm-actions', 'data-muted': String(!a.actionsEnabled) },
    a.actionsEnabled ? 'actions enabled' : 'muted');
}

/** The states over the range as coloured stretches of one bar, each named below. */
function timeline(d) {
  const start = Date.parse(d.start), end = Date.parse(d.end), span = end - start || 1;
  const svg = h('svg:svg', { class: 'alarm-timeline', id: 'alarm-timeline', viewBox: '0 0 1000 20', preserveAspectRatio: 'none' });
  for (const s of d.timeline) {
    const x = (Date.parse(s.start) - start) / span * 1000, w = (Date.parse(s.end) - Date.parse(s.start)) / span * 1000;
    svg.append(h('svg:rect', { x: x.toFixed(2), y: 0, width: Math.max(w, 0.5).toFixed(2), height: 20, class: 'tl-' + s.state, 'data-state': s.state },
      h('svg:title', {}, s.state + ' from ' + time(s.start) + ' to ' + time(s.end))));
  }
  return h('div', { class: 'alarm-timeline-box' }, svg,
    h('div', { class: 'alarm-timeline-axis muted' }, h('span', {}, time(d.start)), h('span', {}, time(d.end))),
    h('div', { class: 'toolbar', id: 'alarm-segments' }, d.timeline.length === 0 ? h('span', { class: 'muted' }, 'The alarm did not exist in this range.')
      : d.timeline.map(s => h('span', { class: 'badge' }, h('span', { class: 'state-' + s.state }, s.state), ' ' + time(s.start) + ' – ' + time(s.end)))));
}

function graph(plot, g, xRange) {
  const series = g.series.map(s => ({ label: s.label, points: s.points }));
  chart(plot, { series, band: g.lower.length ? { lower: g.lower, upper: g.upper } : undefined, range: xRange,
    thresholds: g.thresholds.map(t => ({ value: t.value, label: 'threshold ' + t.label })) });
}

function historyTable(items) {
  if (items.length === 0) return h('p', { class: 'muted' }, 'No history in this range.');
  return h('div', { id: 'alarm-history' }, table([
    { label: 'Time', value: i => time(i.timestamp) },
    { label: 'Type', value: i => i.type },
    { label: 'Summary', value: i => i.summary },
  ], items));
}
