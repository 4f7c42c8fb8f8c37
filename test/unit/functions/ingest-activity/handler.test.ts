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

async function post(body: unknown) {
  const response = (await handler(
    httpApiEvent({ routeKey: 'POST /activity', body }),
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
    expect(ids.every((id) => /^[0-9a-f-]{36}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(3);
    expect(kinesis.commandCalls(PutRecordsCommand)[0]?.args[0].input.StreamName).toBe('activity');
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
