// The console's shell: navigation from the page registry (/api/pages), a hash router that loads
// each page's module (/static/pages/ID.js), and the time range and auto refresh every page reads.
import { api, h, leave, refresh, setRange } from '/static/lib.js';

const main = document.getElementById('page');
const nav = document.getElementById('nav');
let pages = [];
let timer = null;

async function start() {
  try {
    pages = (await api('pages')).pages;
  } catch (e) {
    main.replaceChildren(h('p', { class: 'error' }, 'The console could not list its pages: ' + e.message));
    return;
  }
  nav.replaceChildren(...pages.map(p => h('a', { href: '#/' + p.id, 'data-page': p.id }, p.title)));
  timeControls();
  window.addEventListener('hashchange', route);
  route();
}

async function route() {
  const [id, ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  const page = pages.find(p => p.id === id) || pages[0];
  if (!page) {
    main.replaceChildren(h('p', { class: 'muted' }, 'No pages are installed.'));
    return;
  }
  for (const link of nav.children) link.classList.toggle('active', link.dataset.page === page.id);
  leave();
  const root = h('section', { id: 'page-' + page.id, 'data-page': page.id });
  main.replaceChildren(root);
  document.title = page.title + ' · Monitor';
  try {
    const module = await import('/static/pages/' + page.id + '.js');
    await module.default.render(root, { rest: rest.map(decodeURIComponent), title: page.title });
  } catch (e) {
    root.replaceChildren(h('p', { class: 'error' }, 'The page could not be shown: ' + e.message));
  }
  root.dataset.rendered = 'true';
}

function timeControls() {
  const range = document.getElementById('range');
  const absolute = document.getElementById('absolute');
  const from = document.getElementById('from');
  const to = document.getElementById('to');
  range.addEventListener('change', () => {
    absolute.hidden = range.value !== 'custom';
    if (range.value === 'custom') {
      const now = new Date();
      to.value = now.toISOString().slice(0, 19);
      from.value = new Date(now - 3600e3).toISOString().slice(0, 19);
    } else {
      setRange(range.value);
    }
  });
  document.getElementById('apply').addEventListener('click', () => {
    if (from.value && to.value) setRange(from.value + 'Z', to.value + 'Z');
  });
  const every = document.getElementById('refresh');
  const schedule = () => {
    clearInterval(timer);
    const seconds = Number(every.value);
    if (seconds > 0) timer = setInterval(refresh, seconds * 1000);
  };
  every.addEventListener('change', schedule);
  document.getElementById('reload').addEventListener('click', refresh);
  schedule();
}

start();
