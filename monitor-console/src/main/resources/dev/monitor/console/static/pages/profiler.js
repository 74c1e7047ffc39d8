// Profiler: a group's flame graph (CPU, allocation or lock) over the console's range, or what changed against the
// range before it; the recommendations with their matching stacks; the latest heap summary; the anomalies.
import { api, h, num, onRefresh, range, table, time } from '/static/lib.js';
import { flameGraph } from '/static/flamegraph.js';

const KINDS = [['cpu', 'CPU'], ['alloc', 'Allocation'], ['lock', 'Lock contention']];

export default {
  async render(root) {
    if (!document.querySelector('link[href="/static/flamegraph.css"]')) {
      document.head.append(h('link', { rel: 'stylesheet', href: '/static/flamegraph.css' }));
    }
    const group = h('select', { id: 'profiler-group', 'aria-label': 'Profiling group' });
    const kind = h('select', { id: 'profiler-kind', 'aria-label': 'Kind' }, KINDS.map(([v, label]) => h('option', { value: v }, label)));
    const diff = h('input', { type: 'checkbox', id: 'profiler-diff' });
    const summary = h('p', { id: 'profiler-summary', class: 'muted' });
    const flame = h('div', { id: 'profiler-flame' });
    const problems = h('div', { id: 'profiler-problems', class: 'error' });
    const recommendations = h('div', { id: 'profiler-recommendations' });
    const stacks = h('div', { id: 'profiler-stacks' });
    const heap = h('div', { id: 'profiler-heap' });
    const anomalies = h('div', { id: 'profiler-anomalies' });
    root.append(h('h1', {}, 'Profiler'),
      h('div', { class: 'toolbar' }, h('label', {}, 'Group ', group), h('label', {}, 'Profile ', kind),
        h('label', {}, diff, ' Compare with the previous range (red grew, blue shrank)')),
      h('div', { class: 'card' }, summary, flame, problems),
      h('h2', {}, 'Recommendations'), recommendations, stacks,
      h('h2', {}, 'Heap summary'), heap,
      h('h2', {}, 'Anomalies'), anomalies);

    let graph = null;
    let shown = '';
    let shownKind = '';

    async function load() {
      const groups = (await api('profiler/groups')).groups;
      const chosen = group.value;
      if (group.options.length !== groups.length || groups.some((g, i) => group.options[i].value !== g.name)) {
        group.replaceChildren(...groups.map(g => h('option', { value: g.name }, g.name)));
        if (groups.some(g => g.name === chosen)) group.value = chosen;
      }
      if (groups.length === 0) {
        summary.textContent = 'No profiles yet: the profiler writes them under <data-dir>/profiles once it is enabled (profiler.enabled: true).';
        flame.replaceChildren();
        return;
      }
      const params = { group: group.value, ...range() };
      const [data, recs, summaryOfHeap, found] = await Promise.all([
        api('profiler/flamegraph', { ...params, kind: kind.value, compare: diff.checked ? 'previous' : '' }),
        api('profiler/recommendations', params), api('profiler/heap', params), api('profiler/anomalies', params)]);
      showFlame(data);
      showRecommendations(recs);
      showHeap(summaryOfHeap);
      showAnomalies(found);
      const all = [...data.problems, ...recs.problems, ...summaryOfHeap.problems, ...found.problems];
      problems.replaceChildren(...all.slice(0, 20).map(p => h('div', {}, 'Skipped: ' + p)),
        ...(all.length > 20 ? [h('div', {}, '… and ' + (all.length - 20) + ' more')] : []));
    }

    function showFlame(data) {
      const label = KINDS.find(([v]) => v === data.kind)[1];
      summary.textContent = label + ' profile of ' + data.group + ', ' + time(data.start) + ' to ' + time(data.end) + ': '
        + data.intervals + ' interval(s), ' + num(data.totals.target) + ' ' + data.unit
        + (data.differential ? '; compared with ' + time(data.baselineStart) + ' to ' + time(data.baselineEnd)
          + ' (' + num(data.totals.baseline) + ' ' + data.unit + ')' : '');
      if (data.totals.target === 0) {
        flame.replaceChildren(h('p', { class: 'muted', id: 'profiler-empty' }, 'No ' + label.toLowerCase() + ' samples in this range.'));
        graph = null;
        shown = '';
        return;
      }
      // A refresh keeps the search and, while the profile's kind stays, the zoom; the same profile is not redrawn.
      const key = JSON.stringify([data.kind, data.differential, data.totals, data.root]);
      if (graph && key === shown) return;
      const searched = graph ? flame.querySelector('#flame-search').value : '';
      const path = graph && shownKind === data.kind ? graph.zoomedPath() : [];
      graph = flameGraph(flame, data);
      shown = key;
      shownKind = data.kind;
      if (path.length) graph.zoomPath(path);
      if (searched) graph.search(searched);
    }

    function showRecommendations(answer) {
      const rows = answer.reports.flatMap(report => report.recommendations.map(r => ({ ...r, start: report.start, end: report.end })));
      if (rows.length === 0) {
        recommendations.replaceChildren(h('p', { class: 'muted' }, 'No recommendations in this range.'));
        stacks.replaceChildren();
        return;
      }
      recommendations.replaceChildren(table([
        { label: 'Recommendation', value: r => h('strong', {}, r.name) },
        { label: 'Kind', value: r => r.kind || '' },
        { label: 'Share', value: r => pct(r.share), num: true },
        { label: 'Threshold', value: r => pct(r.threshold), num: true },
        { label: 'Est. CPU share', value: r => pct(r.estimatedCpuShare), num: true },
        { label: 'Est. cost / year', value: r => r.estimatedYearlyCostUsd === null ? '–' : '$' + num(r.estimatedYearlyCostUsd), num: true },
        { label: 'Resolution', value: r => r.resolution || '' },
        { label: 'Interval', value: r => time(r.start) + ' – ' + time(r.end) },
      ], rows, r => showStacks(r)));
    }

    function showStacks(r) {
      stacks.replaceChildren(h('h3', {}, 'Matching stacks of ' + r.name),
        table([
          { label: 'Stack (root first; click to find its last frame in the flame graph)', value: s => h('code', { class: 'profiler-stack' }, s.stack) },
          { label: 'Count', value: s => num(s.count), num: true },
        ], r.matchingStacks, s => {
          const frames = s.stack.split(';');
          if (graph) graph.search(frames[frames.length - 1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
        }));
    }

    function showHeap(answer) {
      const s = answer.summary;
      if (!s) {
        heap.replaceChildren(h('p', { class: 'muted' }, 'No heap summary in this range.'));
        return;
      }
      heap.replaceChildren(h('p', { class: 'muted' }, 'Taken ' + time(s.time) + ' (' + answer.summaries + ' in the range)'),
        table([
          { label: 'Class', value: e => e.className },
          { label: 'Instances', value: e => num(e.instances), num: true },
          { label: 'Change', value: e => change(e.instancesChange), num: true },
          { label: 'Bytes', value: e => bytes(e.bytes), num: true },
          { label: 'Change', value: e => e.bytesChange === null ? '–' : (e.bytesChange > 0 ? '+' : '') + bytes(e.bytesChange), num: true },
        ], s.entries));
    }

    function showAnomalies(answer) {
      anomalies.replaceChildren(answer.anomalies.length === 0 ? h('p', { class: 'muted' }, 'No anomalies in this range.')
        : table([
          { label: 'Function', value: a => h('code', {}, a.function) },
          { label: 'Kind', value: a => a.kind || '' },
          { label: 'Expected share', value: a => pct(a.expectedShare), num: true },
          { label: 'Observed share', value: a => pct(a.observedShare), num: true },
          { label: 'From', value: a => time(a.start) },
          { label: 'To', value: a => time(a.end) },
        ], answer.anomalies));
    }

    const reload = () => load().catch(e => { summary.textContent = ''; problems.replaceChildren(h('div', {}, e.message)); });
    group.addEventListener('change', reload);
    kind.addEventListener('change', reload);
    diff.addEventListener('change', reload);
    onRefresh(load);
  },
};

function pct(share) {
  return share === null || share === undefined ? '–' : (share * 100).toFixed(2) + '%';
}

function change(value) {
  return value === null || value === undefined ? '–' : (value > 0 ? '+' : '') + num(value);
}

function bytes(value) {
  const abs = Math.abs(value);
  if (abs >= 1 << 30) return num(value / (1 << 30)) + ' GiB';
  if (abs >= 1 << 20) return num(value / (1 << 20)) + ' MiB';
  if (abs >= 1 << 10) return num(value / (1 << 10)) + ' KiB';
  return value + ' B';
}
