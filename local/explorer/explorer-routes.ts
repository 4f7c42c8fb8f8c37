import { DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodedSegment, type EndpointRequest, type EndpointResponse } from '../endpoint/index.ts';
import { EventBridgeApiError, type EventBridgeService } from '../eventbridge/index.ts';
import { ScheduleNotFoundError, type SchedulerService } from '../scheduler/index.ts';
import type { LocalTopology } from '../topology/types.ts';
import { DeadLetterNotFoundError, RedriveNotPossibleError, type DeadLetters, type QueueCounts } from './dead-letters.ts';
import type { Observation, ObservationFeed } from './observation-feed.ts';
import { displayName, topologyGraph, type TopologyGraph } from './topology-graph.ts';

/** Where the explorer page is served on the endpoint (loopback only, like every admin route). */
export const EXPLORER_PATH = '/_eventful/explorer/';
const API = `${EXPLORER_PATH}api/`;

/** Observations a page gets when it connects, before live ones: the newest. */
export const FEED_REPLAY_ON_CONNECT = 500;
/** How often queue counts are read while a page is open (pushed only when they changed). */
export const QUEUE_COUNTS_INTERVAL_MS = 1000;
/** JSON bodies of the explorer's POSTs (a pattern and an event at most). */
export const MAX_EXPLORER_BODY_BYTES = 512 * 1024;
/** Items per table page; DynamoDB's Scan returns at most 1 MB anyway. */
export const MAX_TABLE_PAGE_ITEMS = 100;

const PAGE_DIR = fileURLToPath(new URL('./page/', import.meta.url));
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};
/** Nothing but the page's own files: no inline script, no other origin (there is no CDN to reach offline anyway). */
const PAGE_SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

export interface ExplorerServices {
  topology: LocalTopology;
  feed: ObservationFeed;
  deadLetters: DeadLetters;
  events: EventBridgeService;
  scheduler: SchedulerService;
  dynamodbEndpoint: string;
  /** The app's OpenAPI document, when it gives one (`eventful:openApi` in cdk.json's context). */
  openApiPath?: string;
}

export interface ExplorerRoutes {
  handle(req: EndpointRequest, res: EndpointResponse): Promise<boolean>;
  close(): void;
}

class ClientError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The explorer's page and the admin API it uses, under `/_eventful/explorer/`. Served through the endpoint, so
 * the endpoint's request guard applies first (loopback `Host`, same `Origin`, and `x-eventful-admin` on POSTs).
 * A client's mistake is a 4xx naming it, never a 5xx.
 */
export function explorerRoutes(services: ExplorerServices): ExplorerRoutes {
  const files = loadPage();
  const graph: TopologyGraph = topologyGraph(services.topology);
  const streams = new Set<EndpointResponse>();
  /** A write after the end would raise an error event nobody handles: streams being closed are written no more. */
  const send = (res: EndpointResponse, text: string) => {
    if (!res.writableEnded && !res.destroyed) res.write(text);
  };
  const dynamodb = new DynamoDBClient({
    region: services.topology.region,
    endpoint: services.dynamodbEndpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  let lastCounts = '';
  let countsTimer: NodeJS.Timeout | undefined;
  const pushCounts = async () => {
    try {
      const counts = await services.deadLetters.counts();
      const text = JSON.stringify(counts);
      if (text === lastCounts) return;
      lastCounts = text;
      for (const stream of streams) send(stream, `event: queues\ndata: ${text}\n\n`);
    } catch {
      // The engine is stopping or busy: the next tick tries again.
    }
  };

  async function route(req: EndpointRequest, res: EndpointResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (!path.startsWith(API)) {
      if (method !== 'GET' && method !== 'HEAD') throw new ClientError(405, `${method} ${path}: the explorer's files are read with GET`);
      const name = path === EXPLORER_PATH ? 'index.html' : path.slice(EXPLORER_PATH.length);
      const file = files.get(name);
      if (!file) throw new ClientError(404, `no explorer file ${name}`);
      res.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length, ...PAGE_SECURITY_HEADERS });
      res.end(method === 'HEAD' ? undefined : file.body);
      return;
    }
    const parts = path.slice(API.length).split('/');
    const segments = parts.map((part) => {
      const decoded = decodedSegment(part);
      if (decoded === undefined) throw new ClientError(400, `path segment ${part} is not valid percent-encoding`);
      return decoded;
    });
    const [resource, id, action] = segments;
    const get = method === 'GET' && segments.length;
    if (get === 1 && resource === 'topology') return sendJson(res, 200, { ...graph, openApi: services.openApiPath !== undefined });
    if (get === 1 && resource === 'feed') return openFeed(res);
    if (get === 1 && resource === 'observations') return sendJson(res, 200, { observations: services.feed.list() });
    if (get === 2 && resource === 'trace' && id) return sendJson(res, 200, { correlationId: id, observations: services.feed.trace(id) });
    if (get === 1 && resource === 'queues') return sendJson(res, 200, { queues: await services.deadLetters.counts() });
    if (get === 1 && resource === 'dead-letters') return sendJson(res, 200, { deadLetters: await deadLetterSummary() });
    if (get === 3 && resource === 'dead-letters' && id && action === 'messages') return sendJson(res, 200, { messages: await peek(id) });
    if (method === 'POST' && segments.length === 3 && resource === 'dead-letters' && id && action === 'redrive') {
      const body = await readJson(req);
      const messageId = body.messageId;
      if (messageId !== undefined && (typeof messageId !== 'string' || messageId === ''))
        throw new ClientError(400, 'messageId: expected a message id (a string), or none to redrive all');
      return sendJson(res, 200, { moved: await redrive(id, messageId) });
    }
    if (get === 1 && resource === 'schedules') return sendJson(res, 200, { schedules: services.scheduler.list() });
    if (method === 'POST' && segments.length === 3 && resource === 'schedules' && id && action === 'fire') return fire(res, id, url.searchParams.get('group'));
    if (get === 1 && resource === 'archives') return sendJson(res, 200, { archives: archives() });
    if (method === 'POST' && segments.length === 1 && resource === 'replay') return sendJson(res, 200, replay(await readJson(req)));
    if (method === 'POST' && segments.length === 1 && resource === 'test-pattern') return sendJson(res, 200, testPattern(await readJson(req)));
    if (get === 1 && resource === 'tables') return sendJson(res, 200, { tables: tables() });
    if (get === 3 && resource === 'tables' && id && action === 'items') return sendJson(res, 200, await scan(id, url.searchParams));
    if (get === 1 && resource === 'openapi') return serveOpenApi(res);
    throw new ClientError(method === 'GET' || method === 'POST' ? 404 : 405, `the explorer has no ${method} ${path}`);
  }

  function openFeed(res: EndpointResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.write(': eventful explorer\n\n');
    for (const observation of services.feed.list().slice(-FEED_REPLAY_ON_CONNECT)) res.write(observationMessage(observation));
    if (lastCounts) res.write(`event: queues\ndata: ${lastCounts}\n\n`);
    streams.add(res);
    const unsubscribe = services.feed.subscribe((observation) => send(res, observationMessage(observation)));
    countsTimer ??= setInterval(() => void pushCounts(), QUEUE_COUNTS_INTERVAL_MS);
    void pushCounts();
    res.once('close', () => {
      unsubscribe();
      streams.delete(res);
      if (streams.size === 0 && countsTimer) {
        clearInterval(countsTimer);
        countsTimer = undefined;
      }
    });
  }

  async function deadLetterSummary() {
    const counts = new Map<string, QueueCounts>((await services.deadLetters.counts()).map((c) => [c.arn, c]));
    return services.deadLetters.queues.map((queue) => ({ ...queue, counts: counts.get(queue.arn) }));
  }

  async function peek(queueArn: string) {
    try {
      const messages = await services.deadLetters.peek(queueArn);
      return messages.map((message) => ({ ...message, lastFailure: services.feed.failureOf(message.messageId) }));
    } catch (error) {
      if (error instanceof DeadLetterNotFoundError) throw new ClientError(404, error.message);
      throw error;
    }
  }

  async function redrive(queueArn: string, messageId: string | undefined): Promise<number> {
    try {
      return await services.deadLetters.redrive(queueArn, messageId);
    } catch (error) {
      if (error instanceof DeadLetterNotFoundError) throw new ClientError(404, error.message);
      if (error instanceof RedriveNotPossibleError) throw new ClientError(409, error.message);
      if (error instanceof SyntaxError) throw new ClientError(409, `the message's body is not the JSON its source sends: ${error.message}`);
      throw error;
    }
  }

  async function fire(res: EndpointResponse, name: string, group: string | null): Promise<void> {
    let receipt;
    try {
      receipt = services.scheduler.fireNow(name, group ? { groupName: group } : {});
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) throw new ClientError(404, error.message);
      throw error;
    }
    sendJson(res, 200, { name, executionId: receipt.executionId, scheduledTime: receipt.scheduledTime, outcome: await receipt.outcome });
  }

  function archives() {
    return services.events.archives().map((archive) => ({
      name: archive.name,
      arn: archive.arn,
      sourceArn: archive.sourceArn,
      displayName: displayName(services.topology.archives.find((a) => a.arn === archive.arn) ?? { logicalId: archive.name, name: archive.name }),
    }));
  }

  function replay(body: Record<string, unknown>) {
    const archive = services.events.archives().find((a) => a.name === body.archive || a.arn === body.archive);
    if (!archive) throw new ClientError(404, `archive: no archive named ${JSON.stringify(body.archive)}`);
    const from = timeField(body, 'from');
    const to = timeField(body, 'to');
    const name = `explorer-${Date.now()}`;
    try {
      const started = services.events.startReplay({
        name,
        eventSourceArn: archive.arn,
        eventStartTime: from,
        eventEndTime: to,
        destination: { arn: archive.sourceArn },
      });
      return { name: started.name, state: started.state };
    } catch (error) {
      if (error instanceof EventBridgeApiError && error.statusCode < 500) throw new ClientError(400, error.message);
      throw error;
    }
  }

  function testPattern(body: Record<string, unknown>) {
    const pattern = typeof body.pattern === 'string' ? body.pattern : JSON.stringify(body.pattern ?? null);
    if (body.pattern === undefined) throw new ClientError(400, 'pattern: expected an event pattern (JSON)');
    const candidates =
      body.event !== undefined
        ? [{ eventId: 'pasted', json: typeof body.event === 'string' ? body.event : JSON.stringify(body.event) }]
        : services.feed
            .list()
            .flatMap((o) => (o.kind === 'event' && !o.truncated ? [{ eventId: o.eventId, detailType: o.detailType, json: o.json }] : []))
            .slice(-200);
    try {
      const results = candidates.map(({ json, ...candidate }) => ({ ...candidate, matches: services.events.testEventPattern(pattern, json) }));
      return { tested: results.length, matched: results.filter((r) => r.matches).length, results };
    } catch (error) {
      if (error instanceof EventBridgeApiError && error.statusCode < 500) throw new ClientError(400, `${error.name}: ${error.message}`);
      throw error;
    }
  }

  function tables() {
    return services.topology.tables.map((table) => ({
      name: table.name,
      displayName: displayName(table),
      keySchema: table.keySchema.map((key) => `${key.attributeName} (${key.keyType})`),
    }));
  }

  async function scan(tableName: string, params: URLSearchParams) {
    if (!services.topology.tables.some((table) => table.name === tableName)) throw new ClientError(404, `no table ${tableName} in this app`);
    const limitText = params.get('limit') ?? '25';
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TABLE_PAGE_ITEMS)
      throw new ClientError(400, `limit: expected 1 to ${MAX_TABLE_PAGE_ITEMS}, got ${limitText}`);
    let startKey: Record<string, AttributeValue> | undefined;
    const start = params.get('start');
    if (start) {
      try {
        startKey = JSON.parse(Buffer.from(start, 'base64url').toString('utf8')) as Record<string, AttributeValue>;
      } catch {
        throw new ClientError(400, 'start: not a page token this explorer gave');
      }
    }
    try {
      const page = await dynamodb.send(new ScanCommand({ TableName: tableName, Limit: limit, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
      return {
        items: page.Items ?? [],
        ...(page.LastEvaluatedKey ? { next: Buffer.from(JSON.stringify(page.LastEvaluatedKey)).toString('base64url') } : {}),
      };
    } catch (error) {
      if (start && error instanceof Error && error.name === 'ValidationException') throw new ClientError(400, `start: ${error.message}`);
      throw error;
    }
  }

  function serveOpenApi(res: EndpointResponse): void {
    if (!services.openApiPath) throw new ClientError(404, 'this app gives no OpenAPI document (eventful:openApi in cdk.json context)');
    const body = readFileSync(services.openApiPath);
    res.writeHead(200, { 'content-type': 'application/yaml; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-store' });
    res.end(body);
  }

  return {
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://local');
      if (url.pathname === EXPLORER_PATH.slice(0, -1)) {
        res.writeHead(308, { location: EXPLORER_PATH });
        res.end();
        return true;
      }
      if (!url.pathname.startsWith(EXPLORER_PATH)) return false;
      try {
        await route(req, res, url);
      } catch (error) {
        if (!(error instanceof ClientError)) throw error;
        sendJson(res, error.status, { error: error.status === 404 ? 'NotFound' : 'BadRequest', message: error.message });
      }
      return true;
    },
    close() {
      if (countsTimer) clearInterval(countsTimer);
      countsTimer = undefined;
      for (const stream of streams) stream.end();
      streams.clear();
      dynamodb.destroy();
    },
  };
}

function observationMessage(observation: Observation): string {
  return `event: observation\ndata: ${JSON.stringify(observation)}\n\n`;
}

function timeField(body: Record<string, unknown>, field: string): number {
  const value = body[field];
  const time = typeof value === 'string' || typeof value === 'number' ? new Date(value).getTime() : Number.NaN;
  if (!Number.isFinite(time)) throw new ClientError(400, `${field}: expected an ISO 8601 time, got ${JSON.stringify(value)}`);
  return time;
}

async function readJson(req: EndpointRequest): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_EXPLORER_BODY_BYTES) throw new ClientError(413, `the body is over ${MAX_EXPLORER_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ClientError(400, 'the body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ClientError(400, 'the body must be a JSON object');
  return parsed as Record<string, unknown>;
}

function sendJson(res: EndpointResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}

function loadPage(): Map<string, { type: string; body: Buffer }> {
  const files = new Map<string, { type: string; body: Buffer }>();
  for (const name of readdirSync(PAGE_DIR)) {
    const type = CONTENT_TYPES[extname(name)];
    if (type) files.set(name, { type, body: readFileSync(join(PAGE_DIR, name)) });
  }
  return files;
}
