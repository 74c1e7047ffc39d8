// Metrics: every metric in memory (the application's own first, Monitor's own last), and a graph
// of any statistic of the one chosen over the console's time range.
import { api, chart, h, num, onRefresh, range, sparkline, time } from '/static/lib.js';

const GROUPS = [
  ['application', 'Application metrics'],
  ['service', 'Service metrics (AWS/ namespaces)'],
  ['builtin', 'JVM and process metrics'],
  ['monitor', "Monitor's own metrics"],
];
const STATS = ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount', 'p50', 'p90', 'p99'];

export default {
  async render(root) {
    const filter = h('input', { type: 'search', id: 'metric-filter', placeholder: 'Filter by namespace, metric or dimension' });
    const detail = h('div', { id: 'metric-detail', class: 'card', hidden: true });
    const lists = h('div', { id: 'metric-lists' });
    root.append(h('h1', {}, 'Metrics'), h('div', { class: 'toolbar' }, filter), detail, lists);
    let chosen = null;
    let metrics = [];

    const show = () => {
      const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      const matches = m => words.every(w => (m.namespace + ' ' + m.name + ' ' + JSON.stringify(m.dimensions)).toLowerCase().includes(w));
      lists.replaceChildren(...GROUPS.map(([group, title]) => {
        const rows = metrics.filter(m => m.origin === group && matches(m));
        const section = h('details', { open: group !== 'monitor', 'data-group': group },
          h('summary', {}, h('strong', {}, title), ' ', h('span', { class: 'badge' }, rows.length)));
        section.append(metricTable(rows, m => { chosen = m; graph(); }));
        return section;
      }));
    };

    const stat = h('select', { id: 'metric-stat' }, STATS.map(s => h('option', { value: s }, s)));
    const period = h('select', { id: 'metric-period' }, [[1, '1 s'], [10, '10 s'], [60, '1 min'], [300, '5 min'], [3600, '1 hour']]
      .map(([v, label]) => h('option', { value: v, selected: v === 60 }, label)));
    const plot = h('div', { class: 'chart', id: 'metric-chart' });
    stat.addEventListener('change', () => graph());
    period.addEventListener('change', () => graph());

    async function graph() {
      if (!chosen) return;
      if (!graph.statFor || graph.statFor !== chosen) {
        stat.value = chosen.statistic;
        period.value = chosen.storageResolution === 1 ? '1' : '60';
        graph.statFor = chosen;
      }
      detail.hidden = false;
      detail.replaceChildren(h('h2', {}, chosen.namespace + ' / ' + chosen.name, ' ', dims(chosen.dimensions)),
        h('div', { class: 'toolbar' }, h('label', {}, 'Statistic ', stat), h('label', {}, 'Period ', period)), plot);
      try {
        const series = await api('metrics/data', { namespace: chosen.namespace, name: chosen.name,
          dimension: Object.entries(chosen.dimensions).map(([k, v]) => k + '=' + v), stat: stat.value, period: period.value, ...range() });
        chart(plot, { series: [{ label: stat.value, points: series.points }] });
      } catch (e) {
        plot.replaceChildren(h('p', { class: 'error' }, e.message));
      }
    }

    filter.addEventListener('input', show);
    onRefresh(async () => {
      metrics = (await api('metrics/list')).metrics;
      show();
      if (chosen) {
        chosen = metrics.find(m => key(m) === key(chosen)) || chosen;
        graph.statFor = chosen;
        graph();
      }
    });
  },
};

function key(m) {
  return m.namespace + '|' + m.name + '|' + JSON.stringify(m.dimensions) + '|' + m.storageResolution;
}

function dims(dimensions) {
  return Object.entries(dimensions).map(([k, v]) => h('span', { class: 'badge' }, k + '=' + v));
}

function metricTable(rows, choose) {
  const head = ['Namespace', 'Metric', 'Dimensions', 'Unit', 'Statistic', 'Latest', 'p99', 'Samples', 'At', 'Recent'];
  return h('table', { class: 'metrics' },
    h('thead', {}, h('tr', {}, head.map(t => h('th', {}, t)))),
    h('tbody', {}, rows.map(m => h('tr', { class: 'clickable', 'data-metric': m.name, onclick: () => choose(m) },
      h('td', {}, m.namespace), h('td', {}, m.name), h('td', {}, dims(m.dimensions)), h('td', {}, m.unit),
      h('td', {}, m.statistic), h('td', { class: 'num' }, num(m.statistic === 'Sum' ? m.latest.sum : m.latest.average)),
      h('td', { class: 'num' }, num(m.latest.p99)), h('td', { class: 'num' }, m.latest.sampleCount),
      h('td', {}, time(m.latest.timestamp)), h('td', {}, sparkline(m.points.map(p => p.value)))))));
}
