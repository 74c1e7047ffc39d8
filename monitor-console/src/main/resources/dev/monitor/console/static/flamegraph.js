// A flame graph in SVG, after Brendan Gregg's flamegraph.pl: the root at the bottom, each frame as wide as its
// share of the samples, children in name order; click a frame to zoom into it, "Reset zoom" to go back, and
// search (a regular expression, or plain text when it is not one) to highlight the matching frames and show
// their share. A differential graph (Gregg's "red/blue differential flame graphs") is drawn with the widths of
// the newer profile, red where a frame's share grew over the baseline and blue where it shrank.
//
// The console's profiler page imports this module; the standalone files the CLI writes inline it. Names reach
// the page as text nodes and attributes, never as markup. Uses no library.

const FRAME_HEIGHT = 18;
const FONT_WIDTH = 7; // an average character of 12px monospace
const MIN_WIDTH = 0.3; // frames narrower than this (pixels) are not drawn, as flamegraph.pl's --minwidth
const SVG = 'http://www.w3.org/2000/svg';

/**
 * Draws {root: {n, v, b?, c?: [...]}, differential, unit, totals: {target, baseline?}} into container (replacing
 * its content): a toolbar (#flame-search, #flame-reset, #flame-matched), the graph (svg.flame-graph) and a line of
 * details (#flame-details) for the frame under the pointer. Returns {search(text), zoom(name), reset(), zoomedPath(),
 * zoomPath(names)}.
 */
export function flameGraph(container, data, options = {}) {
  const doc = container.ownerDocument;
  const el = (tag, props, ...children) => {
    const node = tag.startsWith('svg:') ? doc.createElementNS(SVG, tag.slice(4)) : doc.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null) continue;
      if (key === 'text') node.textContent = String(value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children) node.append(child instanceof Node ? child : doc.createTextNode(String(child)));
    return node;
  };
  const root = prepare(data.root, null, 0);
  const unit = data.unit || 'samples';
  const totalBase = (data.totals && data.totals.baseline) || 0;
  const maxDelta = data.differential ? walk(root).reduce((max, n) => Math.max(max, Math.abs(delta(n))), 1e-12) : 0;

  const search = el('input', { type: 'search', id: 'flame-search', placeholder: 'Search frames (regular expression)', 'aria-label': 'Search frames' });
  const reset = el('button', { type: 'button', id: 'flame-reset' }, 'Reset zoom');
  const matched = el('span', { id: 'flame-matched', class: 'flame-matched' });
  const details = el('div', { id: 'flame-details', class: 'flame-details' }, 'Point at a frame for its numbers; click it to zoom.');
  const svg = el('svg:svg', { class: 'flame-graph' + (data.differential ? ' differential' : ''), role: 'img' });
  const legend = data.differential
    ? el('div', { class: 'flame-legend' }, el('span', { class: 'flame-grew' }, 'red: share grew'), ' ',
      el('span', { class: 'flame-shrank' }, 'blue: share shrank'), ' over the baseline; widths are the newer range\'s; '
      + 'frames only in the baseline are not drawn.')
    : null;
  container.replaceChildren(el('div', { class: 'flame-toolbar' }, search, reset, matched), svg, details, ...(legend ? [legend] : []));

  let zoomed = root;
  let pattern = null;
  let drawnFrames = []; // [g, rect, node] of each frame drawn, so a search recolours them without redrawing

  function draw() {
    const width = Math.max(320, options.width || container.clientWidth || 1200);
    const depth = maxDepth(zoomed) + zoomed.depth + 1;
    const height = depth * FRAME_HEIGHT + 4;
    svg.replaceChildren();
    drawnFrames = [];
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    let drawn = 0;
    const place = (node, x, w, faded) => {
      if (w < MIN_WIDTH) return;
      const y = height - (node.depth + 1) * FRAME_HEIGHT;
      const g = el('svg:g', { class: 'frame' + (faded ? ' faded' : ''), 'data-name': node.n });
      g.append(el('svg:title', { text: describe(node) }));
      const rect = el('svg:rect', { x: x.toFixed(2), y, width: Math.max(0.1, w - 0.5).toFixed(2), height: FRAME_HEIGHT - 1, rx: 2 });
      g.append(rect);
      paint(g, rect, node);
      drawnFrames.push([g, rect, node]);
      const chars = Math.floor((w - 6) / FONT_WIDTH);
      if (chars >= 3) {
        g.append(el('svg:text', { x: (x + 3).toFixed(2), y: y + FRAME_HEIGHT - 5 },
          node.n.length <= chars ? node.n : node.n.slice(0, chars - 2) + '..'));
      }
      g.addEventListener('click', () => zoom(node));
      g.addEventListener('mouseenter', () => { details.textContent = describe(node); });
      svg.append(g);
      drawn++;
      if (faded) return;
      let childX = x;
      for (const child of node.c) {
        const childW = w * child.v / node.v;
        place(child, childX, childW, false);
        childX += childW;
      }
    };
    // The zoomed frame's ancestors are drawn full width and faded, as flamegraph.pl does.
    for (let a = zoomed.parent; a; a = a.parent) place(a, 0, width, true);
    place(zoomed, 0, width, false);
    svg.dataset.frames = String(drawn);
    reset.disabled = zoomed === root;
    showMatched();
  }

  /** Colours a frame: magenta when the search matches it, else by its name (or its change, when differential). */
  function paint(g, rect, node) {
    const hit = pattern !== null && pattern.test(node.n);
    g.classList.toggle('match', hit);
    g.classList.toggle('dark', data.differential && !hit && Math.abs(delta(node)) / maxDelta > 0.6);
    rect.setAttribute('fill', hit ? '#e040e0' : color(node));
  }

  function showMatched() {
    if (pattern === null) { matched.textContent = ''; return; }
    let sum = 0;
    const visit = node => { if (pattern.test(node.n)) sum += node.v; else node.c.forEach(visit); };
    visit(root);
    matched.textContent = 'Matched: ' + percent(sum / root.v) + ' (' + count(sum) + ' ' + unit + ')';
  }

  function describe(node) {
    const share = node.v / root.v;
    let text = node.n + ': ' + count(node.v) + ' ' + unit + ', ' + percent(share);
    if (node.s > 0) text += ' (self ' + percent(node.s / root.v) + ')';
    if (data.differential) {
      const before = totalBase > 0 ? (node.b || 0) / totalBase : 0;
      const change = share - before;
      text += '; baseline ' + percent(before) + ', ' + (change >= 0 ? '+' : '') + (change * 100).toFixed(2) + ' points';
    }
    return text;
  }

  function delta(node) {
    return node.v / root.v - (totalBase > 0 ? (node.b || 0) / totalBase : 0);
  }

  function color(node) {
    if (data.differential) {
      const d = delta(node) / maxDelta; // -1..1
      const fade = Math.round(255 * (1 - Math.min(1, Math.abs(d))));
      return d >= 0 ? 'rgb(255,' + fade + ',' + fade + ')' : 'rgb(' + fade + ',' + fade + ',255)';
    }
    // flamegraph.pl's "hot" palette, from a hash of the name so a frame keeps its colour between graphs
    const hash = hashOf(node.n);
    const r = 205 + Math.round(50 * (hash % 1000) / 1000);
    const g = Math.round(230 * ((hash >>> 10) % 1000) / 1000);
    const b = Math.round(55 * ((hash >>> 20) % 1000) / 1000);
    return 'rgb(' + r + ',' + g + ',' + b + ')';
  }

  function zoom(node) {
    zoomed = node;
    draw();
  }

  function find(text) {
    if (!text) {
      pattern = null;
    } else {
      try {
        pattern = new RegExp(text);
      } catch (e) {
        pattern = new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      }
    }
    for (const [g, rect, node] of drawnFrames) paint(g, rect, node);
    showMatched();
  }

  search.addEventListener('input', () => find(search.value));
  reset.addEventListener('click', () => zoom(root));
  draw();
  return {
    search: text => { search.value = text; find(text); },
    zoom: name => { const node = walk(root).find(n => n.n === name); if (node) zoom(node); },
    reset: () => zoom(root),
    /** The names from the root's child down to the zoomed frame ([] when not zoomed). */
    zoomedPath: () => { const path = []; for (let n = zoomed; n.parent; n = n.parent) path.unshift(n.n); return path; },
    /** Zooms into the frame at path, or as far down it as the graph goes. */
    zoomPath: path => { let node = root; for (const name of path) { const next = node.c.find(c => c.n === name); if (!next) break; node = next; } zoom(node); },
  };
}

function prepare(node, parent, depth) {
  const prepared = { n: node.n, v: node.v, b: node.b || 0, parent, depth, c: [] };
  prepared.c = (node.c || []).map(child => prepare(child, prepared, depth + 1));
  prepared.s = node.v - prepared.c.reduce((sum, c) => sum + c.v, 0);
  return prepared;
}

function walk(node, all = []) {
  all.push(node);
  node.c.forEach(c => walk(c, all));
  return all;
}

function maxDepth(node) {
  return node.c.reduce((max, c) => Math.max(max, 1 + maxDepth(c)), 0);
}

function hashOf(text) {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}

function percent(share) {
  return (share * 100).toFixed(2) + '%';
}

function count(value) {
  return Number(value).toLocaleString('en-US');
}
