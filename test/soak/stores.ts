import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { ChangeMessageVisibilityBatchCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { SoakApp } from './soak-app.ts';

/** Every item of a table (strongly consistent scan, page by page). */
export async function scanTable(app: SoakApp, table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await app.clients.documents.send(new ScanCommand({ TableName: table, ConsistentRead: true, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** What the stores held when read, for the invariants. */
export interface StoresSnapshot {
  events: StoredEvent[];
  products: Record<string, unknown>[];
  orderViews: Record<string, unknown>[];
  notifications: Record<string, unknown>[];
  stats: Record<string, unknown>[];
  promotions: Record<string, unknown>[];
  /** The `detail.metadata.eventId` (or, for events from outside, the EventBridge id) of every archived event. */
  archivedIds: Map<string, number>;
  /** Dead-letter queues and on-failure destinations with the messages they hold. */
  deadLetters: DeadLetterQueue[];
  /** Activity records in the stream: arrival time and the record as ingest-activity wrote it. */
  activityRecords: { arrivedAt: number; data: string }[];
}

export interface StoredEvent {
  aggregateId: string;
  version: number;
  eventId: string;
  detailType: string;
  detail: { data: Record<string, unknown>; metadata: { eventId: string } };
}

export interface DeadLetterQueue {
  name: string;
  path: string;
  url: string;
  /** The queue whose redrive policy names it, if any. */
  sourceQueueUrl?: string;
  messages: Message[];
}

export async function readStores(app: SoakApp): Promise<StoresSnapshot> {
  const [events, products, orderViews, notifications, stats, promotions] = await Promise.all([
    scanTable(app, app.names.eventStore),
    scanTable(app, app.names.products),
    scanTable(app, app.names.orders),
    scanTable(app, app.names.notifications),
    scanTable(app, app.names.stats),
    scanTable(app, app.names.promotions),
  ]);
  return {
    events: events.map((item) => ({
      aggregateId: String(item.aggregateId),
      version: Number(item.version),
      eventId: String(item.eventId),
      detailType: String(item.detailType),
      detail: JSON.parse(String(item.detail)) as StoredEvent['detail'],
    })),
    products,
    orderViews,
    notifications,
    stats,
    promotions,
    archivedIds: archivedIds(app),
    deadLetters: await peekDeadLetters(app),
    activityRecords: await readActivityStream(app),
  };
}

/** How many times each event is in the bus's archives. */
function archivedIds(app: SoakApp): Map<string, number> {
  const counts = new Map<string, number>();
  const now = app.runtime.events.now();
  for (const archive of app.runtime.events.archives()) {
    for (const envelope of archive.eventsBetween(0, now + 1, now)) {
      const metadataId = (envelope.detail as { metadata?: { eventId?: unknown } }).metadata?.eventId;
      for (const id of new Set([envelope.id, ...(typeof metadataId === 'string' ? [metadataId] : [])])) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * The messages of every queue that is a dead-letter queue or an on-failure destination (the app names them
 * `DeadLetter`, `Failures` or `OnFailure`), read without taking them: received with a visibility timeout, then made
 * visible again at once (`keepReceived`: left in flight for a minute, for the caller to delete or release).
 */
export async function peekDeadLetters(app: SoakApp, options: { keepReceived?: boolean } = {}): Promise<DeadLetterQueue[]> {
  const queues = app.runtime.topology.queues.filter((q) => /DeadLetter|Failures|OnFailure/.test(q.path ?? q.name));
  const result: DeadLetterQueue[] = [];
  for (const queue of queues) {
    const source = app.runtime.topology.queues.find((q) => q.redrivePolicy?.deadLetterTargetArn === queue.arn);
    const messages: Message[] = [];
    for (;;) {
      const { Messages = [] } = await app.clients.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.url,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 60,
          WaitTimeSeconds: 0,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['All'],
        }),
      );
      if (Messages.length === 0) break;
      messages.push(...Messages);
    }
    for (let i = 0; i < messages.length && !options.keepReceived; i += 10) {
      await app.clients.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queue.url,
          Entries: messages.slice(i, i + 10).map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 })),
        }),
      );
    }
    result.push({ name: queue.name, path: queue.path ?? queue.name, url: queue.url, ...(source ? { sourceQueueUrl: source.url } : {}), messages });
  }
  return result;
}

/** Every record of the activity stream, from the start of each shard. */
async function readActivityStream(app: SoakApp): Promise<{ arrivedAt: number; data: string }[]> {
  const { kinesis } = app.clients;
  const records: { arrivedAt: number; data: string }[] = [];
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: app.names.activityStream }));
  for (const shard of Shards) {
    let iterator = (
      await kinesis.send(new GetShardIteratorCommand({ StreamName: app.names.activityStream, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))
    ).ShardIterator;
    while (iterator) {
      const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
      for (const record of page.Records ?? []) {
        records.push({ arrivedAt: record.ApproximateArrivalTimestamp?.getTime() ?? 0, data: Buffer.from(record.Data ?? new Uint8Array()).toString('utf8') });
      }
      if ((page.Records ?? []).length === 0 && (page.MillisBehindLatest ?? 0) === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return records;
}
