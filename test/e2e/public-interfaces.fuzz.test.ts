import { createHmac, randomUUID } from 'node:crypto';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_PAYMENT_WEBHOOK_SECRET } from '../../shared/payments/webhook-secret.ts';
import { catalog } from '../../shared/events/index.ts';
import { eventually } from '../../local/test/runtime/support/eventually.ts';
import { startEventfulApp, type EventfulAppRuntime } from './support/eventful-app-runtime.ts';

/*
 * Issue 8 part 3: hostile input against the running app's public interfaces (HTTP API, signed
 * webhook, PutEvents of catalog events, CSV files in the imports bucket). Every request is answered
 * 2xx or 4xx with a message (documented in docs/openapi.yaml: app.api checks it), never 5xx, a hang
 * or a crash; a rejected request changes no table; an accepted order can be read back.
 *
 * FUZZ_SEED repeats a run; FUZZ_RUNS scales the number of cases per interface (default 1).
 */
const SEED = process.env.FUZZ_SEED === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED);
const SCALE = Number(process.env.FUZZ_RUNS_SCALE ?? '1');
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
/** A request not answered within this is a hang. */
const REQUEST_TIMEOUT_MS = 15_000;
/** Lambda's synchronous invocation payload limit. https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html */
const LAMBDA_SYNC_PAYLOAD_BYTES = 6 * 1024 * 1024;

const generated: Record<string, number> = {};
const count = (name: string) => {
  generated[name] = (generated[name] ?? 0) + 1;
};
/** Answers per interface and status, to show what the cases reached. */
const answered: Record<string, Record<number, number>> = {};
const tally = (name: string, status: number) => {
  const statuses = (answered[name] ??= {});
  statuses[status] = (statuses[status] ?? 0) + 1;
};
const params = (numRuns: number) => ({ seed: SEED, numRuns, interruptAfterTimeLimit: 120_000 });

// --- hostile values ---------------------------------------------------------------------------

/** Any text: every code point, lone surrogates, U+FFFE / U+FFFF, controls, long. */
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\uFFFE', '\uFFFF', '\uD800', 'a\uDC00b', '\u0000', '\u202E', '💥', 'a'.repeat(5_000), '../..', '%00', 'null', '<script>'),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);
/** Numbers at their edges, as JSON values. */
const edgeNumber = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    1,
    0.1,
    1e-7,
    5e-324,
    1e21,
    1e307,
    -1e307,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    2 ** 31,
    12.345678901,
    0.30000000000000004,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
/** Number tokens JSON.stringify never writes: overflow to Infinity, many decimals, huge integers. */
const rawNumberToken = fc.constantFrom('1e309', '-1e309', '1.00000000000000000000001', '123456789012345678901234567890', '-0.0', '1E2', '0e0', '4.9e-325');
const nanLike = fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e309', '0x10', '1_000', ' 1', '1,5', '', '١٢');
const anyValue = fc.oneof(hostileText, edgeNumber, nanLike, fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 3 }));

/** A JSON text with `extra` appended as duplicate keys of the top-level object. */
function withDuplicateKeys(json: string, duplicates: [string, string][]): string {
  if (!json.startsWith('{') || duplicates.length === 0) return json;
  const tail = duplicates.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',');
  return json === '{}' ? `{${tail}}` : `${json.slice(0, -1)},${tail}}`;
}
/** Usually none, so that the rest of a body can be valid; else 1 to 3 keys repeated with hostile values. */
const duplicateKeys = (keys: string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant<[string, string][]>([]) },
    {
      weight: 1,
      arbitrary: fc.array(
        fc.tuple(
          fc.constantFrom(...keys),
          fc.oneof(
            anyValue.map((v) => JSON.stringify(v) ?? 'null'),
            rawNumberToken,
          ),
        ),
        { minLength: 1, maxLength: 3 },
      ),
    },
  );

/** Bodies: hostile JSON shaped like `shape`, any JSON, any text, any bytes. */
function hostileBody(shape: fc.Arbitrary<unknown>, keys: string[]): fc.Arbitrary<string | Uint8Array> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.tuple(shape, duplicateKeys(keys)).map(([value, dups]) => withDuplicateKeys(JSON.stringify(value) ?? 'null', dups)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
    { weight: 1, arbitrary: fc.constantFrom('', '{', '[]', 'null', '{"a":1}{"b":2}', '\uFEFF{}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}') },
  );
}
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-16',
  undefined,
);
/** Header values: fetch only sends Latin-1. */
const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 300 });

function headersOf(entries: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(entries).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

describe('fuzzing the public interfaces of the running app', () => {
  let app: EventfulAppRuntime;
  let dynamodb: DynamoDBClient;
  let documents: DynamoDBDocumentClient;
  let kinesis: KinesisClient;
  let events: EventBridgeClient;
  let s3: S3Client;
  const previousSecret = process.env.PAYMENT_WEBHOOK_SECRET;
  const SKUS = ['FUZZ-PLENTY', 'FUZZ-SCARCE'];

  beforeAll(async () => {
    // The development key, as `npm start` uses without $PAYMENT_WEBHOOK_SECRET.
    delete process.env.PAYMENT_WEBHOOK_SECRET;
    app = await startEventfulApp();
    dynamodb = new DynamoDBClient(app.client);
    documents = DynamoDBDocumentClient.from(dynamodb);
    kinesis = new KinesisClient(app.client);
    events = new EventBridgeClient(app.client);
    s3 = new S3Client({ ...app.client, forcePathStyle: true });
    for (const [index, sku] of SKUS.entries()) {
      await documents.send(
        new PutCommand({
          TableName: app.envOf('PRODUCTS_TABLE'),
          Item: { sku, name: sku, unitPrice: 10, stock: index === 0 ? 100_000 : 1, updatedAt: new Date().toISOString() },
        }),
      );
    }
    console.log(`fuzz seed ${SEED} (FUZZ_SEED=${SEED} repeats this run)`);
  }, 180_000);

  afterAll(async () => {
    const memory = process.memoryUsage();
    console.log(
      `fuzz seed ${SEED}; generated cases: ${JSON.stringify(generated)} (${Object.values(generated).reduce((a, b) => a + b, 0)} in all); answers by status: ${JSON.stringify(answered)}; ` +
        `runtime process (in-process runtime and its Lambda worker threads) RSS ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB`,
    );
    if (previousSecret !== undefined) process.env.PAYMENT_WEBHOOK_SECRET = previousSecret;
    for (const client of [documents, dynamodb, kinesis, events, s3]) client?.destroy();
    await app?.stop();
  });

  // --- state of the stores ---------------------------------------------------------------------

  /** Every item of every table, through the endpoint, as sorted JSON lines per table. */
  async function snapshot(except: string[] = []): Promise<Record<string, string[]>> {
    const { TableNames = [] } = await dynamodb.send(new ListTablesCommand({}));
    const tables: Record<string, string[]> = {};
    for (const table of TableNames.filter((name) => !except.some((part) => name.includes(part)))) {
      const items: string[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await documents.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }));
        for (const item of page.Items ?? []) items.push(JSON.stringify(Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))));
        start = page.LastEvaluatedKey;
      } while (start);
      tables[table] = items.sort();
    }
    return tables;
  }

  /** The stores once nothing has changed for a second: what accepted requests set off has landed. */
  async function quietSnapshot(except: string[] = []): Promise<Record<string, string[]>> {
    let previous = JSON.stringify(await snapshot(except));
    return eventually(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const current = await snapshot(except);
      const text = JSON.stringify(current);
      if (text === previous) return current;
      previous = text;
      return undefined;
    }, 60_000);
  }

  /** The activity stream's records: what POST /activity writes, and all it writes. */
  async function activityRecords(): Promise<number> {
    const streamName = app.envOf('ACTIVITY_STREAM_NAME');
    const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: streamName }));
    let total = 0;
    for (const shard of Shards) {
      let { ShardIterator: iterator } = await kinesis.send(
        new GetShardIteratorCommand({ StreamName: streamName, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      while (iterator) {
        const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
        total += page.Records?.length ?? 0;
        if ((page.Records?.length ?? 0) === 0) break;
        iterator = page.NextShardIterator;
      }
    }
    return total;
  }

  /** A request through the contract check, failing on a hang; returns the status and JSON body. */
  async function request(path: string, init: RequestInit): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await app.api(path, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const text = await response.text();
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
    }
    return { status: response.status, body };
  }

  /** No 5xx; a 4xx says what is wrong. */
  function expectClientAnswer(name: string, { status, body }: { status: number; body: Record<string, unknown> }): void {
    expect(status, `${name}: ${JSON.stringify(body).slice(0, 300)}`).toBeLessThan(500);
    if (status >= 400) expect(typeof body['message'] === 'string' && (body['message'] as string).length > 0, `${name} ${status} without a message`).toBe(true);
  }

  // --- HTTP API ------------------------------------------------------------------------------

  /** A hostile request: rejected ones must change no table; accepted ones are awaited until quiet. */
  async function hostileRequest(name: string, path: string, init: RequestInit, onAccepted?: (body: Record<string, unknown>) => Promise<void>) {
    count(name);
    const before = await snapshot();
    const answer = await request(path, init);
    tally(name, answer.status);
    expectClientAnswer(name, answer);
    if (answer.status >= 400) {
      expect(await snapshot(), `${name}: a rejected request (${answer.status}) changed a table`).toEqual(before);
    } else {
      await onAccepted?.(answer.body);
      await quietSnapshot();
    }
    return answer;
  }

  /** Mostly a valid order with one or two fields made hostile, so the domain's checks are reached, not only the schema's. */
  const nearlyValidOrder = fc.record(
    {
      customerId: fc.oneof(
        { weight: 3, arbitrary: fc.constant('c-fuzz') },
        fc.constantFrom('c-\uFFFE', 'c-\uFFFF', 'c-\uD800', 'c-\u0000', 'x'.repeat(300)),
        hostileText,
      ),
      items: fc.uniqueArray(
        fc.record(
          {
            sku: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...SKUS) }, hostileText),
            quantity: fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, fc.constantFrom(0, -1, 1.5, 1e21, 1e307, 2 ** 53), edgeNumber, nanLike),
            unitPrice: fc.oneof({ weight: 3, arbitrary: fc.constant(10) }, edgeNumber, nanLike),
          },
          { requiredKeys: ['sku', 'quantity', 'unitPrice'] },
        ),
        // One line per SKU, as the API requires: duplicates would only test that one rule.
        { minLength: 1, maxLength: 3, selector: (line) => line.sku },
      ),
      currency: fc.oneof({ weight: 3, arbitrary: fc.constant('EUR') }, hostileText),
    },
    { requiredKeys: ['customerId', 'items'] },
  );
  const orderShape = fc.oneof(
    { weight: 3, arbitrary: nearlyValidOrder },
    {
      weight: 1,
      arbitrary: fc.record(
        {
          customerId: fc.oneof(hostileText, anyValue),
          items: fc.oneof(
            fc.array(fc.dictionary(fc.constantFrom('sku', 'quantity', 'unitPrice', 'x'), anyValue), { maxLength: 4 }),
            fc.constant(Array.from({ length: 1_000 }, () => ({ sku: 'FUZZ-PLENTY', quantity: 1 }))),
            anyValue,
          ),
          currency: anyValue,
          extra: anyValue,
        },
        { requiredKeys: [] },
      ),
    },
  );

  it('POST /orders: any body and headers get 2xx or a 4xx that changes nothing; an accepted order can be read back', async () => {
    await quietSnapshot();
    await fc.assert(
      fc.asyncProperty(
        hostileBody(orderShape, ['customerId', 'items', 'currency']),
        contentType,
        fc.option(headerText, { freq: 4 }),
        fc.option(headerText, { freq: 4 }),
        async (body, type, idempotencyKey, correlationId) => {
          await hostileRequest(
            'POST /orders',
            '/orders',
            {
              method: 'POST',
              body,
              headers: headersOf({ 'content-type': type, 'idempotency-key': idempotencyKey ?? undefined, 'x-correlation-id': correlationId ?? undefined }),
            },
            async (placed) => {
              const orderId = String(placed['orderId']);
              // Accepted means kept: the order's view appears (the projection lags by about a second).
              await eventually(async () => ((await request(`/orders/${encodeURIComponent(orderId)}`, {})).status === 200 ? true : undefined), 20_000).catch(
                () => {
                  const failures = app.lines.filter((line) => /error|fail|dead|retry/i.test(line)).slice(-8);
                  throw new Error(
                    `POST /orders accepted ${orderId} (${JSON.stringify(placed)}) but GET /orders/${orderId} never found it: body ${typeof body === 'string' ? JSON.stringify(body) : `bytes ${Buffer.from(body).toString('hex')}`}\n` +
                      `last failures in the live log:\n${failures.join('\n')}`,
                  );
                },
              );
            },
          );
        },
      ),
      params(runs(40)),
    );
  }, 300_000);

  /** A path segment: safe text percent-encoded, or raw sequences a client may send: invalid UTF-8, encoded slashes, NUL. */
  const pathSegment = fc.oneof(
    hostileText.filter((text) => text.length > 0 && !/[\uD800-\uDFFF]/.test(text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))).map(encodeURIComponent),
    fc
      .array(fc.constantFrom('%FF', '%ED%A0%80', '%EF%BF%BE', '%E0%80', '%', '%zz', '%2F', '%00', '..', 'a', '%20', '~', '%C0%AF'), {
        minLength: 1,
        maxLength: 8,
      })
      .map((parts) => parts.join('')),
    fc.integer({ min: 60, max: 9_000 }).map((length) => 'o'.repeat(length)),
  );

  it('GET /orders/{orderId} and GET /products/{sku}/stats: any path segment gets 200, 400 or 404 and changes nothing', async () => {
    await quietSnapshot();
    await fc.assert(
      fc.asyncProperty(pathSegment, fc.boolean(), async (segment, orders) => {
        const answer = await hostileRequest(
          orders ? 'GET /orders/{orderId}' : 'GET /products/{sku}/stats',
          orders ? `/orders/${segment}` : `/products/${segment}/stats`,
          {},
        );
        expect([200, 400, 404]).toContain(answer.status);
      }),
      params(runs(60)),
    );
  }, 300_000);

  const webhookShape = fc.record(
    {
      id: fc.oneof(
        fc.uuid().map((id) => `evt_${id}`),
        hostileText,
        anyValue,
      ),
      type: fc.oneof(fc.constantFrom('payment.succeeded', 'payment.failed', 'payment.refunded'), hostileText),
      data: fc.oneof(
        fc.record(
          {
            orderId: fc.oneof(fc.uuid(), hostileText, anyValue),
            paymentId: fc.oneof(
              fc.uuid().map((id) => `pay_${id}`),
              hostileText,
            ),
            amount: fc.oneof(edgeNumber, nanLike, anyValue),
            currency: fc.oneof(fc.constantFrom('EUR', 'usd'), hostileText),
            reason: hostileText,
          },
          { requiredKeys: [] },
        ),
        anyValue,
      ),
    },
    { requiredKeys: [] },
  );

  function sign(body: string | Uint8Array, at: number, secret = DEV_PAYMENT_WEBHOOK_SECRET): string {
    return createHmac('sha256', secret)
      .update(Buffer.concat([Buffer.from(`${at}.`), Buffer.from(body)]))
      .digest('hex');
  }
  const now = () => Math.floor(Date.now() / 1000);
  const signatureHeader = (body: string | Uint8Array) =>
    fc.oneof(
      // Valid: reaches the body's validation.
      { weight: 4, arbitrary: fc.constant(undefined).map(() => `t=${now()},v1=${sign(body, now())}`) },
      // Valid among junk and several v1 values (rotation).
      { weight: 1, arbitrary: headerText.map((junk) => `t=${now()},v1=${'0'.repeat(64)},v1=${sign(body, now())},x=${junk.replaceAll(',', '')}`) },
      // Stale, future, wrong secret, not hex, truncated, absurd timestamps.
      { weight: 1, arbitrary: fc.integer({ min: 301, max: 10 ** 9 }).map((skew) => `t=${now() - skew},v1=${sign(body, now() - skew)}`) },
      { weight: 1, arbitrary: fc.constant(undefined).map(() => `t=${now()},v1=${sign(body, now(), 'not-the-secret')}`) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('t=1e309,v1=00', 't=-1,v1=zz', 't=NaN,v1=', 'v1=abc', 't=,v1=,', '=', ',,,,', `t=${'9'.repeat(400)},v1=${'f'.repeat(64)}`),
      },
      { weight: 1, arbitrary: headerText },
    );

  it('POST /webhooks/payments: any signature and any signed body get 202 or a 4xx that changes nothing', async () => {
    await quietSnapshot();
    await fc.assert(
      fc.asyncProperty(
        hostileBody(webhookShape, ['id', 'type', 'data']).chain((body) =>
          fc.tuple(fc.constant(body), fc.option(signatureHeader(body), { freq: 8 }), contentType),
        ),
        async ([body, signature, type]) => {
          await hostileRequest('POST /webhooks/payments', '/webhooks/payments', {
            method: 'POST',
            body,
            headers: headersOf({ 'content-type': type, 'webhook-signature': signature ?? undefined }),
          });
        },
      ),
      params(runs(60)),
    );
  }, 300_000);

  it('answers bodies beyond the size limits with a 4xx, not a 5xx or a hang', async () => {
    for (const [path, headers] of [
      ['/orders', {}],
      ['/activity', {}],
      ['/webhooks/payments', {}],
    ] as const) {
      const big = JSON.stringify({ customerId: 'c', items: [], events: [], pad: 'x'.repeat(LAMBDA_SYNC_PAYLOAD_BYTES + 1024) });
      count('oversized body');
      const before = await snapshot();
      const response = await fetch(`${app.runtime.apiUrl.replace(/\/$/, '')}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'webhook-signature': `t=${now()},v1=${sign(big, now())}`, ...headers },
        body: big,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      expect(response.status, `${path}: ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `${path}: ${text.slice(0, 200)}`).toBeLessThan(500);
      expect(await snapshot()).toEqual(before);
    }
  }, 120_000);

  // --- PutEvents and CSV files ----------------------------------------------------------------

  it('PutEvents of catalog events with hostile details: the endpoint answers each entry and no table changes', async () => {
    const before = await quietSnapshot();
    const busName = app.envOf('EVENT_BUS_NAME');
    const sources = [...new Set(catalog.map((definition) => definition.source))];
    const detailTypes = catalog.map((definition) => definition.detailType);
    const entry = fc.record({
      Source: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...sources) }, headerText),
      DetailType: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...detailTypes) }, headerText),
      Detail: fc.oneof(
        fc
          .tuple(fc.dictionary(fc.constantFrom('orderId', 'sku', 'data', 'metadata', 'items', 'total'), anyValue), duplicateKeys(['data', 'metadata']))
          .map(([value, dups]) => withDuplicateKeys(JSON.stringify(value), dups)),
        fc
          .record({ data: fc.record({ orderId: hostileText, sku: hostileText, items: anyValue }, { requiredKeys: [] }), metadata: anyValue })
          .map((value) => JSON.stringify(value)),
        fc.string({ unit: 'binary', maxLength: 100 }),
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 10 }), async (entries) => {
        count('PutEvents');
        try {
          const answer = await events.send(new PutEventsCommand({ Entries: entries.map((e) => ({ ...e, EventBusName: busName })) }), {
            abortSignal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          });
          expect(answer.Entries).toHaveLength(entries.length);
          for (const result of answer.Entries ?? []) expect(result.EventId !== undefined || result.ErrorCode !== undefined).toBe(true);
        } catch (error) {
          // A request EventBridge refuses as a whole is the client's mistake: a 4xx, never a 5xx.
          const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
          expect(status, String(error)).toBeGreaterThanOrEqual(400);
          expect(status, String(error)).toBeLessThan(500);
        }
      }),
      params(runs(25)),
    );
    expect(await quietSnapshot(), 'hostile catalog events changed a table').toEqual(before);
  }, 300_000);

  it('CSV files with hostile content in the imports bucket: each gets a report, and only valid rows reach Products', async () => {
    const bucket = app.runtime.topology.buckets.find((b) => b.name.includes('imports'));
    if (!bucket) throw new Error('no imports bucket');
    const productsTable = app.envOf('PRODUCTS_TABLE');
    let file = 0;
    const field = fc.oneof(hostileText, nanLike, edgeNumber.map(String), rawNumberToken);
    const quoted = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          'sku,name,unitPrice,stock',
          'sku,name,unitPrice',
          'SKU,NAME,UNITPRICE,STOCK',
          '\uFEFFsku,name,unitPrice,stock',
          'stock,sku,name,unitPrice',
          '',
        ),
        fc.array(fc.tuple(fc.boolean(), field, field, field, fc.option(field, { freq: 5 })), { maxLength: 20 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.option(fc.uint8Array({ maxLength: 200 }), { freq: 6 }),
        async (header, rows, newline, bytes) => {
          count('CSV file');
          file += 1;
          const prefix = `FZ${SEED}-${file}-`;
          const lines = rows.map(([ours, name, price, stock, extra], index) =>
            [ours ? `${prefix}${index}` : name, name, price, stock, ...(extra === null ? [] : [extra])].map((value) => quoted(String(value))).join(','),
          );
          const body = bytes ?? Buffer.from([header, ...lines].join(newline));
          const key = `incoming/fuzz-${randomUUID()}.csv`;
          await s3.send(new PutObjectCommand({ Bucket: bucket.name, Key: key, Body: body, ContentType: 'text/csv' }));
          const report = await eventually(async () => {
            try {
              const object = await s3.send(new GetObjectCommand({ Bucket: bucket.name, Key: `reports/${key}.report.json` }));
              return JSON.parse(await object.Body!.transformToString()) as { rowsOk?: number; rowsRejected?: number };
            } catch {
              return undefined;
            }
          }, 60_000).catch(() => {
            throw new Error(`no report for a CSV file within 60 s: ${JSON.stringify(Buffer.from(body).toString('utf8')).slice(0, 500)}`);
          });
          const { Items = [] } = await documents.send(
            new ScanCommand({
              TableName: productsTable,
              FilterExpression: 'begins_with(sku, :prefix)',
              ExpressionAttributeValues: { ':prefix': prefix },
              ConsistentRead: true,
            }),
          );
          expect(Items.length).toBeLessThanOrEqual(report.rowsOk ?? 0);
          for (const item of Items) {
            expect(typeof item['name'] === 'string' && Number.isFinite(item['unitPrice']) && (item['unitPrice'] as number) >= 0, JSON.stringify(item)).toBe(
              true,
            );
            expect(Number.isInteger(item['stock']) && (item['stock'] as number) >= 0, JSON.stringify(item)).toBe(true);
          }
        },
      ),
      params(runs(8)),
    );
  }, 600_000);

  // --- activity last: its windows close and write stats after the requests ---------------------

  const activityEvent = fc.record(
    {
      type: fc.oneof(fc.constantFrom('product_view', 'add_to_cart', 'checkout'), hostileText),
      userId: fc.oneof(fc.uuid(), hostileText, anyValue),
      sku: fc.oneof(fc.constantFrom('FUZZ-ACTIVITY'), hostileText, anyValue),
      at: fc.oneof(
        fc.constant(undefined).map(() => new Date().toISOString()),
        fc.constantFrom('yesterday', '2026-13-40T99:00:00Z', '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z', ''),
        hostileText,
        edgeNumber,
      ),
    },
    { requiredKeys: [] },
  );

  it('POST /activity: any body gets 202 with exactly the accepted events on the stream, or a 4xx that writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileBody(fc.record({ events: fc.oneof(fc.array(activityEvent, { maxLength: 8 }), anyValue) }, { requiredKeys: [] }), ['events']),
        contentType,
        async (body, type) => {
          count('POST /activity');
          const before = await activityRecords();
          const answer = await request('/activity', { method: 'POST', body, headers: headersOf({ 'content-type': type }) });
          tally('POST /activity', answer.status);
          expectClientAnswer('POST /activity', answer);
          const accepted = answer.status === 202 ? Number(answer.body['accepted']) : 0;
          expect(await activityRecords(), `${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`).toBe(before + accepted);
        },
      ),
      params(runs(80)),
    );
  }, 300_000);
});
