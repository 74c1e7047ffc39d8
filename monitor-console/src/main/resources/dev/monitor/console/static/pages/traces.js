// Traces: the X-Ray service map (clients, then services, left to right by call depth; each node's
// ring coloured by its fault, error and throttle shares), the traces matching a filter expression,
// and a chosen trace's timeline: one row per segment or subsegment on a shared time axis.
// #/traces/ID opens a trace directly.
import { api, h, num, onRefresh, range, time } from '/static/lib.js';

const NODE_R = 26;
const COLUMN = 230;
const ROW = 120;
const PARTS = [['ok', 'ok'], ['errorShare', 'error'], ['throttleShare', 'throttle'], ['faultShare', 'fault']];

export default {
  async render(root, { rest }) {
    const status = h('p', { id: 'trace-status', class: 'muted', hidden: true });
    const map = h('div', { id: 'trace-map', class: 'trace-map' });
    const filter = h('input', { type: 'text', id: 'trace-filter', placeholder: 'Filter expression, e.g. service("orders") AND fault', spellcheck: 'false' });
    const apply = h('button', { id: 'trace-filter-apply', type: 'button' }, 'Filter');
    const clear = h('button', { id: 'trace-filter-clear', type: 'button' }, 'Clear');
    const filterError = h('p', { id: 'trace-filter-error', class: 'error', hidden: true });
    const count = h('span', { id: 'trace-count', class: 'muted' });
    const list = h('div', { id: 'trace-list' });
    const detail = h('div', { id: 'trace-detail', class: 'card', hidden: true });
    root.append(h('h1', {}, 'Traces'), status,
      h('div', { class: 'card' }, h('h2', {}, 'Service map'), legend(), map),
      h('div', { class: 'card' }, h('h2', {}, 'Traces'),
        h('form', { class: 'toolbar', id: 'trace-filter-form', onsubmit: e => { e.preventDefault(); load(); } }, filter, apply, clear, count),
        filterError, list),
      detail);

    let chosen = rest[0] || null;
    apply.addEventListener('click', () => load());
    clear.addEventListener('click', () => { filter.value = ''; load(); });

    const byService = name => {
      filter.value = 'service("' + name.replace(/["\\]/g, '\\$&') + '")';
      load();
    };

    async function load() {
      let answer;
      try {
        answer = await api('traces/list', { filter: filter.value.trim(), ...range() });
      } catch (e) {
        filterError.hidden = false;
        filterError.textContent = e.message;
        return;
      }
      filterError.hidden = true;
      if (!answer.tracing) return;
      count.textContent = answer.matched + ' of ' + answer.processed + ' traces'
        + (answer.traces.length < answer.matched ? ' (the newest ' + answer.traces.length + ' shown)' : '');
      list.replaceChildren(traceTable(answer.traces, chosen, id => open(id)));
    }

    async function open(id) {
      chosen = id;
      history.replaceState(null, '', '#/traces/' + encodeURIComponent(id));
      for (const row of list.querySelectorAll('tr[data-trace]')) row.classList.toggle('selected', row.dataset.trace === id);
      detail.hidden = false;
      detail.replaceChildren(h('h2', {}, 'Trace ', h('code', {}, id)), h('p', { class: 'muted' }, 'Loading…'));
      try {
        showTrace(detail, await api('traces/trace/' + encodeURIComponent(id)));
      } catch (e) {
        detail.replaceChildren(h('h2', {}, 'Trace ', h('code', {}, id)), h('p', { class: 'error' }, e.message));
      }
    }

    onRefresh(async () => {
      const graph = await api('traces/map', range());
      if (!graph.tracing) {
        status.hidden = false;
        status.textContent = graph.message;
        map.replaceChildren(h('p', { class: 'muted' }, 'No service map: tracing is off.'));
        list.replaceChildren();
        return;
      }
      drawMap(map, graph, byService);
      await load();
    });
    if (chosen) open(chosen);
  },
};

function legend() {
  return h('div', { class: 'trace-legend muted' },
    PARTS.map(([, part]) => h('span', {}, h('span', { class: 'swatch part-' + part }), part === 'ok' ? 'OK' : part[0].toUpperCase() + part.slice(1))));
}

/** Call depth of every node: clients at 0, then one more per call; what no client reaches starts a column of its own. */
function depths(nodes, edges) {
  const depth = new Map();
  const out = new Map(nodes.map(n => [n.id, []]));
  const incoming = new Set(edges.map(e => e.target));
  for (const e of edges) if (out.has(e.source)) out.get(e.source).push(e.target);
  let frontier = nodes.filter(n => n.client || !incoming.has(n.id)).map(n => n.id);
  if (frontier.length === 0 && nodes.length) frontier = [nodes[0].id];
  for (const id of frontier) depth.set(id, 0);
  while (frontier.length) {
    const next = [];
    for (const id of frontier) {
      for (const target of out.get(id) || []) {
        if (!depth.has(target)) { depth.set(target, depth.get(id) + 1); next.push(target); }
      }
    }
    frontier = next;
    if (!frontier.length) {
      const left = nodes.find(n => !depth.has(n.id));
      if (left) { depth.set(left.id, 0); frontier = [left.id]; }
    }
  }
  return depth;
}

function drawMap(container, graph, onNode) {
  if (!graph.nodes.length) {
    container.replaceChildren(h('p', { class: 'muted' }, 'No traces in this range.'));
    return;
  }
  const depth = depths(graph.nodes, graph.edges);
  const columns = [];
  for (const node of graph.nodes) (columns[depth.get(node.id)] ||= []).push(node);
  const place = new Map();
  const tallest = Math.max(...columns.map(c => (c || []).length));
  columns.forEach((column, d) => (column || []).forEach((node, i) => {
    const offset = (tallest - column.length) * ROW / 2;
    place.set(node.id, { x: 90 + d * COLUMN, y: 50 + offset + i * ROW });
  }));
  const width = 90 + (columns.length - 1) * COLUMN + 140;
  const height = tallest * ROW + 20;
  const svg = h('svg:svg', { class: 'service-map', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': 'Service map' },
    h('svg:defs', {}, h('svg:marker', { id: 'trace-arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse' },
      h('svg:path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow' }))));
  const names = new Map(graph.nodes.map(n => [n.id, n.name]));
  for (const edge of graph.edges) {
    const a = place.get(edge.source), b = place.get(edge.target);
    if (!a || !b) continue;
    const x1 = a.x + NODE_R, y1 = a.y, x2 = b.x - NODE_R - 2, y2 = b.y;
    const bend = Math.max(40, Math.abs(x2 - x1) / 2);
    const label = ms(edge.latency ? edge.latency.average * 1000 : null) + ' · ' + edge.counts.requests + (edge.counts.requests === 1 ? ' call' : ' calls');
    svg.append(h('svg:g', { class: 'edge' + worst(edge.counts), 'data-edge': names.get(edge.source) + '->' + names.get(edge.target) },
      h('svg:title', {}, names.get(edge.source) + ' → ' + names.get(edge.target) + ': ' + label),
      h('svg:path', { d: `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`, 'marker-end': 'url(#trace-arrow)' }),
      h('svg:text', { x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 6, 'text-anchor': 'middle', class: 'edge-label' }, label)));
  }
  for (const node of graph.nodes) {
    const { x, y } = place.get(node.id);
    const g = h('svg:g', { class: 'node' + (node.client ? ' client' : ' clickable') + worst(node.counts), 'data-node': node.name,
      transform: `translate(${x} ${y})`, tabindex: node.client ? undefined : 0 },
      h('svg:title', {}, tooltip(node)),
      h('svg:circle', { r: NODE_R, class: 'node-fill' }));
    if (!node.client) g.append(...ring(node.counts));
    g.append(h('svg:text', { y: 5, 'text-anchor': 'middle', class: 'node-count' }, node.counts.requests),
      h('svg:text', { y: NODE_R + 18, 'text-anchor': 'middle', class: 'node-name' }, node.client ? 'Clients' : node.name),
      h('svg:text', { y: NODE_R + 34, 'text-anchor': 'middle', class: 'node-detail' },
        node.client ? '' : ms(node.latency.average * 1000) + ' avg · ' + pct(node.counts.faultShare) + ' faults'));
    if (!node.client) {
      g.addEventListener('click', () => onNode(node.name));
      g.addEventListener('keydown', e => { if (e.key === 'Enter') onNode(node.name); });
    }
    svg.append(g);
  }
  container.replaceChildren(svg);
}

/** The node's ring: one arc per part, in proportion to its share of the requests. */
function ring(counts) {
  const c = 2 * Math.PI * NODE_R;
  const okShare = counts.requests ? counts.ok / counts.requests : 1;
  const shares = { ok: okShare, errorShare: counts.errorShare, throttleShare: counts.throttleShare, faultShare: counts.faultShare };
  let at = 0;
  const arcs = [];
  for (const [key, part] of PARTS) {
    const share = shares[key];
    if (!share) continue;
    arcs.push(h('svg:circle', { r: NODE_R, class: 'ring part-' + part, transform: 'rotate(-90)',
      'stroke-dasharray': `${(share * c).toFixed(2)} ${c.toFixed(2)}`, 'stroke-dashoffset': (-at * c).toFixed(2) }));
    at += share;
  }
  return arcs;
}

function worst(counts) {
  if (counts.faults) return ' has-fault';
  if (counts.errors) return ' has-error';
  if (counts.throttles) return ' has-throttle';
  return '';
}

function tooltip(node) {
  const c = node.counts;
  return (node.client ? 'Clients' : node.name + ' (' + node.type + ')') + '\n' + c.requests + ' requests: ' + c.ok + ' OK, '
    + c.faults + ' faults (' + pct(c.faultShare) + '), ' + c.errors + ' errors (' + pct(c.errorShare) + '), '
    + c.throttles + ' throttles (' + pct(c.throttleShare) + ')'
    + (node.latency ? '\naverage ' + ms(node.latency.average * 1000) + ', p99 ' + ms(node.latency.p99 * 1000) : '')
    + (node.client ? '' : '\nClick to list its traces');
}

function pct(share) {
  return num(Math.round(share * 1000) / 10) + '%';
}

function ms(value) {
  if (value === null || value === undefined) return '–';
  return value >= 1000 ? num(value / 1000) + ' s' : num(Math.round(value * 10) / 10) + ' ms';
}

function response(t) {
  const flags = [t.hasFault && ['fault', 'Fault'], t.hasError && ['error', 'Error'], t.hasThrottle && ['throttle', 'Throttle'],
    t.partial && ['partial', 'In progress']].filter(Boolean);
  return [t.httpStatus == null ? '' : String(t.httpStatus), ...flags.map(([cls, text]) => h('span', { class: 'badge flag-' + cls }, text))];
}

function annotationBadges(annotations) {
  return Object.entries(annotations || {}).flatMap(([key, values]) =>
    values.map(v => h('span', { class: 'badge annotation' }, key + '=' + v)));
}

function traceTable(traces, chosen, choose) {
  if (!traces.length) return h('p', { class: 'muted' }, 'No traces match in this range.');
  const head = ['ID', 'Started', 'Duration', 'Response', 'Service', 'Method', 'URL', 'Annotations'];
  return h('table', { class: 'trace-list' },
    h('thead', {}, h('tr', {}, head.map(t => h('th', {}, t)))),
    h('tbody', {}, traces.map(t => h('tr', { class: 'clickable' + (t.id === chosen ? ' selected' : ''), 'data-trace': t.id, onclick: () => choose(t.id) },
      h('td', {}, h('code', {}, t.id)), h('td', {}, time(t.startTime)), h('td', { class: 'num' }, ms(t.duration * 1000)),
      h('td', {}, response(t)), h('td', {}, t.entryPoint || ''), h('td', {}, t.httpMethod || ''),
      h('td', { class: 'url' }, t.httpUrl || ''), h('td', {}, annotationBadges(t.annotations))))));
}

/** Every entity with its depth, parents before children, in the order they started. */
function flatten(entities, depth = 0, out = []) {
  for (const e of entities) {
    out.push({ entity: e, depth });
    flatten(e.children, depth + 1, out);
  }
  return out;
}

function showTrace(container, trace) {
  const rows = flatten(trace.roots);
  const total = Math.max(trace.duration * 1000, ...rows.map(r => r.entity.offset + r.entity.duration), 0.001);
  const info = h('div', { id: 'trace-entity', class: 'trace-entity', hidden: true });
  const axis = h('div', { class: 'wf-axis' }, [0, 0.25, 0.5, 0.75, 1].map(f => {
    const tick = h('span', { class: 'wf-tick' + (f === 0 ? ' first' : f === 1 ? ' last' : '') }, ms(total * f));
    tick.style.left = (f * 100) + '%';
    return tick;
  }));
  const body = h('div', { class: 'waterfall', id: 'waterfall' },
    h('div', { class: 'wf-row wf-head' }, h('div', { class: 'wf-name' }, 'Segment / subsegment'), h('div', { class: 'wf-status' }, 'Status'),
      h('div', { class: 'wf-timeline' }, axis)));
  for (const { entity, depth } of rows) {
    const bar = h('div', { class: 'wf-bar ' + state(entity) }, h('span', { class: 'wf-label' }, ms(entity.duration)));
    bar.style.left = (entity.offset / total * 100) + '%';
    bar.style.width = Math.max(entity.duration / total * 100, 0.2) + '%';
    const name = h('div', { class: 'wf-name' }, h('span', { class: 'badge kind-' + entity.kind }, entity.kind === 'segment' ? 'segment' : 'sub'),
      ' ', entity.name,
      Object.keys(entity.annotations || {}).length ? h('span', { class: 'wf-mark', title: 'annotations' }, ' ✎') : '',
      entity.exceptions.length ? h('span', { class: 'wf-mark error', title: 'exceptions' }, ' ⚠') : '');
    name.style.paddingLeft = (4 + depth * 18) + 'px';
    const row = h('div', { class: 'wf-row clickable', 'data-entity': entity.id, 'data-name': entity.name, 'data-depth': depth, tabindex: 0 },
      name, h('div', { class: 'wf-status' }, entity.status == null ? '' : String(entity.status)), h('div', { class: 'wf-timeline' }, bar));
    const select = () => {
      for (const other of body.querySelectorAll('.wf-row.selected')) other.classList.remove('selected');
      row.classList.add('selected');
      showEntity(info, entity);
    };
    row.addEventListener('click', select);
    row.addEventListener('keydown', e => { if (e.key === 'Enter') select(); });
    body.append(row);
  }
  container.replaceChildren(
    h('h2', {}, 'Trace ', h('code', {}, trace.id)),
    h('p', { class: 'muted' }, 'Started ' + time(trace.start) + ' · ' + ms(trace.duration * 1000) + ' · ' + trace.segments
      + (trace.segments === 1 ? ' segment, ' : ' segments, ') + (trace.entities - trace.segments) + ' subsegments. '
      + 'Click a row for its annotations, metadata and exceptions.'),
    body, info);
}

function state(entity) {
  if (entity.fault) return 'fault';
  if (entity.error && entity.throttle) return 'throttle';
  if (entity.error) return 'error';
  if (entity.inProgress) return 'partial';
  return 'ok';
}

function showEntity(container, e) {
  container.hidden = false;
  const facts = [['Name', e.name], ['Kind', e.kind], ['Service', e.service], ['Namespace', e.namespace], ['Origin', e.origin],
    ['User', e.user], ['Start', time(e.start)], ['Offset', ms(e.offset)], ['Duration', ms(e.duration)],
    ['Status', [e.fault && 'fault', e.error && 'error', e.throttle && 'throttle', e.inProgress && 'in progress'].filter(Boolean).join(', ') || 'OK']]
    .filter(([, v]) => v !== null && v !== undefined && v !== '');
  const sections = [h('h3', {}, e.name),
    h('table', { class: 'facts' }, h('tbody', {}, facts.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, String(v))))))];
  const annotations = Object.entries(e.annotations || {});
  sections.push(h('h4', {}, 'Annotations'), annotations.length
    ? h('table', { class: 'annotations' }, h('tbody', {}, annotations.map(([k, v]) =>
      h('tr', { 'data-annotation': k }, h('th', {}, k), h('td', {}, typeof v === 'string' ? v : JSON.stringify(v))))))
    : h('p', { class: 'muted' }, 'None.'));
  if (e.exceptions.length) {
    sections.push(h('h4', {}, 'Exceptions'), ...e.exceptions.map(x => h('div', { class: 'exception' },
      h('div', {}, h('strong', { class: 'error' }, x.type || 'Exception'), x.remote ? ' (remote)' : '', ': ', x.message || ''),
      x.stack.length ? h('pre', {}, x.stack.join('\n') + (x.skipped ? '\n… ' + x.skipped + ' more' : '')) : '')));
  }
  for (const [title, value] of [['HTTP', e.http], ['Metadata', e.metadata], ['SQL', e.sql], ['AWS', e.aws]]) {
    if (value && Object.keys(value).length) sections.push(h('h4', {}, title), h('pre', {}, JSON.stringify(value, null, 2)));
  }
  container.replaceChildren(...sections);
}
