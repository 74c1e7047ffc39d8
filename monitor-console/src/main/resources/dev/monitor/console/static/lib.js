// The console's helpers, shared by every page. Values reach the page as text nodes, never as markup:
// a metric name or a log message holding "<script>" is shown as those characters.

/** An element: h('td', {class: 'num', onclick: f}, 'text', otherNode). */
export function h(tag, props, ...children) {
  const el = tag.startsWith('svg:') ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4)) : document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'text') el.textContent = String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** GET /api/PATH with the given parameters (arrays repeat the name); rejects with the server's message. */
export async function api(path, params = {}) {
  return pending(fetch('/api/' + path + query(params), { headers: { Accept: 'application/json' } }).then(answer));
}

/** POST /api/PATH with a JSON body, carrying the header the server asks of requests that change something. */
export async function post(path, body = {}) {
  return pending(fetch('/api/' + path, {
    method: 'POST', body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', 'X-Monitor-Request': '1', Accept: 'application/json' },
  }).then(answer));
}

// How many API requests are under way, on <html data-pending>: a test (or a person) can tell a page
// that has drawn what it asked for from one still waiting for answers.
let inFlight = 0;

function pending(request) {
  document.documentElement.dataset.pending = String(++inFlight);
  return request.finally(() => { document.documentElement.dataset.pending = String(--inFlight); });
}

async function answer(response) {
  const text = await response.text();
  let body;
  try { body = text ? JSON.parse(text) : {}; } catch (e) { body = { error: text }; }
  if (!response.ok) throw new Error(body.error || response.status + ' ' + response.statusText);
  return body;
}

export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    for (const one of Array.isArray(value) ? value : [value]) search.append(key, one);
  }
  const text = search.toString();
  return text ? '?' + text : '';
}

// The time range and refresh, owned by the shell (console.js) and read by pages.
const state = { range: { start: '-PT3H', end: '' }, refreshers: [], leavers: [] };

/** The chosen range as API parameters: {start: '-PT3H'} or {start: ISO, end: ISO}. */
export function range() {
  return state.range.end ? { start: state.range.start, end: state.range.end } : { start: state.range.start };
}

/** The range's bounds in epoch milliseconds, for charts. */
export function rangeMillis() {
  const now = Date.now();
  const start = state.range.start.startsWith('-') ? now - durationMillis(state.range.start.slice(1)) : Date.parse(state.range.start);
  const end = state.range.end ? Date.parse(state.range.end) : now;
  return { start, end };
}

export function durationMillis(iso) {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m) return 3 * 3600e3;
  return ((+m[1] || 0) * 86400 + (+m[2] || 0) * 3600 + (+m[3] || 0) * 60 + (+m[4] || 0)) * 1000;
}

export function setRange(start, end) {
  state.range = { start, end: end || '' };
  refresh();
}

/** Calls fn now and whenever the range changes or the refresh timer fires, until the page is left. */
export function onRefresh(fn) {
  state.refreshers.push(fn);
  run(fn);
}

/** Calls fn when the page is left (to close streams, timers). */
export function onLeave(fn) {
  state.leavers.push(fn);
}

export function refresh() {
  for (const fn of state.refreshers) run(fn);
}

export function leave() {
  const leavers = state.leavers;
  state.refreshers = [];
  state.leavers = [];
  for (const fn of leavers) { try { fn(); } catch (e) { console.error(e); } }
}

function run(fn) {
  Promise.resolve().then(fn).catch(e => console.error(e));
}

/** Server-sent events from /api/PATH: handlers by event name; closed when the page is left. */
export function stream(path, handlers, params = {}) {
  const source = new EventSource('/api/' + path + query(params));
  for (const [event, fn] of Object.entries(handlers)) {
    source.addEventListener(event, e => fn(JSON.parse(e.data)));
  }
  onLeave(() => source.close());
  return source;
}

/** A table: columns [{label, value: row => text|Node, num: bool}], optional onclick per row. */
export function table(columns, rows, onclick) {
  return h('table', {},
    h('thead', {}, h('tr', {}, columns.map(c => h('th', {}, c.label)))),
    h('tbody', {}, rows.map(row => h('tr', { class: onclick ? 'clickable' : undefined, onclick: onclick ? () => onclick(row) : undefined },
      columns.map(c => h('td', { class: c.num ? 'num' : undefined }, c.value(row)))))));
}

/** A number shown with at most 4 significant digits past the point. */
export function num(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (Math.abs(value) >= 1e6 || (Math.abs(value) < 1e-3 && value !== 0)) return value.toExponential(3);
  return (Math.round(value * 1e4) / 1e4).toLocaleString('en-US', { maximumFractionDigits: 4 });
}

export function time(iso) {
  return iso ? new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
}

/** A small line of values as SVG. */
export function sparkline(values) {
  const svg = h('svg:svg', { class: 'spark', viewBox: '0 0 120 24', preserveAspectRatio: 'none' });
  if (values.length < 2) return svg;
  const min = Math.min(...values), max = Math.max(...values), span = max - min || 1;
  const points = values.map((v, i) => (i * 120 / (values.length - 1)).toFixed(1) + ',' + (22 - (v - min) / span * 20).toFixed(1));
  svg.append(h('svg:polyline', { points: points.join(' ') }));
  return svg;
}

const COLORS = ['#0972d3', '#e07941', '#037f0c', '#b088f5', '#c33d69', '#2ea597', '#8d6605', '#5f6b7a'];

/**
 * A time-series chart with uPlot: series [{label, points: [{t, value}], color}], optional thresholds
 * [{value, label}] drawn as dashed horizontal lines, an optional band {lower, upper, label} (points
 * like a series') filled between its edges, and an optional x range {start, end} in epoch
 * milliseconds (the console's range, so graphs of one page line up). The root carries
 * data-points: how many values of the series were plotted.
 */
export function chart(container, { series, thresholds = [], band, stacked = false, height = 220, title, range: xRange }) {
  container.replaceChildren();
  if (title) container.append(h('div', { class: 'muted' }, title));
  const lines = band ? [...series, { label: band.label ? band.label + ' lower' : 'band lower', points: band.lower, color: '#8d9bab' },
    { label: band.label ? band.label + ' upper' : 'band upper', points: band.upper, color: '#8d9bab' }] : series;
  const times = [...new Set(lines.flatMap(s => s.points.map(p => Date.parse(p.t) / 1000)))].sort((a, b) => a - b);
  if (times.length === 0) {
    container.append(h('p', { class: 'muted' }, 'No datapoints in this range.'));
    return null;
  }
  const index = new Map(times.map((t, i) => [t, i]));
  const data = [times];
  const running = new Array(times.length).fill(0);
  lines.forEach((s, n) => {
    const column = new Array(times.length).fill(null);
    for (const p of s.points) column[index.get(Date.parse(p.t) / 1000)] = p.value;
    if (stacked && n < series.length) for (let i = 0; i < column.length; i++) { running[i] += column[i] || 0; column[i] = running[i]; }
    data.push(column);
  });
  const options = lines.map((s, i) => ({ label: s.label, stroke: s.color || COLORS[i % COLORS.length], width: 1.5, spanGaps: false,
    points: { show: times.length < 60 } }));
  for (const t of thresholds) {
    data.push(times.map(() => t.value));
    options.push({ label: t.label || 'threshold', stroke: t.color || '#d91515', dash: [6, 4], width: 1, points: { show: false } });
  }
  const width = Math.max(300, container.clientWidth || 600);
  const config = { width, height, series: [{}, ...options], legend: { live: false },
    scales: { x: xRange ? { time: true, range: () => [xRange.start / 1000, xRange.end / 1000] }
      // one time alone would make uPlot stretch the axis over years: a minute either side of it
      : times.length === 1 ? { time: true, range: () => [times[0] - 60, times[0] + 60] } : { time: true } } };
  if (band) {
    const upper = series.length + 2, lower = series.length + 1; // uPlot counts the x values as series 0
    config.bands = [{ series: [upper, lower], fill: 'rgba(9, 114, 211, 0.12)' }];
  }
  // eslint-disable-next-line no-undef
  const plot = new uPlot(config, data, container);
  plot.root.dataset.points = String(series.reduce((n, s) => n + s.points.length, 0));
  return plot;
}
