// The topology drawn as a layered graph, left to right: entry points (routes, schedules, buckets) first, each
// resource one column after the first thing that leads to it. Plain SVG, no library: the page works offline.

const SVG = 'http://www.w3.org/2000/svg';
const NODE_WIDTH = 230;
const NODE_HEIGHT = 40;
const COLUMN_GAP = 90;
const ROW_GAP = 14;
const MARGIN = 20;

export const KIND_COLOURS = {
  route: 'var(--route)',
  schedule: 'var(--schedule)',
  bucket: 'var(--bucket)',
  function: 'var(--function)',
  bus: 'var(--bus)',
  rule: 'var(--rule)',
  queue: 'var(--queue)',
  stream: 'var(--stream)',
  table: 'var(--table)',
  archive: 'var(--archive)',
};

const ENTRY_KINDS = new Set(['route', 'schedule', 'bucket']);
/** Edges that say what leads to what; `uses` (a function's environment) leads too, so writes show the way to streams. */
const FLOW_EDGES = new Set(['route', 'rule', 'target', 'esm', 'schedule', 'notification', 'uses', 'archive', 'dead-letter', 'on-failure', 'on-success']);

/** Column of each node: breadth-first distance from the entry points; what no entry reaches goes by its kind. */
function columns(graph) {
  const out = new Map(graph.nodes.map((n) => [n.id, []]));
  for (const edge of graph.edges) if (FLOW_EDGES.has(edge.kind)) out.get(edge.from)?.push(edge);
  // Dead-letter edges are followed last, so a queue is placed by its consumers' flow before its DLQ is.
  for (const list of out.values())
    list.sort((a, b) => Number(a.kind === 'dead-letter' || a.kind === 'on-failure') - Number(b.kind === 'dead-letter' || b.kind === 'on-failure'));
  const column = new Map();
  let frontier = graph.nodes.filter((n) => ENTRY_KINDS.has(n.kind)).map((n) => n.id);
  for (const id of frontier) column.set(id, 0);
  let depth = 0;
  while (frontier.length > 0) {
    depth += 1;
    const next = [];
    for (const id of frontier) {
      for (const edge of out.get(id) ?? []) {
        if (!column.has(edge.to)) {
          column.set(edge.to, depth);
          next.push(edge.to);
        }
      }
    }
    frontier = next;
  }
  const fallback = { stream: 1, function: 2, table: 3, bus: 4, rule: 5, queue: 6, archive: 5 };
  for (const node of graph.nodes) if (!column.has(node.id)) column.set(node.id, fallback[node.kind] ?? depth);
  return column;
}

/** Positions: columns from `columns`, rows ordered by the mean row of what leads to each node (fewer crossings). */
export function layout(graph) {
  const column = columns(graph);
  const byColumn = new Map();
  for (const node of graph.nodes) {
    const c = column.get(node.id);
    if (!byColumn.has(c)) byColumn.set(c, []);
    byColumn.get(c).push(node);
  }
  const row = new Map();
  const incoming = new Map(graph.nodes.map((n) => [n.id, []]));
  for (const edge of graph.edges) incoming.get(edge.to)?.push(edge.from);
  const ordered = [...byColumn.keys()].sort((a, b) => a - b);
  for (const c of ordered) {
    const nodes = byColumn.get(c);
    const weight = (node) => {
      const rows = incoming
        .get(node.id)
        .filter((from) => row.has(from))
        .map((from) => row.get(from));
      return rows.length > 0 ? rows.reduce((a, b) => a + b, 0) / rows.length : Number.POSITIVE_INFINITY;
    };
    nodes.sort((a, b) => weight(a) - weight(b) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
    for (const [index, node] of nodes.entries()) row.set(node.id, index);
  }
  const positions = new Map();
  let height = 0;
  ordered.forEach((c, index) => {
    const nodes = byColumn.get(c);
    nodes.forEach((node, r) => {
      const x = MARGIN + index * (NODE_WIDTH + COLUMN_GAP);
      const y = MARGIN + r * (NODE_HEIGHT + ROW_GAP);
      positions.set(node.id, { x, y });
      height = Math.max(height, y + NODE_HEIGHT + MARGIN);
    });
  });
  const width = MARGIN * 2 + ordered.length * (NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP;
  return { positions, width, height };
}

function element(name, attributes = {}, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  parent?.appendChild(node);
  return node;
}

/** A name that fits a node: the end of a long construct path. */
function shorten(text, max = 34) {
  return text.length <= max ? text : `…${text.slice(text.length - max + 1)}`;
}

/**
 * Draws the graph into `svg`; returns `update(counts)` for live queue counts and `select(id)`.
 * `onSelect(node)` is called when a node is clicked.
 */
export function drawGraph(svg, graph, onSelect) {
  const { positions, width, height } = layout(graph);
  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  const defs = element('defs', {}, svg);
  const marker = element(
    'marker',
    { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' },
    defs,
  );
  element('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#9aa3af' }, marker);

  const edgeLayer = element('g', {}, svg);
  for (const edge of graph.edges) {
    const from = positions.get(edge.from);
    const to = positions.get(edge.to);
    if (!from || !to) continue;
    const forward = to.x > from.x;
    const x1 = forward ? from.x + NODE_WIDTH : from.x + NODE_WIDTH / 2;
    const y1 = forward ? from.y + NODE_HEIGHT / 2 : from.y + NODE_HEIGHT;
    const x2 = forward ? to.x : to.x + NODE_WIDTH / 2;
    const y2 = forward ? to.y + NODE_HEIGHT / 2 : to.y + NODE_HEIGHT;
    const bend = forward ? Math.max(40, (x2 - x1) / 2) : 60;
    const d = forward
      ? `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`
      : `M ${x1} ${y1} C ${x1} ${y1 + bend}, ${x2} ${y2 + bend}, ${x2} ${y2}`;
    const path = element('path', { d, class: `edge ${edge.kind}`, 'marker-end': 'url(#arrow)' }, edgeLayer);
    const title = element('title', {}, path);
    title.textContent = `${edge.kind}${edge.label ? `: ${edge.label}` : ''}`;
  }

  const nodeLayer = element('g', {}, svg);
  const groups = new Map();
  for (const node of graph.nodes) {
    const position = positions.get(node.id);
    const group = element(
      'g',
      { class: `node ${node.kind}`, transform: `translate(${position.x} ${position.y})`, 'data-id': node.id, 'data-name': node.name },
      nodeLayer,
    );
    const colour = node.deadLetter ? 'var(--dlq)' : KIND_COLOURS[node.kind];
    // Colours through the CSSOM: presentation attributes take no var(), and the page's CSP no style attribute.
    element('rect', { width: NODE_WIDTH, height: NODE_HEIGHT }, group).style.stroke = colour;
    const band = element('rect', { width: 5, height: NODE_HEIGHT }, group);
    band.style.fill = colour;
    band.style.stroke = 'none';
    const kind = element('text', { x: 12, y: 14, class: 'kind' }, group);
    kind.textContent = node.deadLetter ? 'dead letters' : node.kind;
    const name = element('text', { x: 12, y: 30 }, group);
    name.textContent = shorten(node.name);
    const count = element('text', { x: NODE_WIDTH - 8, y: 14, class: 'count', 'text-anchor': 'end' }, group);
    const title = element('title', {}, group);
    title.textContent = `${node.name}\n${node.physicalName}${node.detail ? `\n${node.detail}` : ''}`;
    group.addEventListener('click', () => onSelect(node));
    groups.set(node.id, { group, count, node });
  }

  return {
    update(counts) {
      for (const { arn, waiting, inFlight } of counts) {
        const entry = groups.get(arn);
        if (!entry) continue;
        const total = waiting + inFlight;
        entry.count.textContent = total > 0 ? `${waiting} waiting${inFlight ? `, ${inFlight} in flight` : ''}` : '';
        entry.count.style.fill = entry.node.deadLetter ? 'var(--bad)' : 'var(--queue)';
        entry.group.classList.toggle('has-dead-letters', entry.node.deadLetter === true && total > 0);
      }
    },
    select(id) {
      for (const [key, { group }] of groups) group.classList.toggle('selected', key === id);
    },
  };
}
