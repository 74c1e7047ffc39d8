// Health: the service health view (each component's status now and a row of its last days, each day
// coloured by the worst status it saw; a day chosen shows its changes) and the account health view
// (upcoming, open and closed events with their affected entities and remediation), with the feeds.
import { api, h, onRefresh, table, time } from '/static/lib.js';

const EVENT_GROUPS = [['open', 'Open issues and notifications'], ['upcoming', 'Upcoming'], ['closed', 'Closed']];

export default {
  async render(root) {
    const overall = h('p', { id: 'health-overall' });
    const feeds = h('p', { id: 'health-feeds', class: 'toolbar' });
    const components = h('div', { id: 'health-components' });
    const day = h('div', { id: 'health-day', class: 'card', hidden: true });
    const events = h('div', { id: 'health-events' });
    const checks = h('div', { id: 'health-checks' });
    root.append(h('h1', {}, 'Health'), overall, feeds, h('h2', {}, 'Service health'), components, day,
      h('h2', {}, 'Events'), events, h('h2', {}, 'Checks'), checks);
    let chosen = null;

    function showDay(component, d) {
      chosen = component + ' ' + d.day;
      for (const cell of components.querySelectorAll('.health-day')) cell.classList.toggle('chosen', cell.dataset.key === chosen);
      day.hidden = false;
      day.replaceChildren(h('h3', {}, component + ' on ' + d.day + ': ', statusText(d.worst)),
        d.changes.length === 0 ? h('p', { class: 'muted' }, 'No change that day.')
          : table([
            { label: 'Time', value: c => time(c.time) },
            { label: 'From', value: c => statusText(c.previous) },
            { label: 'To', value: c => statusText(c.status) },
            { label: 'Reason', value: c => c.reason || '' },
          ], d.changes),
        d.events.length ? h('p', { class: 'muted' }, 'Events: ' + d.events.join(', ')) : null);
    }

    async function load() {
      const o = await api('health/overview');
      overall.replaceChildren('Overall: ', statusText(o.status), h('span', { class: 'muted' }, ' · the last ' + o.days + ' days, UTC'));
      feeds.replaceChildren('Feeds: ', h('a', { href: o.feeds.rss, id: 'health-feed-rss' }, 'RSS'), ' ',
        h('a', { href: o.feeds.atom, id: 'health-feed-atom' }, 'Atom'));
      if (o.components.length === 0) {
        components.replaceChildren(h('p', { class: 'muted' }, 'No components yet. Register a check with monitor.health().register(...).'));
      } else {
        components.replaceChildren(h('table', { class: 'health-table' },
          h('thead', {}, h('tr', {}, ['Component', 'Status', 'Reason', 'History', 'Feed'].map(t => h('th', {}, t)))),
          h('tbody', {}, o.components.map(c => h('tr', { 'data-component': c.name },
            h('td', { class: 'component-name' }, c.name),
            h('td', { class: 'component-status' }, statusText(c.status)),
            h('td', { class: 'reason' }, c.reason || ''),
            h('td', {}, h('div', { class: 'health-days' }, c.days.map(d => h('span', {
              class: 'health-day day-' + d.colour + (chosen === c.name + ' ' + d.day ? ' chosen' : ''),
              'data-key': c.name + ' ' + d.day, 'data-day': d.day, 'data-colour': d.colour,
              title: d.day + ': ' + d.worst + (d.changes.length ? ' (' + d.changes.length + ' changes)' : ''),
              onclick: () => showDay(c.name, d),
            })))),
            h('td', {}, h('a', { href: o.feeds.rss + '?component=' + encodeURIComponent(c.name), class: 'component-feed' }, 'RSS')))))));
      }
      events.replaceChildren(...EVENT_GROUPS.map(([status, title]) => h('section', { 'data-events': status },
        h('h3', {}, title + ' (' + o.events[status].length + ')'),
        o.events[status].length === 0 ? h('p', { class: 'muted' }, 'None.') : o.events[status].map(eventCard))));
      checks.replaceChildren(o.checks.length === 0 ? h('p', { class: 'muted' }, 'No checks.') : table([
        { label: 'Check', value: c => c.name },
        { label: 'Component', value: c => c.component },
        { label: 'Groups', value: c => c.groups.join(', ') },
        { label: 'Status', value: c => statusText(c.status) },
        { label: 'Reason', value: c => c.reason || '' },
        { label: 'Last run', value: c => time(c.lastRun) },
      ], o.checks));
    }

    onRefresh(load);
  },
};

function statusText(status) {
  return h('span', { class: 'health-status health-' + status, 'data-status': status }, status);
}

function eventCard(e) {
  return h('div', { class: 'health-event', 'data-status': e.statusCode, 'data-arn': e.arn },
    h('strong', { class: 'event-code' }, e.eventTypeCode), ' ',
    h('span', { class: 'badge' }, e.category), ' ', h('span', { class: 'badge' }, e.statusCode),
    h('div', { class: 'muted' }, 'Start ' + time(e.startTime) + (e.endTime ? ' · end ' + time(e.endTime) : '')
      + ' · updated ' + time(e.lastUpdatedTime)),
    h('pre', { class: 'event-description' }, e.description),
    h('div', { class: 'event-entities' }, 'Affected: ', e.entities.map(x => h('span', { class: 'badge entity', 'data-entity-status': x.status },
      x.value + ' ' + x.status, ' '))));
}
