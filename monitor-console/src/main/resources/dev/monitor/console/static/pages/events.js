// Events: the buses; the chosen bus's rules (pattern or schedule, state, targets) with their AWS/Events
// metrics over the console's range; archives and replays; discovered schemas (a version's content on
// click); and the dead letters of targets that failed: what, why and when.
import { api, h, num, onRefresh, range, sparkline, time } from '/static/lib.js';

const SHOWN = [['MatchedEvents', 'Matched'], ['Invocations', 'Invocations'], ['FailedInvocations', 'Failed'],
  ['DeadLetterInvocations', 'Not invoked'], ['InvocationsSentToDlq', 'To DLQ']];

export default {
  async render(root, { rest }) {
    const buses = h('div', { class: 'toolbar', id: 'events-buses' });
    const rules = h('div', { id: 'events-rules' });
    const archives = h('div', { id: 'events-archives' });
    const schemas = h('div', { id: 'events-schemas' });
    const schema = h('div', { class: 'card', id: 'events-schema', hidden: true });
    const letters = h('div', { id: 'events-dead-letters' });
    const letter = h('div', { class: 'card', id: 'events-dead-letter', hidden: true });
    root.append(h('h1', {}, 'Events'),
      h('div', { class: 'card' }, h('h2', {}, 'Event buses'), buses, rules),
      h('div', { class: 'card' }, h('h2', {}, 'Dead letters'), letters), letter,
      h('div', { class: 'card' }, h('h2', {}, 'Discovered schemas'), schemas), schema,
      h('div', { class: 'card' }, h('h2', {}, 'Archives and replays'), archives));
    let bus = rest[0] || 'default';
    let chosenSchema = null;

    async function loadBuses() {
      const list = (await api('events/buses')).buses;
      if (!list.some(b => b.name === bus)) bus = 'default';
      buses.replaceChildren(...list.map(b => h('button', { type: 'button', class: b.name === bus ? 'bus active' : 'bus', 'data-bus': b.name,
        onclick: () => { bus = b.name; history.replaceState(null, '', '#/events/' + encodeURIComponent(bus)); loadBuses(); loadRules(); } }, b.name, ' ', h('span', { class: 'badge' }, b.rules + (b.rules === 1 ? ' rule' : ' rules')))));
    }

    async function loadRules() {
      try {
        const answer = await api('events/rules', { bus, ...range() });
        rules.replaceChildren(ruleTable(answer));
      } catch (e) {
        rules.replaceChildren(h('p', { class: 'error' }, e.message));
      }
    }

    async function loadArchives() {
      const answer = await api('events/archives');
      archives.replaceChildren(
        answer.archives.length === 0 ? h('p', { class: 'muted' }, 'No archives.') : h('table', { class: 'events-archives' },
          h('thead', {}, h('tr', {}, ['Archive', 'Bus', 'Pattern', 'Retention', 'Description'].map(t => h('th', {}, t)))),
          h('tbody', {}, answer.archives.map(a => h('tr', { 'data-archive': a.name },
            h('td', {}, a.name), h('td', {}, a.eventSourceBus || a.bus), h('td', {}, code(a.eventPattern || 'every event')),
            h('td', {}, a.retentionDays ? a.retentionDays + ' days' : 'indefinitely'), h('td', {}, a.description || ''))))),
        answer.replays.length === 0 ? '' : h('table', { class: 'events-replays' },
          h('thead', {}, h('tr', {}, ['Replay', 'State', 'Events replayed', 'From', 'To', 'Started', 'Ended'].map(t => h('th', {}, t)))),
          h('tbody', {}, answer.replays.map(r => h('tr', {},
            h('td', {}, r.name), h('td', {}, r.state, r.stateReason ? ' (' + r.stateReason + ')' : ''), h('td', { class: 'num' }, r.eventsReplayed),
            h('td', {}, time(r.eventStartTime)), h('td', {}, time(r.eventEndTime)), h('td', {}, time(r.replayStartTime)),
            h('td', {}, time(r.replayEndTime)))))));
    }

    async function loadSchemas() {
      const answer = await api('events/schemas');
      const left = Object.entries(answer.leftOut).filter(([, n]) => n > 0);
      schemas.replaceChildren(
        h('p', { class: 'muted' }, 'Registry ' + answer.registry + (left.length ? '; left out: ' + left.map(([k, n]) => k + ' ' + n).join(', ') : '')),
        answer.schemas.length === 0 ? h('p', { class: 'muted' }, 'No schemas discovered yet.') : h('table', { class: 'events-schemas' },
          h('thead', {}, h('tr', {}, ['Schema', 'Versions', 'Last modified'].map(t => h('th', {}, t)))),
          h('tbody', {}, answer.schemas.map(s => h('tr', { class: 'clickable', 'data-schema': s.schemaName, onclick: () => showSchema(s.schemaName) },
            h('td', {}, s.schemaName), h('td', { class: 'num' }, s.versionCount), h('td', {}, time(s.lastModified)))))));
      for (const file of answer.unreadableFiles) schemas.append(h('p', { class: 'error' }, file));
    }

    async function showSchema(name, version) {
      chosenSchema = name;
      schema.hidden = false;
      try {
        const answer = await api('events/schema/' + encodeURIComponent(name), { version });
        const pick = h('select', { id: 'events-schema-version' }, answer.versions.map(v =>
          h('option', { value: v, selected: v === answer.schema.schemaVersion }, 'Version ' + v)));
        pick.addEventListener('change', () => showSchema(name, pick.value));
        schema.replaceChildren(h('h2', {}, answer.schema.schemaName), h('div', { class: 'toolbar' }, pick,
          h('span', { class: 'muted' }, answer.schema.type + ', created ' + time(answer.schema.versionCreatedDate))),
          h('pre', { id: 'events-schema-content' }, answer.schema.content));
      } catch (e) {
        schema.replaceChildren(h('p', { class: 'error' }, e.message));
      }
    }

    async function loadDeadLetters() {
      try {
        const answer = await api('events/dead-letters', range());
        letters.replaceChildren(deadLetterTable(answer, showLetter));
        for (const problem of answer.problems) letters.append(h('p', { class: 'error' }, problem));
      } catch (e) {
        letters.replaceChildren(h('p', { class: 'error' }, e.message));
      }
    }

    function showLetter(l) {
      letter.hidden = false;
      letter.replaceChildren(h('h2', {}, 'Dead letter of ', l.rule, ' at ', time(l.time)),
        h('dl', { class: 'events-attributes' }, ...[['RULE_ARN', l.ruleArn], ['TARGET_ARN', l.targetArn], ['ERROR_CODE', l.errorCode],
          ['ERROR_MESSAGE', l.errorMessage], ['EXHAUSTED_RETRY_CONDITION', l.exhaustedRetryCondition], ['RETRY_ATTEMPTS', l.retryAttempts]]
          .filter(([, v]) => v !== null && v !== undefined).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))])),
        h('pre', { id: 'events-dead-letter-event' }, l.event));
    }

    onRefresh(async () => {
      await Promise.all([loadBuses().then(loadRules), loadDeadLetters(), loadSchemas(), loadArchives()]);
      if (chosenSchema) showSchema(chosenSchema);
    });
  },
};

function code(text) {
  return h('code', { class: 'events-code' }, text);
}

function ruleTable(answer) {
  if (answer.rules.length === 0) return h('p', { class: 'muted' }, 'The bus ' + answer.bus + ' has no rules.');
  const period = answer.period >= 3600 ? answer.period / 3600 + ' h' : answer.period / 60 + ' min';
  return h('table', { class: 'events-rules' },
    h('thead', {}, h('tr', {}, ['Rule', 'State', 'Pattern or schedule', 'Targets', ...SHOWN.map(([, label]) => label),
      'Invocations per ' + period].map(t => h('th', {}, t)))),
    h('tbody', {}, answer.rules.map(r => h('tr', { 'data-rule': r.name },
      h('td', {}, h('strong', {}, r.name), r.description ? h('div', { class: 'muted' }, r.description) : ''),
      h('td', { class: r.state === 'ENABLED' ? 'state-OK' : 'state-INSUFFICIENT_DATA' }, r.state),
      h('td', {}, r.schedule ? code(r.schedule) : code(r.eventPattern)),
      h('td', {}, r.targets.map(t => h('div', {}, h('span', { class: 'badge' }, t.kind), ' ', t.id, t.destination ? ' → ' + t.destination : ''))),
      ...SHOWN.map(([name]) => h('td', { class: 'num', 'data-metric': name }, num(r.metrics[name].total))),
      h('td', { class: 'events-spark' }, sparkline(perPeriod(answer, r.metrics.Invocations.points)))))));
}

// A value for every period of the range, 0 where there were none: a counter's quiet periods are zeros on the graph.
function perPeriod(answer, points) {
  const start = Date.parse(answer.start);
  const step = answer.period * 1000;
  const values = new Array(Math.max(1, Math.ceil((Date.parse(answer.end) - start) / step))).fill(0);
  for (const p of points) {
    const i = Math.floor((Date.parse(p.t) - start) / step);
    if (i >= 0 && i < values.length) values[i] += p.value;
  }
  return values;
}

function deadLetterTable(answer, choose) {
  if (answer.deadLetters.length === 0) return h('p', { class: 'muted' }, 'No dead letters in this range.');
  return h('div', {},
    answer.total > answer.deadLetters.length ? h('p', { class: 'muted' }, 'The newest ' + answer.deadLetters.length + ' of ' + answer.total) : '',
    h('table', { class: 'events-dead-letters' },
      h('thead', {}, h('tr', {}, ['Time', 'Bus', 'Rule', 'Target', 'Event', 'Error code', 'Error message', 'Retries'].map(t => h('th', {}, t)))),
      h('tbody', {}, answer.deadLetters.map(l => h('tr', { class: 'clickable', 'data-event-id': l.eventId || '', onclick: () => choose(l) },
        h('td', {}, time(l.time)), h('td', {}, l.bus), h('td', {}, l.rule), h('td', { class: 'file' }, l.targetArn || ''),
        h('td', {}, (l.source || '') + ' / ' + (l.detailType || '')), h('td', { class: 'error' }, l.errorCode || ''),
        h('td', {}, l.errorMessage || ''), h('td', { class: 'num' }, l.retryAttempts ?? ''))))));
}
