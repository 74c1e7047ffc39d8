// Audit: the trail's records looked up by one of LookupEvents' eight attributes over the console's
// range, a page at a time; a chosen record's JSON (as text); the trail's integrity as validate-logs judges it.
import { api, h, onRefresh, range, time } from '/static/lib.js';

const ATTRIBUTES = ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'];

export default {
  async render(root, { rest }) {
    const attribute = h('select', { id: 'audit-attribute' }, h('option', { value: '' }, 'Every record'),
      ATTRIBUTES.map(a => h('option', { value: a }, a)));
    const value = h('input', { type: 'text', id: 'audit-value', placeholder: 'Value to match exactly' });
    const lookup = h('button', { id: 'audit-lookup', type: 'submit' }, 'Look up');
    const form = h('form', { class: 'toolbar', id: 'audit-form' }, h('label', {}, 'Lookup attribute ', attribute), value, lookup);
    const status = h('p', { class: 'muted', id: 'audit-status' });
    const results = h('div', { id: 'audit-results' });
    const more = h('button', { id: 'audit-more', type: 'button', hidden: true }, 'More');
    const record = h('div', { class: 'card', id: 'audit-record', hidden: true });
    const integrity = h('div', { class: 'card', id: 'audit-integrity' }, h('h2', {}, 'Integrity validation'), h('p', { class: 'muted' }, 'Validating…'));
    root.append(h('h1', {}, 'Audit'), integrity, h('div', { class: 'card' }, h('h2', {}, 'Event history'), form, status, results, more),
      record);

    let rows = [];
    let next = null;
    let pinned = null; // the first page's absolute range: a token counts from it, so the next pages use it too
    let paged = false;
    let chosen = rest[0] || null;
    let validated = null;

    async function search(append) {
      const params = { ...(append ? pinned : range()), attribute: attribute.value, value: attribute.value ? value.value : '',
        next: append ? next : '' };
      try {
        const page = await api('audit/lookup', params);
        rows = append ? rows.concat(page.events) : page.events;
        next = page.next;
        if (!append) pinned = { start: page.start, end: page.end };
        more.hidden = !next;
        status.className = 'muted';
        status.textContent = rows.length + (next ? '+' : '') + (rows.length === 1 && !next ? ' record' : ' records') + (page.attribute ? ' where ' + page.attribute + ' is ' + JSON.stringify(page.value) : '')
          + ' from ' + time(page.start) + ' to ' + time(page.end);
        results.replaceChildren(resultTable(rows, show));
      } catch (e) {
        status.className = 'error';
        status.textContent = e.message;
        results.replaceChildren();
        more.hidden = true;
      }
    }

    async function show(row) {
      chosen = row.id;
      history.replaceState(null, '', '#/audit/' + encodeURIComponent(chosen)); // an address to come back to this record
      markChosen();
      record.hidden = false;
      try {
        const found = await api('audit/record/' + encodeURIComponent(chosen));
        record.replaceChildren(h('h2', {}, found.name, ' ', h('span', { class: 'badge' }, found.id)),
          h('p', { class: 'muted' }, time(found.time)),
          h('pre', { id: 'audit-record-json' }, found.json));
      } catch (e) {
        record.replaceChildren(h('p', { class: 'error' }, e.message));
      }
    }

    // Validation hashes every trail file of the range: done when the range changes or on asking, not on each refresh tick.
    async function validate(again) {
      const key = JSON.stringify(range());
      if (!again && key === validated) return;
      validated = key;
      try {
        integrity.replaceChildren(integrityView(await api('audit/integrity', range()), () => validate(true)));
      } catch (e) {
        integrity.replaceChildren(h('p', { class: 'error' }, e.message));
      }
    }

    form.addEventListener('submit', e => { e.preventDefault(); paged = false; search(false); });
    attribute.addEventListener('change', () => { value.disabled = !attribute.value; });
    value.disabled = true;
    more.addEventListener('click', () => { paged = true; search(true); });
    if (chosen) show({ id: chosen });
    // A refresh shows the newest records, unless the reader went on to further pages of the same range; a record never changes.
    let searched = null;
    onRefresh(() => {
      const key = JSON.stringify(range());
      if (key !== searched) paged = false;
      searched = key;
      return Promise.all([paged ? null : search(false).then(() => markChosen()), validate(false)]);
    });

    function markChosen() {
      for (const tr of results.querySelectorAll('tr[data-event-id]')) tr.classList.toggle('selected', tr.dataset.eventId === chosen);
    }
  },
};

function resultTable(rows, choose) {
  if (rows.length === 0) return h('p', { class: 'muted' }, 'No records match in this range.');
  const head = ['Event time', 'Event name', 'User name', 'Event source', 'Resources', 'Read-only', 'Error code'];
  return h('table', { class: 'audit-events' },
    h('thead', {}, h('tr', {}, head.map(t => h('th', {}, t)))),
    h('tbody', {}, rows.map(r => h('tr', { class: 'clickable', 'data-event-id': r.id, onclick: () => choose(r) },
      h('td', {}, time(r.time)), h('td', {}, r.name), h('td', {}, r.user || ''), h('td', {}, r.source),
      h('td', {}, r.resources.map(x => h('div', {}, h('span', { class: 'badge' }, x.type || 'resource'), ' ', x.name))),
      h('td', {}, r.readOnly ? 'true' : 'false'),
      h('td', { class: r.errorCode ? 'error' : undefined }, r.errorCode || '')))));
}

function integrityView(report, again) {
  const cls = { VALID: 'state-OK', INVALID: 'state-ALARM' }[report.status] || 'state-INSUFFICIENT_DATA';
  const view = h('div', {}, h('h2', {}, 'Integrity validation'),
    h('p', {}, h('strong', { class: cls, id: 'audit-integrity-status' }, report.status), ' ', report.message, ' ',
      h('button', { type: 'button', id: 'audit-validate', onclick: again }, 'Validate again')),
    h('p', { class: 'muted' }, 'Validated from ' + time(report.start) + ' to ' + time(report.end)
      + (report.foundStart ? '; results found for ' + time(report.foundStart) + ' to ' + time(report.foundEnd) : '')
      + (report.pendingRecords ? '; ' + report.pendingRecords + ' records still in the journal, in no file yet' : '')));
  if (report.findings.length) {
    // Every file when something is invalid; folded away when all are valid.
    view.append(h('details', { open: report.status === 'INVALID', id: 'audit-findings' }, h('summary', {}, report.findings.length + ' files checked'),
      h('table', { class: 'audit-findings' },
      h('thead', {}, h('tr', {}, ['Kind', 'File', 'Status'].map(t => h('th', {}, t)))),
      h('tbody', {}, report.findings.map(f => h('tr', { class: f.valid ? undefined : 'invalid' },
        h('td', {}, f.kind), h('td', { class: 'file' }, f.file), h('td', { class: f.valid ? 'state-OK' : 'state-ALARM' }, f.status)))))));
  }
  for (const note of report.notes.concat(report.problems)) view.append(h('p', { class: 'muted' }, note));
  return view;
}
