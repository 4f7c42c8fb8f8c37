import { KinesisClient, PutRecordsCommand, type PutRecordsCommandInput, type PutRecordsResultEntry } from '@aws-sdk/client-kinesis';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { httpApiEvent, lambdaContext } from '../../../kit/index.ts';

vi.hoisted(() => {
  // Read once, when the handler module loads.
  process.env.ACTIVITY_STREAM_NAME = 'activity';
});

const { handler } = await import('../../../../functions/ingest-activity/handler.ts');

const kinesis = mockClient(KinesisClient);
afterEach(() => kinesis.reset());

const AT = '2026-11-28T12:00:00.000Z';
const view = (userId: string, sku = 'SKU-1') => ({ type: 'product_view', userId, sku, at: AT });

interface IngestBody {
  accepted: number;
  rejected: { index: number; reason: string; errors?: { path: string; message: string }[] }[];
}

/** Kinesis accepts every record of every call. */
function givenStreamAcceptsAll(): void {
  kinesis.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => ({
    FailedRecordCount: 0,
    Records: (input.Records ?? []).map((_, i) => ({ ShardId: 'shardId-000000000000', SequenceNumber: String(1000 + i) })),
  }));
}

async function post(body: unknown, headers: Record<string, string> = {}) {
  const response = (await handler(
    httpApiEvent({ routeKey: 'POST /activity', body, headers }),
    lambdaContext({ functionName: 'ingest-activity' }),
  )) as APIGatewayProxyStructuredResultV2;
  return { status: response.statusCode, body: JSON.parse(response.body as string) as IngestBody & { message?: string; errors?: unknown[] } };
}

/** Every record sent to Kinesis, across calls, with its data parsed. */
const sent = () =>
  kinesis.commandCalls(PutRecordsCommand).flatMap((call) =>
    (call.args[0].input.Records ?? []).map((record) => ({
      partitionKey: record.PartitionKey,
      data: JSON.parse(Buffer.from(record.Data as Uint8Array).toString('utf8')) as Record<string, unknown>,
    })),
  );

describe('ingest-activity', () => {
  it('writes each valid event to the stream, partitioned by its user, with an event id', async () => {
    // Prepare
    givenStreamAcceptsAll();
    const events = [view('u-1'), { type: 'add_to_cart', userId: 'u-2', sku: 'SKU-2', at: AT }, { type: 'page_view', userId: 'u-1', at: AT }];
    // Act
    const { status, body } = await post({ events });
    // Assess
    expect(status).toBe(202);
    expect(body).toEqual({ accepted: 3, rejected: [] });
    const records = sent();
    expect(records.map((r) => r.partitionKey)).toEqual(['u-1', 'u-2', 'u-1']);
    expect(records.map(({ data: { eventId, ...event } }) => event)).toEqual(events);
    const ids = records.map((r) => r.data.eventId as string);
    expect(ids.every((id) => /^[A-Za-z0-9_-]{22}:[0-2]$/.test(id))).toBe(true);
    expect(new Set(ids.map((id) => id.split(':')[0])).size).toBe(1);
    expect(kinesis.commandCalls(PutRecordsCommand)[0]?.args[0].input.StreamName).toBe('activity');
  });

  it('writes byte-identical records when a request is retried with the same Idempotency-Key', async () => {
    // Prepare
    givenStreamAcceptsAll();
    const events = [view('u-1'), view('u-2', 'SKU-2'), { type: 'page_view', userId: 'u-1', at: AT }];
    // Act
    await post({ events }, { 'Idempotency-Key': 'batch-2026-11-28-0001' });
    await post({ events }, { 'idempotency-key': 'batch-2026-11-28-0001' });
    // Assess
    const [first, retry] = kinesis.commandCalls(PutRecordsCommand).map((call) => call.args[0].input.Records);
    expect(retry).toEqual(first);
    expect(sent().map((r) => r.data.eventId)).toEqual([0, 1, 2, 0, 1, 2].map((i) => expect.stringMatching(new RegExp(`^[A-Za-z0-9_-]{22}:${i}$`))));
  });

  it.each([
    ['another key, the same events', 'batch-0002', [view('u-1')]],
    ['the same key, other events', 'batch-0001', [view('u-1', 'SKU-9')]],
  ])('gives new event ids to a request with %s', async (_case, key, events) => {
    // Prepare
    givenStreamAcceptsAll();
    await post({ events: [view('u-1')] }, { 'Idempotency-Key': 'batch-0001' });
    // Act
    const { status } = await post({ events }, { 'Idempotency-Key': key });
    // Assess
    expect(status).toBe(202);
    const [first, second] = sent().map((r) => r.data.eventId);
    expect(second).not.toBe(first);
  });

  it('gives new event ids to each request without an Idempotency-Key', async () => {
    // Prepare
    givenStreamAcceptsAll();
    // Act
    await post({ events: [view('u-1')] });
    await post({ events: [view('u-1')] });
    // Assess
    const [first, second] = sent().map((r) => r.data.eventId);
    expect(second).not.toBe(first);
  });

  it.each([
    ['empty', '', 'expected 1 to 255 printable characters, got an empty value'],
    ['too long', 'k'.repeat(256), 'expected at most 255 characters, got 256'],
    ['not printable ASCII', 'clé-1', 'expected printable ASCII characters only'],
  ])('answers 400 naming the Idempotency-Key header when it is %s, and writes nothing', async (_case, key, message) => {
    // Act
    const { status, body } = await post({ events: [view('u-1')] }, { 'Idempotency-Key': key });
    // Assess
    expect(status).toBe(400);
    expect(body).toEqual({ message: 'The Idempotency-Key header is invalid', errors: [{ path: 'Idempotency-Key', message }] });
    expect(kinesis.commandCalls(PutRecordsCommand)).toHaveLength(0);
  });

  it('rejects each invalid event on its own, with the reason and the paths of its bad fields, and writes the others', async () => {
    // Prepare
    givenStreamAcceptsAll();
    const events = [
      view('u-1'),
      { type: 'product_view', userId: 'u-1', at: AT },
      { type: 'checkout', userId: 'u-1', at: AT },
      { type: 'product_view', userId: 'u-1', sku: 'SKU-1', at: 'yesterday' },
      { type: 'wishlist', userId: 'u-1', sku: 'SKU-1', at: AT },
      'not an object',
      view('u-3'),
    ];
    // Act
    const { status, body } = await post({ events });
    // Assess
    expect(status).toBe(202);
    expect(body.accepted).toBe(2);
    expect(body.rejected.map(({ index, errors }) => ({ index, paths: errors?.map((e) => e.path) }))).toEqual([
      { index: 1, paths: ['events[1].sku'] },
      { index: 2, paths: ['events[2].sku'] },
      { index: 3, paths: ['events[3].at'] },
      { index: 4, paths: ['events[4].type'] },
      { index: 5, paths: ['events[5]'] },
    ]);
    expect(body.rejected[0]?.reason).toBe('Invalid event: sku: required for product_view events');
    expect(body.rejected[1]?.reason).toBe('Invalid event: sku: required for checkout events');
    expect(sent().map((r) => r.partitionKey)).toEqual(['u-1', 'u-3']);
  });

  it('writes nothing when every event is invalid', async () => {
    // Act
    const { status, body } = await post({ events: [{ type: 'product_view' }] });
    // Assess
    expect(status).toBe(202);
    expect(body.accepted).toBe(0);
    expect(body.rejected).toHaveLength(1);
    expect(kinesis.commandCalls(PutRecordsCommand)).toHaveLength(0);
  });

  it('accepts 500 events in one PutRecords call', async () => {
    // Prepare
    givenStreamAcceptsAll();
    const events = Array.from({ length: 500 }, (_, i) => view(`u-${i}`));
    // Act
    const { status, body } = await post({ events });
    // Assess
    expect(status).toBe(202);
    expect(body).toEqual({ accepted: 500, rejected: [] });
    expect(kinesis.commandCalls(PutRecordsCommand)).toHaveLength(1);
  });

  it.each([
    ['no events', { events: [] }, 'events'],
    ['501 events', { events: Array.from({ length: 501 }, (_, i) => view(`u-${i}`)) }, 'events'],
    ['no events list', { items: [view('u-1')] }, 'events'],
    ['events that are not a list', { events: view('u-1') }, 'events'],
  ])('answers 400 to a request with %s and writes nothing', async (_case, requestBody, path) => {
    // Act
    const { status, body } = await post(requestBody);
    // Assess
    expect(status).toBe(400);
    expect(body.message).toBe('The request body is invalid');
    expect(body.errors).toEqual([{ path, message: expect.any(String) }]);
    expect(kinesis.commandCalls(PutRecordsCommand)).toHaveLength(0);
  });

  it('answers 400 to a body that is not JSON', async () => {
    // Act
    const { status, body } = await post('{"events": [');
    // Assess
    expect(status).toBe(400);
    expect(body.message).toMatch(/^The request body is not valid JSON/);
  });

  it('retries only the records Kinesis failed, and reports those still failing as rejected', async () => {
    // Prepare
    const throttled: PutRecordsResultEntry = { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded for shard' };
    const ok = (n: number): PutRecordsResultEntry => ({ ShardId: 'shardId-000000000000', SequenceNumber: String(n) });
    kinesis
      .on(PutRecordsCommand)
      .resolvesOnce({ FailedRecordCount: 2, Records: [ok(1), throttled, ok(2), throttled] })
      .resolvesOnce({ FailedRecordCount: 1, Records: [ok(3), throttled] })
      .resolves({ FailedRecordCount: 1, Records: [throttled] });
    const events = [view('u-0'), { type: 'page_view' }, view('u-1'), view('u-2'), view('u-3')];
    // Act
    const { status, body } = await post({ events });
    // Assess
    expect(status).toBe(202);
    expect(body.accepted).toBe(3);
    expect(body.rejected).toEqual([
      { index: 1, reason: expect.stringMatching(/^Invalid event/), errors: expect.any(Array) },
      { index: 4, reason: 'Not written to the activity stream: ProvisionedThroughputExceededException: Rate exceeded for shard' },
    ]);
    const calls = kinesis.commandCalls(PutRecordsCommand).map((call) => (call.args[0].input.Records ?? []).map((r) => r.PartitionKey));
    expect(calls).toEqual([['u-0', 'u-1', 'u-2', 'u-3'], ['u-1', 'u-3'], ['u-3'], ['u-3']]);
  });

  it('reports every valid event as rejected when the stream cannot be written at all', async () => {
    // Prepare
    kinesis.on(PutRecordsCommand).rejects(Object.assign(new Error('Stream activity not found'), { name: 'ResourceNotFoundException' }));
    // Act
    const { status, body } = await post({ events: [view('u-1'), view('u-2')] });
    // Assess
    expect(status).toBe(202);
    expect(body.accepted).toBe(0);
    expect(body.rejected).toEqual([
      { index: 0, reason: 'Not written to the activity stream: ResourceNotFoundException: Stream activity not found' },
      { index: 1, reason: 'Not written to the activity stream: ResourceNotFoundException: Stream activity not found' },
    ]);
  });
});
