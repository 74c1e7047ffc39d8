// Dashboards: CloudWatch dashboard bodies drawn on CloudWatch's 24-column grid. The body is AWS's JSON
// as put; the server places the widgets, reads their data (metric math evaluated there) and lists what it
// does not draw. Every value reaches the page as text: markdown is parsed here into elements, never markup.
import { api, chart, h, num, onRefresh, range, sparkline, table, time } from '/static/lib.js';

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const SECTIONS = [['application', 'Application'], ['monitor', "Monitor's own metrics"], ['built_in', 'JVM and process']];

/** The properties each widget type draws; any other is listed in the widget as not supported here. */
const KNOWN = {
  metric: ['metrics', 'view', 'stacked', 'title', 'region', 'accountId', 'period', 'stat', 'yAxis', 'annotations',
    'setPeriodToTimeRange', 'start', 'end', 'legend', 'liveData', 'sparkline', 'singleValueFullPrecision', 'timezone', 'table'],
  text: ['markdown', 'background'],
  log: ['query', 'title', 'view', 'region', 'accountId', 'stacked'],
  alarm: ['alarms', 'title', 'sortBy', 'states'],
};

export default {
  async render(root, { rest }) {
    const name = rest[0];
    if (!name) return showList(root);
    return showDashboard(root, name);
  },
};

// ---------------------------------------------------------------- the list

async function showList(root) {
  root.append(h('h1', {}, 'Dashboards'));
  const lists = h('div', { id: 'dashboard-lists' });
  root.append(lists);
  onRefresh(async () => {
    const all = (await api('dashboards/list')).dashboards;
    const custom = all.filter(d => d.kind === 'custom');
    const link = d => h('a', { href: '#/dashboards/' + encodeURIComponent(d.name), 'data-dashboard': d.name }, d.name);
    const parts = [h('h2', {}, 'Custom dashboards ', h('span', { class: 'badge' }, custom.length)),
      custom.length === 0 ? h('p', { class: 'muted' }, 'None yet: put one with monitor.dashboards().putDashboard(name, body), '
        + 'under dashboards: in monitor.yaml, or with monitor dashboards put-dashboard.')
        : table([{ label: 'Name', value: link }, { label: 'Last modified', value: d => time(d.lastModified) },
          { label: 'Size', value: d => d.size + ' B', num: true }], custom)];
    for (const [section, title] of SECTIONS) {
      const automatic = all.filter(d => d.kind === 'automatic' && d.section === section);
      if (automatic.length === 0) continue;
      parts.push(h('h2', {}, 'Automatic dashboards: ' + title),
        table([{ label: 'Name', value: link }, { label: 'Namespace', value: d => d.namespace }], automatic));
    }
    lists.replaceChildren(...parts);
  });
}

// ---------------------------------------------------------------- one dashboard

async function showDashboard(root, name) {
  const pick = h('select', { id: 'dashboard-pick', 'aria-label': 'Dashboard' });
  pick.addEventListener('change', () => { location.hash = '#/dashboards/' + encodeURIComponent(pick.value); });
  const head = h('div', { class: 'toolbar' }, h('a', { href: '#/dashboards' }, '← All dashboards'), pick);
  api('dashboards/list').then(list => pick.replaceChildren(...list.dashboards.map(d =>
    h('option', { value: d.name, selected: d.name === name }, d.name + (d.kind === 'automatic' ? ' (automatic)' : ''))))).catch(() => { pick.hidden = true; });
  const title = h('h1', {}, name);
  const info = h('div', { id: 'dashboard-info' });
  const grid = h('div', { class: 'grid dash-grid', id: 'dashboard-grid' });
  root.append(head, title, info, grid);
  let shown = null;
  let cards = [];
  onRefresh(async () => {
    let drawn;
    try {
      drawn = await api('dashboards/dashboard/' + encodeURIComponent(name));
    } catch (e) {
      info.replaceChildren(h('p', { class: 'error' }, e.message));
      grid.replaceChildren();
      return;
    }
    // The same body again (an auto refresh): the widgets stay and each redraws once its new data is in.
    const key = JSON.stringify(drawn.body) + JSON.stringify(drawn.layout) + JSON.stringify(drawn.unsupported);
    if (key !== shown) {
      shown = key;
      title.replaceChildren(name, ' ', h('span', { class: 'badge' }, drawn.kind));
      info.replaceChildren(...dashboardNotes(drawn));
      const widgets = Array.isArray(drawn.body.widgets) ? drawn.body.widgets : [];
      cards = drawn.layout.map((place, i) => widgetCard(name, drawn, widgets[i] || {}, place, i));
      grid.replaceChildren(...cards.map(c => c.card));
    }
    // Laid out first, so that graphs take their widget's size.
    await Promise.all(cards.map(c => c.fill().catch(e => c.fail(e))));
  });
}

function dashboardNotes(drawn) {
  const out = [];
  if (drawn.invalid.length) {
    out.push(h('div', { class: 'card error' }, h('strong', {}, 'This body cannot be drawn: '),
      h('ul', {}, drawn.invalid.map(m => h('li', {}, (m.dataPath || 'body') + ': ' + m.message)))));
  }
  const body = drawn.body;
  if (body.start) {
    out.push(h('p', { class: 'muted', id: 'dashboard-range' }, 'Time range set by the dashboard: ' + body.start
      + (body.end ? ' to ' + body.end : ' to now') + ' (the console\'s range applies to dashboards that set none).'));
  }
  if (drawn.unsupported.length) {
    out.push(h('details', { class: 'unsupported', id: 'dashboard-unsupported' },
      h('summary', {}, 'Not drawn here: ' + drawn.unsupported.length + (drawn.unsupported.length === 1 ? ' part' : ' parts')),
      h('ul', {}, drawn.unsupported.map(u => h('li', {}, u.dataPath + ': ' + u.what)))));
  }
  return out;
}

function widgetCard(dashboard, drawn, widget, place, index) {
  const props = widget.properties || {};
  const type = place.type;
  const card = h('div', { class: 'card dash-widget', 'data-widget': index, 'data-type': type });
  // Through the CSSOM, which the policy allows (a style attribute in markup it would block).
  card.style.gridColumn = (place.x + 1) + ' / span ' + place.width;
  card.style.gridRow = (place.y + 1) + ' / span ' + place.height;
  const heading = widgetTitle(type, props);
  if (heading) card.append(h('h3', { title: heading }, heading));
  // Notes first, so that what is not drawn is seen even when the widget is small.
  const notes = h('div', { class: 'dash-notes' });
  const body = h('div', { class: 'dash-body' });
  card.append(notes, body);
  const path = '/widgets/' + index;
  const unsupported = new Set();
  const problems = [];
  const show = () => notes.replaceChildren(
    ...(unsupported.size ? [h('div', { class: 'unsupported dash-note' }, 'not supported here: ' + [...unsupported].join('; '))] : []),
    ...problems.map(text => h('div', { class: 'error dash-note' }, text)));
  const note = text => {
    unsupported.add(text.replace(/^not supported here: /, ''));
    show();
  };
  const problem = text => {
    problems.push(text);
    show();
  };
  const fixed = drawn.unsupported.filter(u => u.dataPath === path || u.dataPath.startsWith(path + '/')).map(u => u.what);
  fixed.push(...unknownProperties(type, props));
  if (fixed.length === 0 && !KNOWN[type]) fixed.push(type + ' widgets');
  /** Back to what the body alone says, once new data is in: the widget keeps its old drawing until then. */
  const reset = () => {
    unsupported.clear();
    problems.length = 0;
    fixed.forEach(note);
    show();
    body.replaceChildren();
  };
  reset();
  const rowsNoted = drawn.unsupported.some(u => u.dataPath.startsWith(path + '/properties/metrics/'));
  const context = { dashboard, index, props, body, note, problem, card, rowsNoted, reset };
  return {
    card,
    fill: async () => {
      if (type === 'text') return textWidget(context);
      if (type === 'metric') return metricWidget(context);
      if (type === 'log') return logWidget(context);
      if (type === 'alarm') return alarmWidget(context);
      reset();
      body.append(h('p', { class: 'muted' }, 'This ' + type + ' widget is kept in the body and not drawn here.'));
    },
    fail: e => {
      reset();
      problem(e.message);
    },
  };
}

function widgetTitle(type, props) {
  if (typeof props.title === 'string') return props.title;
  if (type === 'alarm') return 'Alarm Status';
  if (type === 'metric' && Array.isArray(props.metrics)) {
    const names = props.metrics.map(row => Array.isArray(row) && typeof row[1] === 'string' ? row[1] : null).filter(Boolean);
    return [...new Set(names.filter(n => n !== '.'))].join(', ');
  }
  if (type === 'log' && typeof props.query === 'string') return props.query.split('|')[0].replace(/SOURCE\s+/g, '').trim();
  return '';
}

function unknownProperties(type, props) {
  const known = KNOWN[type];
  if (!known) return [];
  const out = Object.keys(props).filter(key => !known.includes(key)).map(key => 'properties.' + key);
  if (type === 'metric') {
    const annotations = props.annotations || {};
    if (Array.isArray(annotations.vertical) && annotations.vertical.length) out.push('annotations.vertical (moments are not marked)');
    if (props.timezone) out.push('timezone ' + props.timezone + ' (times are shown in UTC)');
    if (props.table) out.push('table options');
    const rightRows = (props.metrics || []).some(row => Array.isArray(row) && row.some(x => x && typeof x === 'object' && x.yAxis === 'right'));
    if (rightRows || (props.yAxis && props.yAxis.right && Object.keys(props.yAxis.right).length)) {
      out.push('the right Y axis (its lines are drawn against the left one)');
    }
    const horizontal = (annotations.horizontal || []).flat();
    if (horizontal.some(a => a && a.fill && a.fill !== 'none')) out.push('annotation fill (the line is drawn, not the shading)');
  }
  return out;
}

// ---------------------------------------------------------------- metric widgets

async function widgetData(context) {
  return api('dashboards/widget-data', { dashboard: context.dashboard, widget: context.index, ...range() });
}

async function metricWidget(context) {
  const { props, body, note, problem } = context;
  const data = await widgetData(context);
  context.reset();
  data.notes.forEach(text => (text.startsWith('not supported here') ? note : problem)(text));
  for (const line of data.series) {
    if (!line.problem) continue;
    // A search row is already listed from the body's unsupported parts.
    if (line.problem.startsWith('not supported here')) {
      if (!context.rowsNoted) note(line.problem);
    } else {
      problem(line.label + ': ' + line.problem);
    }
  }
  if (data.rangeSource !== 'console') body.dataset.range = data.rangeSource;
  if (data.alarms.length) {
    context.card.querySelector('h3')?.append(' ', ...data.alarms.map(a => h('span', { class: 'badge state-' + a.state }, a.state || '?')));
  }
  const lines = data.series.filter(line => !line.problem).map((line, i) => ({ ...line, color: line.color || PALETTE[i % PALETTE.length] }));
  const view = props.view || 'timeSeries';
  const left = (props.yAxis && props.yAxis.left) || {};
  if (view === 'singleValue') return singleValues(body, lines, props);
  if (view === 'gauge') return gauges(body, lines, left);
  if (view === 'bar') return bars(body, lines, left);
  if (view === 'pie') return pie(body, lines);
  if (view === 'table') return valueTable(body, lines);
  return timeSeries(context, lines, data.horizontal, left);
}

function latest(line) {
  return line.points.length ? line.points[line.points.length - 1].value : null;
}

async function timeSeries(context, lines, horizontal, left) {
  const { props, body } = context;
  const thresholds = horizontal.flatMap(a => {
    const one = [{ value: a.value, label: a.label || String(a.value), color: a.color || undefined }];
    if (a.bandValue !== null && a.bandValue !== undefined) one.push({ value: a.bandValue, label: a.bandLabel || String(a.bandValue), color: a.color || undefined });
    return one;
  });
  const label = left.label ? h('div', { class: 'y-label' }, left.label) : null;
  if (label) body.append(label);
  const holder = h('div', { class: 'dash-chart' });
  if (props.legend && props.legend.position === 'hidden') holder.classList.add('legend-hidden');
  body.append(holder);
  const plot = chart(holder, { series: lines.map(l => ({ label: l.label, color: l.color, points: l.points })), thresholds,
    stacked: props.stacked === true, height: 100 });
  if (!plot) return;
  await fit(context.card, holder, plot);
  if (typeof left.min === 'number' || typeof left.max === 'number') {
    const y = plot.scales.y;
    plot.setScale('y', { min: typeof left.min === 'number' ? left.min : y.min, max: typeof left.max === 'number' ? left.max : y.max });
  }
}

/** Sizes a graph to its widget: what is left below the graph's top once the legend has its place. */
async function fit(card, holder, plot) {
  const width = Math.max(120, holder.clientWidth);
  plot.setSize({ width, height: 60 });
  // uPlot applies a size on its next commit; the legend wraps to the width, so it is measured after that.
  await new Promise(resolve => requestAnimationFrame(resolve));
  const legend = plot.root.querySelector('.u-legend');
  const legendHeight = legend && legend.offsetParent ? legend.offsetHeight : 0;
  const room = card.getBoundingClientRect().bottom - holder.getBoundingClientRect().top - legendHeight - 14;
  plot.setSize({ width, height: Math.max(60, Math.floor(room)) });
}

function singleValues(body, lines, props) {
  const full = props.singleValueFullPrecision === true;
  body.append(h('div', { class: 'single-values' }, lines.map(line => {
    const value = latest(line);
    return h('div', { class: 'single-value', 'data-label': line.label },
      h('div', { class: 'big', 'data-value': value === null ? '' : String(value) }, value === null ? '–' : full ? String(value) : num(value)),
      h('div', { class: 'muted' }, line.label),
      props.sparkline ? sparkline(line.points.map(p => p.value)) : null);
  })));
}

const SVG = 'svg:';

function gauges(body, lines, left) {
  const min = typeof left.min === 'number' ? left.min : 0;
  const max = typeof left.max === 'number' ? left.max : 100;
  body.append(h('div', { class: 'single-values' }, lines.map(line => {
    const value = latest(line);
    const share = value === null ? 0 : Math.min(1, Math.max(0, (value - min) / ((max - min) || 1)));
    const angle = Math.PI * (1 - share);
    const x = (100 + 80 * Math.cos(angle)).toFixed(2);
    const y = (100 - 80 * Math.sin(angle)).toFixed(2);
    const svg = h(SVG + 'svg', { class: 'gauge', viewBox: '0 0 200 120', 'data-value': value === null ? '' : String(value) },
      h(SVG + 'path', { d: 'M 20 100 A 80 80 0 0 1 180 100', class: 'gauge-track' }),
      share > 0 ? h(SVG + 'path', { d: 'M 20 100 A 80 80 0 0 1 ' + x + ' ' + y, class: 'gauge-value', stroke: line.color }) : null,
      h(SVG + 'text', { x: 100, y: 92, class: 'gauge-number' }, value === null ? '–' : num(value)),
      h(SVG + 'text', { x: 20, y: 116, class: 'gauge-bound' }, num(min)),
      h(SVG + 'text', { x: 180, y: 116, class: 'gauge-bound' }, num(max)));
    return h('div', { class: 'gauge-box' }, svg, h('div', { class: 'muted' }, line.label));
  })));
}

function bars(body, lines, left) {
  const values = lines.map(latest);
  const top = Math.max(typeof left.max === 'number' ? left.max : 0, ...values.map(v => v || 0)) || 1;
  const width = 300;
  const slot = width / Math.max(1, lines.length);
  const svg = h(SVG + 'svg', { class: 'bars', viewBox: '0 0 ' + width + ' 140' },
    h(SVG + 'line', { x1: 0, y1: 120, x2: width, y2: 120, class: 'axis' }),
    lines.map((line, i) => {
      const v = values[i] || 0;
      const barHeight = Math.max(0, v / top * 100);
      return h(SVG + 'g', { 'data-label': line.label, 'data-value': values[i] === null ? '' : String(values[i]) },
        h(SVG + 'rect', { x: (i * slot + slot * 0.15).toFixed(1), y: (120 - barHeight).toFixed(1), width: (slot * 0.7).toFixed(1),
          height: barHeight.toFixed(1), fill: line.color }, h(SVG + 'title', {}, line.label + ': ' + num(values[i]))),
        h(SVG + 'text', { x: (i * slot + slot / 2).toFixed(1), y: (116 - barHeight).toFixed(1), class: 'bar-value' }, num(values[i])),
        h(SVG + 'text', { x: (i * slot + slot / 2).toFixed(1), y: 134, class: 'bar-label' }, line.label));
    }));
  body.append(svg);
}

function pie(body, lines) {
  const values = lines.map(line => Math.max(0, latest(line) || 0));
  const total = values.reduce((a, b) => a + b, 0);
  const svg = h(SVG + 'svg', { class: 'pie', viewBox: '0 0 200 200' });
  let start = -Math.PI / 2;
  lines.forEach((line, i) => {
    if (!values[i]) return;
    const share = values[i] / total;
    const end = start + share * 2 * Math.PI;
    const slice = share >= 0.9999 ? h(SVG + 'circle', { cx: 100, cy: 100, r: 90, fill: line.color })
      : h(SVG + 'path', { fill: line.color, d: 'M 100 100 L ' + (100 + 90 * Math.cos(start)).toFixed(2) + ' ' + (100 + 90 * Math.sin(start)).toFixed(2)
        + ' A 90 90 0 ' + (share > 0.5 ? 1 : 0) + ' 1 ' + (100 + 90 * Math.cos(end)).toFixed(2) + ' ' + (100 + 90 * Math.sin(end)).toFixed(2) + ' Z' });
    slice.setAttribute('data-label', line.label);
    slice.append(h(SVG + 'title', {}, line.label + ': ' + num(values[i])));
    svg.append(slice);
    start = end;
  });
  body.append(h('div', { class: 'pie-box' }, total > 0 ? svg : h('p', { class: 'muted' }, 'No datapoints in this range.'),
    h('ul', { class: 'pie-legend' }, lines.map((line, i) => {
      const swatch = h('span', { class: 'swatch' });
      swatch.style.background = line.color;
      return h('li', {}, swatch, line.label + ': ' + num(values[i]) + (total ? ' (' + num(values[i] / total * 100) + '%)' : ''));
    }))));
}

function valueTable(body, lines) {
  const stats = points => {
    const values = points.map(p => p.value);
    return values.length ? { min: Math.min(...values), max: Math.max(...values), avg: values.reduce((a, b) => a + b, 0) / values.length } : {};
  };
  body.append(table([{ label: 'Label', value: l => l.label }, { label: 'Latest', value: l => num(latest(l)), num: true },
    { label: 'Minimum', value: l => num(stats(l.points).min), num: true }, { label: 'Maximum', value: l => num(stats(l.points).max), num: true },
    { label: 'Average', value: l => num(stats(l.points).avg), num: true }], lines));
}

// ---------------------------------------------------------------- log widgets

async function logWidget(context) {
  const { props, body, note, problem } = context;
  const data = await widgetData(context);
  context.reset();
  data.notes.forEach(text => (text.startsWith('not supported here') ? note : problem)(text));
  if (data.error) {
    problem(data.error);
    return;
  }
  const bin = data.columns.find(c => /^bin\(/.test(c));
  const numeric = data.columns.filter(c => c !== bin && data.rows.length && data.rows.every(r => r[c] === undefined || r[c] === '' || !Number.isNaN(Number(r[c]))));
  const groups = data.columns.filter(c => c !== bin && !numeric.includes(c));
  const view = props.view || 'table';
  if (bin && numeric.length && view === 'timeSeries') { // CloudWatch draws a log widget as a table unless its view says otherwise
    // stats ... by bin(): a line per statistic (and per group of the other "by" fields).
    const series = new Map();
    for (const row of data.rows) {
      for (const column of numeric) {
        const label = [column, ...groups.map(g => row[g])].filter(Boolean).join(' ');
        if (!series.has(label)) series.set(label, []);
        series.get(label).push({ t: new Date(row[bin].replace(' ', 'T') + (/[zZ]|[+-]\d\d:?\d\d$/.test(row[bin]) ? '' : 'Z')).toISOString(), value: Number(row[column]) });
      }
    }
    const holder = h('div', { class: 'dash-chart' });
    body.append(holder);
    const plot = chart(holder, { series: [...series].map(([label, points]) => ({ label, points: points.sort((a, b) => a.t.localeCompare(b.t)) })),
      stacked: props.stacked === true, height: 100 });
    if (plot) await fit(context.card, holder, plot);
    return;
  }
  if ((view === 'bar' || view === 'pie') && numeric.length) {
    const lines = data.rows.map((row, i) => ({ label: groups.map(g => row[g]).join(' ') || numeric[0],
      color: PALETTE[i % PALETTE.length], points: [{ t: '', value: Number(row[numeric[0]]) }] }));
    return view === 'bar' ? bars(body, lines, {}) : pie(body, lines);
  }
  if (view !== 'table') note('log view ' + view + ' of rows without numbers (shown as a table)');
  body.append(h('p', { class: 'muted' }, data.rows.length + ' rows · ' + data.matched + ' matched of ' + data.scanned + ' scanned'),
    table(data.columns.map(c => ({ label: c, value: row => row[c] ?? '' })), data.rows));
}

// ---------------------------------------------------------------- alarm widgets

async function alarmWidget(context) {
  const data = await widgetData(context);
  context.reset();
  context.body.append(data.alarms.length === 0 ? h('p', { class: 'muted' }, 'No alarm in the states shown.')
    : h('ul', { class: 'alarm-list' }, data.alarms.map(a => h('li', { 'data-alarm': a.name },
      h('span', { class: 'badge state-' + (a.state || 'missing') }, a.state || 'NOT FOUND'), ' ', h('strong', {}, a.name),
      a.updated ? h('span', { class: 'muted' }, ' since ' + time(a.updated)) : null,
      a.reason ? h('div', { class: 'muted reason' }, a.reason) : null))));
}

// ---------------------------------------------------------------- text widgets: a small, safe markdown

function textWidget(context) {
  const { props, body, card } = context;
  context.reset();
  if (props.background === 'transparent') card.classList.add('transparent');
  body.classList.add('markdown');
  body.append(...markdown(typeof props.markdown === 'string' ? props.markdown : ''));
}

/**
 * Markdown to elements: headings, paragraphs, bold and italic, links (http, https, mailto and # only;
 * CloudWatch's [button:...] links too), lists, inline and fenced code, and tables. Anything else,
 * HTML included, stays text.
 */
export function markdown(text) {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out = [];
  let paragraph = [];
  const flush = () => {
    if (paragraph.length) out.push(h('p', {}, inline(paragraph.join(' '))));
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    let m;
    if (/^\s*```/.test(line)) {
      flush();
      const code = [];
      for (i++; i < lines.length && !/^\s*```/.test(lines[i]); i++) code.push(lines[i]);
      out.push(h('pre', {}, h('code', {}, code.join('\n'))));
    } else if ((m = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line))) {
      flush();
      out.push(h('h' + m[1].length, {}, inline(m[2])));
    } else if (line.includes('|') && i + 1 < lines.length && /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(lines[i + 1])) {
      flush();
      const cells = row => row.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map(c => c.trim());
      const head = cells(line);
      const rows = [];
      for (i += 2; i < lines.length && lines[i].includes('|') && lines[i].trim(); i++) rows.push(cells(lines[i]));
      i--;
      out.push(h('table', { class: 'md-table' }, h('thead', {}, h('tr', {}, head.map(c => h('th', {}, inline(c))))),
        h('tbody', {}, rows.map(r => h('tr', {}, head.map((_, k) => h('td', {}, inline(r[k] || ''))))))));
    } else if ((m = /^\s*([-*+]|\d+[.)])\s+/.exec(line))) {
      flush();
      const ordered = /\d/.test(m[1]);
      const items = [];
      for (; i < lines.length && (m = /^\s*([-*+]|\d+[.)])\s+(.*)$/.exec(lines[i])) && /\d/.test(m[1]) === ordered; i++) items.push(m[2]);
      i--;
      out.push(h(ordered ? 'ol' : 'ul', {}, items.map(item => h('li', {}, inline(item)))));
    } else if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flush();
      out.push(h('hr', {}));
    } else if (!line.trim()) {
      flush();
    } else {
      paragraph.push(line.trim());
    }
  }
  flush();
  return out;
}

const INLINE = /`([^`]+)`|\*\*(.+?)\*\*|__(.+?)__|\*([^*\s][^*]*)\*|\b_([^_]+)_\b|\[([^\]]*)\]\(([^)\s]*)\)/g;

function inline(text) {
  const nodes = [];
  let at = 0;
  INLINE.lastIndex = 0;
  const matches = [...text.matchAll(INLINE)];
  for (const m of matches) {
    if (m.index > at) nodes.push(text.slice(at, m.index));
    if (m[1] !== undefined) nodes.push(h('code', {}, m[1]));
    else if (m[2] !== undefined || m[3] !== undefined) nodes.push(h('strong', {}, inline(m[2] ?? m[3])));
    else if (m[4] !== undefined || m[5] !== undefined) nodes.push(h('em', {}, inline(m[4] ?? m[5])));
    else nodes.push(link(m[6], m[7], m[0]));
    at = m.index + m[0].length;
  }
  if (at < text.length) nodes.push(text.slice(at));
  return nodes;
}

function link(label, url, source) {
  if (!/^(https?:|mailto:|#)/i.test(url)) return source; // javascript: and the like stay text
  const button = /^button:(?:(primary):)?(.*)$/.exec(label);
  const external = /^https?:/i.test(url);
  return h('a', { href: url, class: button ? 'md-button' + (button[1] ? ' primary' : '') : undefined,
    target: external ? '_blank' : undefined, rel: external ? 'noopener noreferrer' : undefined }, inline(button ? button[2] : label));
}
