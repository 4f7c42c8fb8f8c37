// The explorer page: everything comes from the runtime's admin API under ./api/, live updates through one
// server-sent event stream (./api/feed). Text from the app is only ever set as textContent, never as HTML.
import { drawGraph, KIND_COLOURS } from './graph.js';

/** State-changing requests carry this header: the endpoint refuses admin POSTs without it (a page of another site cannot add it). */
const ADMIN_HEADER = { 'x-eventful-admin': 'explorer' };

const state = {
  graph: { nodes: [], edges: [] },
  nodes: new Map(),
  /** Physical names (functions, rules) and ARNs → the node, for readable names everywhere. */
  byName: new Map(),
  observations: new Map(),
  counts: [],
  selectedEvent: undefined,
  graphView: undefined,
  traceId: '',
};

const $ = (selector) => document.querySelector(selector);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child !== undefined && child !== null) node.append(child instanceof Node ? child : String(child));
  return node;
}

async function api(path, init = {}) {
  const response = await fetch(`api/${path}`, init);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.message ?? `${response.status} ${response.statusText}`);
  return body;
}

const post = (path, body) => api(path, { method: 'POST', headers: { ...ADMIN_HEADER, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });

/** A resource's readable name from a physical name or ARN. */
function nameOf(nameOrArn) {
  if (!nameOrArn) return '';
  return state.byName.get(nameOrArn)?.name ?? nameOrArn.split(':').pop();
}

function time(at) {
  return new Date(at).toISOString().slice(11, 23);
}

// ---- Views -----------------------------------------------------------------------------------------------

const VIEWS = ['topology', 'events', 'trace', 'dead-letters', 'schedules', 'archive', 'playground', 'tables'];

function show() {
  const [view = 'topology', ...rest] = location.hash.slice(1).split('/');
  const current = VIEWS.includes(view) ? view : 'topology';
  for (const name of VIEWS) $(`#view-${name}`).hidden = name !== current;
  for (const link of document.querySelectorAll('#tabs a[data-view]')) link.classList.toggle('active', link.dataset.view === current);
  if (current === 'events') renderEvents();
  if (current === 'trace') {
    if (rest.length > 0) openTrace(decodeURIComponent(rest.join('/')));
    else renderTrace();
  }
  if (current === 'dead-letters') renderDeadLetters();
  if (current === 'schedules') renderSchedules();
  if (current === 'archive') renderArchives();
  if (current === 'tables') renderTables();
}

// ---- Topology --------------------------------------------------------------------------------------------

function renderTopology() {
  const legend = $('#legend');
  legend.replaceChildren(
    ...[...Object.entries(KIND_COLOURS), ['dead letters', 'var(--dlq)']].map(([kind, colour]) => {
      // Through the CSSOM: the page's Content-Security-Policy allows no inline style attribute.
      const swatch = el('i');
      swatch.style.background = colour;
      return el('span', {}, swatch, kind);
    }),
  );
  state.graphView = drawGraph($('#graph'), state.graph, selectNode);
  state.graphView.update(state.counts);
}

function selectNode(node) {
  state.graphView.select(node.id);
  const panel = $('#node-detail');
  panel.hidden = false;
  const edgesOut = state.graph.edges.filter((e) => e.from === node.id);
  const edgesIn = state.graph.edges.filter((e) => e.to === node.id);
  const describe = (edge, id) => el('li', {}, `${edge.kind}${edge.label ? ` (${edge.label})` : ''}: ${state.nodes.get(id)?.name ?? id}`);
  const count = state.counts.find((c) => c.arn === node.id);
  panel.replaceChildren(
    el('h2', {}, node.name),
    el('p', {}, el('strong', {}, node.deadLetter ? 'dead letters' : node.kind), ` · ${node.physicalName}`),
    count ? el('p', {}, `${count.waiting} waiting, ${count.inFlight} in flight, ${count.delayed} delayed`) : null,
    node.detail ? el('pre', {}, prettyMaybe(node.detail)) : null,
    edgesIn.length
      ? el(
          'div',
          {},
          el('strong', {}, 'From'),
          el(
            'ul',
            {},
            edgesIn.map((e) => describe(e, e.from)),
          ),
        )
      : null,
    edgesOut.length
      ? el(
          'div',
          {},
          el('strong', {}, 'To'),
          el(
            'ul',
            {},
            edgesOut.map((e) => describe(e, e.to)),
          ),
        )
      : null,
  );
}

function prettyMaybe(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

// ---- Live events -----------------------------------------------------------------------------------------

function eventFilters() {
  const form = new FormData($('#event-filters'));
  return {
    detailType: String(form.get('detailType') ?? '')
      .trim()
      .toLowerCase(),
    source: String(form.get('source') ?? '')
      .trim()
      .toLowerCase(),
    correlationId: String(form.get('correlationId') ?? '').trim(),
  };
}

function eventMatches(event, filters) {
  return (
    (!filters.detailType || event.detailType.toLowerCase().includes(filters.detailType)) &&
    (!filters.source || event.source.toLowerCase().includes(filters.source)) &&
    (!filters.correlationId || event.correlationIds.some((id) => id.includes(filters.correlationId)))
  );
}

function deliverySummary(event) {
  const last = new Map();
  for (const delivery of event.deliveries) last.set(`${delivery.ruleName}/${delivery.targetId}`, delivery);
  const statuses = [...last.values()].map((d) => d.status);
  if (statuses.length === 0) return el('span', { class: 'no-match' }, event.rules && event.rules.length === 0 ? 'no rule matched' : '—');
  const worst = ['dropped', 'dead-lettered', 'retrying', 'delivered'].find((s) => statuses.includes(s));
  return el(
    'span',
    { class: `status-${worst}` },
    `${statuses.filter((s) => s === 'delivered').length}/${statuses.length} delivered${worst !== 'delivered' ? ` (${worst})` : ''}`,
  );
}

function renderEventRow(event) {
  const row = el(
    'tr',
    {
      'data-seq': event.seq,
      'data-detail-type': event.detailType,
      class: state.selectedEvent === event.seq ? 'selected' : undefined,
      onclick: () => selectEvent(event.seq),
    },
    el('td', {}, time(event.at)),
    el('td', {}, event.detailType, event.replayName ? el('span', { class: 'pill' }, 'replay') : null),
    el('td', {}, event.source),
    el(
      'td',
      {},
      event.correlationIds[0]
        ? el('a', { href: `#trace/${encodeURIComponent(event.correlationIds[0])}`, onclick: (e) => e.stopPropagation() }, event.correlationIds[0])
        : '',
    ),
    el('td', {}, event.rules ? String(event.rules.length) : ''),
    el('td', {}, deliverySummary(event)),
  );
  return row;
}

function renderEvents() {
  const filters = eventFilters();
  const events = [...state.observations.values()].filter((o) => o.kind === 'event' && eventMatches(o, filters)).reverse();
  $('#event-list tbody').replaceChildren(...events.slice(0, 300).map(renderEventRow));
  if (state.selectedEvent !== undefined) renderEventDetail();
}

function selectEvent(seq) {
  state.selectedEvent = seq;
  renderEvents();
}

function renderEventDetail() {
  const event = state.observations.get(state.selectedEvent);
  const panel = $('#event-detail');
  if (!event) {
    panel.hidden = true;
    return;
  }
  panel.hidden = false;
  panel.replaceChildren(
    el('h2', {}, `${event.detailType}`),
    el('p', {}, `${event.source} on bus ${event.busName} · ${new Date(event.at).toISOString()}`),
    event.correlationIds[0]
      ? el('p', {}, 'Trace: ', el('a', { href: `#trace/${encodeURIComponent(event.correlationIds[0])}` }, event.correlationIds[0]))
      : null,
    el('strong', {}, 'Rules matched'),
    el(
      'ul',
      {},
      (event.rules ?? []).map((rule) => el('li', {}, nameOf(rule))),
    ),
    el('strong', {}, 'Deliveries'),
    el(
      'ul',
      { class: 'deliveries' },
      event.deliveries.map((d) =>
        el(
          'li',
          { class: `status-${d.status}` },
          `${nameOf(d.ruleName)} → ${nameOf(d.targetArn)}: ${d.status}${d.attempt ? ` (attempt ${d.attempt})` : ''}${d.error ? ` — ${d.error}` : ''}`,
        ),
      ),
    ),
    el('strong', {}, event.truncated ? 'Event (cut)' : 'Event'),
    el('pre', { class: 'event-json' }, prettyMaybe(event.json)),
  );
}

// ---- Trace -----------------------------------------------------------------------------------------------

function renderRecentCorrelations() {
  const ids = [];
  for (const o of [...state.observations.values()].reverse()) {
    for (const id of o.correlationIds) if (!ids.includes(id)) ids.push(id);
    if (ids.length >= 30) break;
  }
  $('#recent-correlations').replaceChildren(...ids.map((id) => el('option', { value: id })));
}

function openTrace(id) {
  state.traceId = id;
  $('#trace-id').value = id;
  renderTrace();
}

function traceObservations() {
  const id = state.traceId;
  if (!id) return [];
  // A correlation id, or an id the events carry (an order id): then the flows of every event that mentions it.
  const all = [...state.observations.values()];
  const quoted = JSON.stringify(id);
  const mentioned = id.length >= 6 ? all.filter((o) => o.kind === 'event' && o.json.includes(quoted)).flatMap((o) => o.correlationIds) : [];
  const ids = new Set([id, ...mentioned]);
  const found = all.filter((o) => o.correlationIds.some((c) => ids.has(c)));
  const requestIds = new Set(found.filter((o) => o.kind === 'invocation').map((o) => o.requestId));
  const linked = all.filter((o) => o.kind === 'http' && requestIds.has(o.functionRequestId));
  return [...new Map([...found, ...linked].map((o) => [o.seq, o])).values()].sort((a, b) => a.at - b.at || a.seq - b.seq);
}

function renderTraceEntry(o, start) {
  const offset = el('span', { class: 'offset' }, `+${o.at - start} ms`);
  switch (o.kind) {
    case 'http':
      return el(
        'li',
        { class: `http ${o.status >= 500 ? 'failed' : ''}`, 'data-kind': 'http' },
        offset,
        el('span', { class: 'kind' }, 'HTTP'),
        `${o.method} ${o.path} → ${o.status} in ${o.latencyMs} ms`,
        o.error ? el('div', { class: 'reason' }, o.error) : null,
      );
    case 'event':
      return el(
        'li',
        {
          class: `event ${o.deliveries.some((d) => d.status === 'dead-lettered' || d.status === 'dropped') ? 'failed' : o.deliveries.some((d) => d.status === 'retrying') ? 'retried' : ''}`,
          'data-kind': 'event',
          'data-detail-type': o.detailType,
        },
        offset,
        el('span', { class: 'kind' }, 'Event'),
        `${o.detailType} from ${o.source} on bus ${o.busName}`,
        o.replayName ? el('span', { class: 'pill' }, `replay ${o.replayName}`) : null,
        el(
          'ul',
          { class: 'sub' },
          o.rules && o.rules.length === 0 ? el('li', { class: 'no-match' }, 'no rule matched') : null,
          (o.rules ?? []).map((rule) => {
            const deliveries = o.deliveries.filter((d) => d.ruleName === rule);
            return el(
              'li',
              {},
              `rule ${nameOf(rule)} → `,
              deliveries.length === 0
                ? 'delivering…'
                : deliveries.map((d) => el('span', { class: `status-${d.status}` }, `${nameOf(d.targetArn)} ${d.status}${d.error ? ` (${d.error})` : ''}; `)),
            );
          }),
        ),
      );
    case 'invocation': {
      const failed = o.status === 'error' || o.status === 'timeout' || (o.batch && o.batch.failed > 0);
      return el(
        'li',
        { class: `invocation ${failed ? 'failed' : o.attempt > 1 ? 'retried' : ''}`, 'data-kind': 'invocation', 'data-function': nameOf(o.functionName) },
        offset,
        el('span', { class: 'kind' }, 'λ'),
        nameOf(o.functionName),
        el('span', { class: `pill status-${o.status}` }, o.status),
        o.coldStart
          ? el('span', { class: 'pill cold' }, `cold start${o.initDurationMs !== undefined ? ` ${o.initDurationMs} ms` : ''}`)
          : el('span', { class: 'pill' }, 'warm'),
        o.durationMs !== undefined ? el('span', { class: 'pill' }, `${o.durationMs} ms`) : null,
        o.attempt > 1 ? el('span', { class: 'pill' }, `attempt ${o.attempt}`) : null,
        el(
          'ul',
          { class: 'sub' },
          o.trigger.lines.map((line) => el('li', {}, `${o.trigger.kind}: ${line}`)),
          o.batch
            ? el(
                'li',
                { class: o.batch.failed ? 'status-error' : '' },
                `batch of ${o.batch.size}: ${o.batch.outcome}${o.batch.failed ? `, ${o.batch.failed} to retry` : ''}`,
              )
            : null,
          o.errorType ? el('li', { class: 'reason' }, `${o.errorType}: ${o.errorMessage ?? ''}`) : null,
          o.notes.map((note) => el('li', {}, note)),
        ),
        o.logs.length
          ? el(
              'details',
              // Open: the log lines are what a trace is read for (the projection's status, the error).
              { open: true },
              el('summary', {}, `${o.logs.length} log line${o.logs.length === 1 ? '' : 's'}${o.logsLeftOut ? ` (+${o.logsLeftOut} left out)` : ''}`),
              o.logs.map((line) => el('div', { class: `log level-${line.level ?? ''}` }, readable(line.message))),
            )
          : null,
      );
    }
    default:
      return el('li', { class: o.level === 'error' ? 'failed' : '', 'data-kind': 'note' }, offset, o.text);
  }
}

function renderTrace() {
  const list = $('#timeline');
  const observations = traceObservations();
  if (!state.traceId) {
    list.replaceChildren(el('li', { class: 'hint' }, 'Pick a correlation id: click one in Live events, or type it.'));
    return;
  }
  if (observations.length === 0) {
    list.replaceChildren(el('li', { class: 'hint' }, `Nothing seen yet for ${state.traceId}.`));
    return;
  }
  const start = observations[0].at;
  list.replaceChildren(...observations.map((o) => renderTraceEntry(o, start)));
}

/** Keys every Powertools log line carries: left out of the line shown (the raw line is in the title). */
const STANDARD_LOG_KEYS = new Set([
  'level',
  'message',
  'timestamp',
  'service',
  'cold_start',
  'function_arn',
  'function_memory_size',
  'function_name',
  'function_request_id',
  'sampling_rate',
  'xray_trace_id',
  'correlation_id',
]);

/** A JSON log line as `LEVEL message key=value …`; any other line as printed. */
function readable(message) {
  if (!message.startsWith('{')) return message;
  try {
    const line = JSON.parse(message);
    // Embedded Metric Format: the metrics' names and values.
    if (line._aws?.CloudWatchMetrics) {
      const names = line._aws.CloudWatchMetrics.flatMap((group) => group.Metrics.map((metric) => metric.Name));
      return `metrics ${names.map((name) => `${name}=${line[name]}`).join(' ')}`;
    }
    if (typeof line.message !== 'string') return message;
    const rest = Object.entries(line)
      .filter(([key]) => !STANDARD_LOG_KEYS.has(key))
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
    return `${line.level ?? ''} ${line.message}${rest.length ? `  ${rest.join(' ')}` : ''}`.trim();
  } catch {
    return message;
  }
}

// ---- Dead letters ----------------------------------------------------------------------------------------

const openQueues = new Set();
/** The outcome of the last redrive per queue: kept across re-renders, which live counts cause. */
const notices = new Map();

async function renderDeadLetters() {
  const { deadLetters } = await api('dead-letters');
  const container = $('#dead-letter-list');
  container.replaceChildren(
    ...deadLetters.map((queue) => {
      const total = (queue.counts?.waiting ?? 0) + (queue.counts?.inFlight ?? 0);
      const messages = el('div', { class: 'messages' }, notices.has(queue.arn) ? el('p', { class: 'notice' }, notices.get(queue.arn)) : null);
      const box = el(
        'div',
        { class: `dlq ${total > 0 ? 'nonempty' : ''}`, 'data-queue': queue.name, 'data-arn': queue.arn },
        el('h3', {}, queue.name, el('span', { class: 'pill count' }, `${queue.counts?.waiting ?? 0} waiting`)),
        el('div', { class: 'sources' }, queue.sources.map((s) => s.description).join('; ')),
        el('button', { class: 'secondary show-messages', onclick: () => loadMessages(queue, messages) }, 'Show messages'),
        ' ',
        el('button', { class: 'redrive-all', onclick: () => redrive(queue, undefined, messages), disabled: total === 0 || undefined }, 'Redrive all'),
        messages,
      );
      if (openQueues.has(queue.arn)) loadMessages(queue, messages);
      return box;
    }),
  );
}

async function loadMessages(queue, container) {
  openQueues.add(queue.arn);
  notices.delete(queue.arn);
  try {
    const { messages } = await api(`dead-letters/${encodeURIComponent(queue.arn)}/messages`);
    container.replaceChildren(
      messages.length === 0 ? el('p', { class: 'hint' }, 'No message visible now.') : null,
      ...messages.map((message) =>
        el(
          'div',
          { class: 'message', 'data-message-id': message.messageId },
          el('div', {}, el('strong', {}, message.messageId), ` · received ${message.receiveCount} times${message.sentAt ? ` · sent ${message.sentAt}` : ''}`),
          reasonOf(message.attributes) ? el('div', { class: 'reason' }, `Reason: ${reasonOf(message.attributes)}`) : null,
          message.lastFailure
            ? el('div', { class: 'reason' }, `Last failure in ${nameOf(message.lastFailure.functionName)}: ${message.lastFailure.reason}`)
            : null,
          Object.keys(message.attributes).length
            ? el(
                'table',
                { class: 'attributes' },
                Object.entries(message.attributes).map(([k, v]) =>
                  el('tr', {}, el('th', {}, k), el('td', { class: k.toLowerCase().includes('error') ? 'reason' : '' }, v)),
                ),
              )
            : null,
          el('pre', {}, prettyMaybe(message.body)),
          el('button', { class: 'redrive-one', onclick: () => redrive(queue, message.messageId, container) }, 'Redrive'),
        ),
      ),
    );
  } catch (error) {
    container.replaceChildren(el('p', { class: 'reason' }, error.message));
  }
}

/**
 * The reason a dead letter carries: EventBridge's `ERROR_CODE`/`ERROR_MESSAGE`, Lambda's (and the app's dead-letter
 * channel's) `ErrorCode`/`ErrorMessage`.
 */
function reasonOf(attributes) {
  const code = attributes.ERROR_CODE ?? attributes.ErrorCode;
  const message = attributes.ERROR_MESSAGE ?? attributes.ErrorMessage;
  return [code, message].filter(Boolean).join(': ');
}

async function redrive(queue, messageId, container) {
  try {
    const { moved } = await post(`dead-letters/${encodeURIComponent(queue.arn)}/redrive`, messageId ? { messageId } : {});
    const notice = `Redriven: ${moved} message${moved === 1 ? '' : 's'}.`;
    notices.set(queue.arn, notice);
    openQueues.delete(queue.arn);
    container.replaceChildren(el('p', { class: 'notice' }, notice));
  } catch (error) {
    notices.set(queue.arn, `Not redriven: ${error.message}`);
    container.replaceChildren(el('p', { class: 'reason' }, error.message));
  }
}

function updateDeadLetterBadge() {
  const deadLetterIds = new Set(state.graph.nodes.filter((n) => n.deadLetter).map((n) => n.id));
  const total = state.counts.filter((c) => deadLetterIds.has(c.arn)).reduce((sum, c) => sum + c.waiting + c.inFlight, 0);
  const badge = $('#dead-letter-total');
  badge.hidden = total === 0;
  badge.textContent = String(total);
}

// ---- Schedules, archive, playground, tables ---------------------------------------------------------------

async function renderSchedules() {
  const { schedules } = await api('schedules');
  $('#schedule-list tbody').replaceChildren(
    ...schedules.map((s) =>
      el(
        'tr',
        {},
        el('td', {}, nameOf(s.arn) === s.arn.split(':').pop() ? s.name : nameOf(s.arn)),
        el('td', {}, s.expression),
        el('td', {}, s.state),
        el('td', {}, s.nextFireTime ?? '—'),
        el('td', {}, s.lastFireTime ?? '—'),
        el('td', {}, el('button', { onclick: () => fire(s) }, 'Fire now')),
      ),
    ),
  );
}

async function fire(schedule) {
  const result = $('#schedule-result');
  result.hidden = false;
  result.textContent = `firing ${schedule.name} …`;
  try {
    const query = schedule.kind === 'schedule' ? `?group=${encodeURIComponent(schedule.groupName)}` : '';
    const answer = await post(`schedules/${encodeURIComponent(schedule.name)}/fire${query}`);
    result.textContent = JSON.stringify(answer, null, 2);
  } catch (error) {
    result.textContent = error.message;
  }
  renderSchedules();
}

function localInput(date) {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 19);
}

async function renderArchives() {
  const { archives } = await api('archives');
  $('#archive-select').replaceChildren(...archives.map((a) => el('option', { value: a.name }, a.displayName)));
  const form = $('#replay-form');
  if (!form.from.value) form.from.value = localInput(new Date(Date.now() - 60 * 60_000));
  if (!form.to.value) form.to.value = localInput(new Date());
}

async function replay(event) {
  event.preventDefault();
  const form = event.target;
  const result = $('#replay-result');
  result.hidden = false;
  try {
    const answer = await post('replay', {
      archive: form.archive.value,
      from: new Date(form.from.value).toISOString(),
      to: new Date(form.to.value).toISOString(),
    });
    result.textContent = `replay ${answer.name}: ${answer.state}; the replayed events appear in Live events`;
  } catch (error) {
    result.textContent = error.message;
  }
}

function renderPatterns() {
  const rules = state.graph.nodes.filter((n) => n.kind === 'rule' && n.detail?.startsWith('{'));
  $('#rule-patterns').replaceChildren(el('option', { value: '' }, '—'), ...rules.map((rule) => el('option', { value: rule.detail }, rule.name)));
}

async function testPattern(event) {
  event.preventDefault();
  const form = event.target;
  const out = $('#pattern-result');
  out.hidden = false;
  try {
    const body = { pattern: form.pattern.value, ...(form.event.value.trim() ? { event: form.event.value } : {}) };
    const answer = await post('test-pattern', body);
    out.replaceChildren(
      el('p', {}, `${answer.matched} of ${answer.tested} event${answer.tested === 1 ? '' : 's'} match.`),
      el(
        'ul',
        {},
        answer.results.map((r) => el('li', { class: r.matches ? 'matches' : 'no-match' }, `${r.matches ? '✓' : '✗'} ${r.detailType ?? ''} ${r.eventId}`)),
      ),
    );
  } catch (error) {
    out.replaceChildren(el('p', { class: 'reason' }, error.message));
  }
}

let tablePage;
async function renderTables() {
  if ($('#table-select').options.length > 0) return;
  const { tables } = await api('tables');
  $('#table-select').replaceChildren(...tables.map((t) => el('option', { value: t.name }, `${t.displayName} — ${t.keySchema.join(', ')}`)));
}

/** A DynamoDB attribute value as plain JSON. */
function plain(value) {
  const [type, inner] = Object.entries(value)[0] ?? [];
  switch (type) {
    case 'S':
    case 'BOOL':
      return inner;
    case 'N':
      return Number(inner);
    case 'NULL':
      return null;
    case 'L':
      return inner.map(plain);
    case 'M':
      return Object.fromEntries(Object.entries(inner).map(([k, v]) => [k, plain(v)]));
    case 'SS':
    case 'BS':
      return inner;
    case 'NS':
      return inner.map(Number);
    default:
      return inner;
  }
}

async function showItems(start) {
  const table = $('#table-select').value;
  const out = $('#table-items');
  try {
    const page = await api(`tables/${encodeURIComponent(table)}/items?limit=25${start ? `&start=${encodeURIComponent(start)}` : ''}`);
    tablePage = page.next;
    $('#table-next').disabled = !tablePage;
    out.replaceChildren(
      page.items.length === 0 ? el('p', { class: 'hint' }, 'No items.') : null,
      el(
        'table',
        { class: 'list items' },
        el(
          'tbody',
          {},
          page.items.map((item) => el('tr', {}, el('td', {}, JSON.stringify(plain({ M: item }))))),
        ),
      ),
    );
  } catch (error) {
    out.replaceChildren(el('p', { class: 'reason' }, error.message));
  }
}

// ---- Live feed -------------------------------------------------------------------------------------------

let renderQueued = false;
/** Renders at most once per animation frame, however many observations arrive. */
function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    if (!$('#view-events').hidden) renderEvents();
    if (!$('#view-trace').hidden) renderTrace();
    renderRecentCorrelations();
  });
}

function connect() {
  const feed = new EventSource('api/feed');
  const status = $('#connection');
  feed.addEventListener('open', () => {
    status.textContent = 'live';
    status.classList.add('live');
  });
  feed.addEventListener('error', () => {
    status.textContent = 'reconnecting…';
    status.classList.remove('live');
  });
  feed.addEventListener('observation', (message) => {
    const observation = JSON.parse(message.data);
    state.observations.set(observation.seq, observation);
    // Bounded here too: the page keeps what the runtime keeps.
    if (state.observations.size > 3000) state.observations.delete(state.observations.keys().next().value);
    scheduleRender();
  });
  feed.addEventListener('queues', (message) => {
    state.counts = JSON.parse(message.data);
    state.graphView?.update(state.counts);
    updateDeadLetterBadge();
    if (!$('#view-dead-letters').hidden) renderDeadLetters();
  });
}

async function start() {
  const graph = await api('topology');
  state.graph = graph;
  for (const node of graph.nodes) {
    state.nodes.set(node.id, node);
    state.byName.set(node.id, node);
    state.byName.set(node.physicalName, node);
  }
  $('#openapi-link').hidden = !graph.openApi;
  renderTopology();
  renderPatterns();
  connect();
  $('#event-filters').addEventListener('input', renderEvents);
  $('#event-filters').addEventListener('submit', (e) => e.preventDefault());
  $('#trace-form').addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = `trace/${encodeURIComponent($('#trace-id').value.trim())}`;
  });
  $('#replay-form').addEventListener('submit', replay);
  $('#pattern-form').addEventListener('submit', testPattern);
  $('#rule-patterns').addEventListener('change', (e) => {
    if (e.target.value) $('#pattern-form').pattern.value = prettyMaybe(e.target.value);
  });
  $('#table-form').addEventListener('submit', (e) => {
    e.preventDefault();
    showItems();
  });
  $('#table-next').addEventListener('click', () => showItems(tablePage));
  window.addEventListener('hashchange', show);
  show();
  document.body.dataset.ready = 'true';
}

start().catch((error) => {
  document.body.prepend(el('p', { class: 'reason' }, `The explorer could not start: ${error.message}`));
});
