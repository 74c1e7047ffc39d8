// Logs: the log groups and their streams, a live tail of the events as they are written (by
// server-sent events, with a filter pattern), and a Logs Insights query box over the console's
// range whose answer is a table and, for `stats ... by bin(...)`, a chart.
import { api, chart, h, onLeave, onRefresh, range, stream, table, time } from '/static/lib.js';

/** The most tailed events kept on the page; older ones are dropped from the bottom. */
const TAIL_KEPT = 500;
/** The most rows of a query's answer put in the table (an answer holds up to 10,000). */
const ROWS_SHOWN = 1000;
const DEFAULT_QUERY = 'fields @timestamp, @logStream, @message\n| sort @timestamp desc\n| limit 100';

export default {
  async render(root) {
    const groupSelect = h('select', { id: 'log-groups', multiple: true, size: 3, 'aria-label': 'Log groups' });
    const groupsTable = h('div', { id: 'log-group-table' });
    root.append(h('h1', {}, 'Logs'),
      h('div', { class: 'card' }, h('h2', {}, 'Log groups'), groupsTable,
        h('label', { class: 'toolbar' }, 'Groups to tail and query ', groupSelect)));

    // Live tail
    const filter = h('input', { type: 'text', id: 'tail-filter', placeholder: 'Filter pattern: ERROR, { $.level = "WARN" } …' });
    const prefix = h('input', { type: 'text', id: 'tail-prefix', placeholder: 'Stream prefix' });
    const toggle = h('button', { type: 'button', id: 'tail-toggle' }, 'Stop');
    const apply = h('button', { type: 'button', id: 'tail-apply' }, 'Apply');
    const clear = h('button', { type: 'button', id: 'tail-clear' }, 'Clear');
    const status = h('span', { class: 'muted', id: 'tail-status' }, 'Starting…');
    const tailRows = h('tbody', { id: 'tail-events' });
    root.append(h('div', { class: 'card' }, h('h2', {}, 'Live tail'),
      h('div', { class: 'toolbar' }, filter, prefix, apply, toggle, clear, status),
      h('div', { class: 'tail-box' }, h('table', { class: 'tail' },
        h('thead', {}, h('tr', {}, ['Time', 'Group', 'Stream', 'Level', 'Logger', 'Message'].map(t => h('th', {}, t)))), tailRows))));

    // Logs Insights
    const queryText = h('textarea', { id: 'query-text', rows: 4, spellcheck: 'false' });
    queryText.value = DEFAULT_QUERY;
    const run = h('button', { type: 'button', id: 'query-run' }, 'Run query');
    const queryStatus = h('span', { class: 'muted', id: 'query-status' });
    const queryError = h('pre', { class: 'error', id: 'query-error', hidden: true });
    const queryChart = h('div', { class: 'chart', id: 'query-chart', hidden: true });
    const queryResults = h('div', { id: 'query-results' });
    root.append(h('div', { class: 'card' }, h('h2', {}, 'Logs Insights'), queryText,
      h('div', { class: 'toolbar' }, run, h('span', { class: 'muted' }, 'over the console’s time range · Ctrl+Enter runs'), queryStatus),
      queryError, queryChart, queryResults));

    let groups = [];
    let source = null;
    const chosenGroups = () => [...groupSelect.selectedOptions].map(o => o.value);

    function stopTail(text) {
      if (source) source.close();
      source = null;
      toggle.textContent = 'Start';
      status.textContent = text;
    }

    function startTail() {
      stopTail('Connecting…');
      toggle.textContent = 'Stop';
      const params = { group: chosenGroups(), filter: filter.value, streamPrefix: prefix.value };
      source = stream('logs/tail', {
        started: s => { status.textContent = 'Tailing ' + s.groups.join(', ') + (s.filter ? ' matching ' + s.filter : ''); },
        problem: p => { stopTail(''); status.replaceChildren(h('span', { class: 'error', id: 'tail-problem' }, p.error)); },
        events: batch => {
          for (const e of batch.events) tailRows.prepend(tailRow(e));
          while (tailRows.children.length > TAIL_KEPT) tailRows.lastChild.remove();
          if (batch.sampled) status.textContent = 'Sampled: ' + batch.events.length + ' of ' + batch.matched + ' events in a second';
        },
      }, params);
      source.onerror = () => { if (source) status.textContent = 'Reconnecting…'; };
    }

    toggle.addEventListener('click', () => (source ? stopTail('Stopped') : startTail()));
    apply.addEventListener('click', startTail);
    filter.addEventListener('keydown', e => { if (e.key === 'Enter') startTail(); });
    clear.addEventListener('click', () => tailRows.replaceChildren());
    onLeave(() => stopTail(''));

    async function runQuery() {
      run.disabled = true;
      queryError.hidden = true;
      queryStatus.textContent = 'Running…';
      try {
        const answer = await api('logs/query', { query: queryText.value, group: chosenGroups(), ...range() });
        queryStatus.textContent = answer.rows.length + ' rows · ' + answer.recordsMatched + ' matched of ' + answer.recordsScanned
          + ' scanned (' + answer.bytesScanned + ' bytes)' + (answer.problems.length ? ' · ' + answer.problems.length + ' files could not be read' : '');
        const shown = answer.rows.slice(0, ROWS_SHOWN);
        queryResults.replaceChildren(h('div', {}, answer.rows.length === 0 ? h('p', { class: 'muted' }, 'No rows.')
          : table(answer.fields.map(f => ({ label: f, value: row => row[f] ?? '' })), shown),
          shown.length < answer.rows.length ? h('p', { class: 'muted' }, 'The first ' + ROWS_SHOWN + ' rows are shown; add | limit to see others.') : null));
        queryChart.hidden = !answer.chart;
        if (answer.chart) chart(queryChart, { series: answer.chart, title: 'Bins of the query' });
      } catch (e) {
        queryStatus.textContent = '';
        queryError.hidden = false;
        queryError.textContent = e.message;
        queryResults.replaceChildren();
        queryChart.hidden = true;
      } finally {
        run.disabled = false;
      }
    }

    run.addEventListener('click', runQuery);
    queryText.addEventListener('keydown', e => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); runQuery(); } });

    let first = true;
    onRefresh(async () => {
      const answer = await api('logs/groups');
      const chosen = first ? [answer.defaultGroup] : chosenGroups();
      groups = answer.groups;
      groupSelect.replaceChildren(...groups.map(g => h('option', { value: g.name, selected: chosen.includes(g.name) }, g.name)));
      groupsTable.replaceChildren(table([
        { label: 'Log group', value: g => g.name },
        { label: 'Stored', value: g => bytes(g.storedBytes), num: true },
        { label: 'Last written', value: g => time(g.lastIngestionTime) },
        { label: 'Streams', value: g => g.streams.map(s => h('span', { class: 'badge', 'data-stream': s.name, title: s.files + ' files' },
          s.name + ' · ' + bytes(s.storedBytes))) },
      ], groups));
      if (first) {
        first = false;
        startTail();
      }
    });
  },
};

function bytes(n) {
  if (n < 1024) return n + ' B';
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KiB';
  return (n / 1024 / 1024).toFixed(1) + ' MiB';
}

function tailRow(e) {
  let level = '', logger = '', message = e.message;
  try {
    const parsed = JSON.parse(e.message);
    if (parsed && typeof parsed === 'object') {
      level = parsed.level || '';
      logger = parsed.logger || '';
      message = typeof parsed.message === 'string' ? parsed.message : e.message;
    }
  } catch (ignored) {
    // a line that is not JSON is shown whole
  }
  return h('tr', { class: 'tail-event', title: e.message },
    h('td', {}, time(e.timestamp)), h('td', {}, e.logGroupIdentifier), h('td', {}, e.logStreamName),
    h('td', { class: 'level-' + String(level).toUpperCase() }, level), h('td', {}, logger), h('td', { class: 'message' }, message));
}
