import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../../shared/validation/zod.ts';
import { STATS_TABLE_KEY } from '../../shared/activity/index.ts';
import { SEEN_EVENTS_MAX_BYTES, SeenEvents, SeenEventsState } from './seen-events.ts';

/*
 * The ids a shard's recent window parts counted, kept in the stats table for the parts after them: one item per
 * shard, overwritten at each close, so the table holds as many of them as the stream has shards. Its key is no
 * product's (`#` is not in a sku's alphabet) and it has no `day`, so neither GET /products/{sku}/stats nor the
 * by-day index ever sees it.
 */

/**
 * How far back a retry is recognized: a client's retry of `POST /activity` comes seconds after the attempt that
 * wrote the records (longer when a crashed environment must start again under load), so the parts of the windows
 * that started within this time before the current one are remembered, within SEEN_EVENTS_MAX_BYTES.
 */
export const RETRY_LOOKBACK_MS = 5 * 60_000;

/** The item's sort key: there is one item per shard. */
const LATEST = 'latest';

const SeenEventsItem = z.object({ parts: z.array(z.object({ windowStart: z.string(), seen: SeenEventsState })) });
type SeenEventsItem = z.infer<typeof SeenEventsItem>;

export interface SeenEventsTable {
  client: DynamoDBDocumentClient;
  tableName: string;
}

const keyOf = (shardId: string) => ({ [STATS_TABLE_KEY.partitionKey]: `#seen-events#${shardId}`, [STATS_TABLE_KEY.sortKey]: LATEST });

async function readParts(shardId: string, table: SeenEventsTable): Promise<SeenEventsItem['parts']> {
  const { Item } = await table.client.send(new GetCommand({ TableName: table.tableName, Key: keyOf(shardId), ConsistentRead: true }));
  const parsed = SeenEventsItem.safeParse(Item ?? { parts: [] });
  // A foreign or damaged item forgets only what lets a retry of an earlier window count once; counting goes on.
  return parsed.success ? parsed.data.parts : [];
}

const recent = (parts: SeenEventsItem['parts'], windowStart: string) =>
  parts.filter((part) => Date.parse(part.windowStart) >= Date.parse(windowStart) - RETRY_LOOKBACK_MS && part.windowStart <= windowStart);

/**
 * Adds the ids a closed window part counted (`windowStart` normalized) to the shard's item, dropping parts older
 * than RETRY_LOOKBACK_MS, and the oldest ids beyond SEEN_EVENTS_MAX_BYTES (the item stays far under DynamoDB's
 * 400 KB). A retried final invocation writes the same part again: it replaces itself.
 */
export async function saveSeenEvents(shardId: string, windowStart: string, seen: SeenEventsState, table: SeenEventsTable): Promise<void> {
  const kept = recent(await readParts(shardId, table), windowStart).filter((part) => part.windowStart !== windowStart);
  const parts = [...kept, { windowStart, seen }];
  // Newest first against the bound: what does not fit is the oldest.
  let room = SEEN_EVENTS_MAX_BYTES;
  const fitting: SeenEventsItem['parts'] = [];
  for (const part of parts.reverse()) {
    const bytes = SeenEvents.from(part.seen).size.bytes;
    if (bytes > room) break;
    room -= bytes;
    fitting.unshift(part);
  }
  await table.client.send(new PutCommand({ TableName: table.tableName, Item: { ...keyOf(shardId), parts: fitting } }));
}

/**
 * The ids the shard's parts before this one counted within RETRY_LOOKBACK_MS (earlier windows, and earlier parts of
 * this window that a state over 1 MB ended), as one state.
 */
export async function loadEarlierSeenEvents(shardId: string, window: { start: string }, table: SeenEventsTable): Promise<SeenEventsState> {
  const windowStart = new Date(window.start).toISOString();
  const parts = recent(await readParts(shardId, table), windowStart);
  const merged: SeenEventsState = { requests: {}, ids: [] };
  for (const part of parts) {
    for (const [requestId, bitmap] of Object.entries(part.seen.requests)) {
      const before = merged.requests[requestId];
      merged.requests[requestId] = before === undefined ? bitmap : orBitmaps(before, bitmap);
    }
    merged.ids.push(...part.seen.ids);
  }
  return merged;
}

/** One request's indexes seen in either part (a request's records can span a window's end). */
function orBitmaps(a: string, b: string): string {
  const x = Buffer.from(a, 'base64');
  const y = Buffer.from(b, 'base64');
  const [long, short] = x.length >= y.length ? [x, y] : [y, x];
  for (let i = 0; i < short.length; i++) long[i] = (long[i] as number) | (short[i] as number);
  return long.toString('base64');
}
