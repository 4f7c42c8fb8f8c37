import * as z from '../validation/zod.ts';
import { IDENTIFIER_PATTERN } from '../events/catalog/common.ts';
import { ActivityType } from '../events/index.ts';
import { isCounted, StreamActivityRecord } from './activity-event.ts';

// The limits of StreamActivityRecord's fields (shared/events/catalog/activity.ts, common.ts), checked by hand below.
export const USER_ID_MAX_LENGTH = 128;
export const SKU_MAX_LENGTH = 64;
const TYPES: ReadonlySet<unknown> = new Set(ActivityType.options);
// The very pattern of the catalog's Timestamp (z.iso.datetime({ offset: true })), from zod itself.
export const TIMESTAMP_PATTERN = z.regexes.datetime({ offset: true, local: false, precision: null });

/**
 * StreamActivityRecord.safeParse, answered without zod for a record that is plainly valid (every record ingest
 * writes): the same checks, by hand, on the same limits and patterns, giving the same data (unknown keys left out).
 * Anything else goes to zod, so what is refused and how the refusal reads are zod's. The window aggregator reads
 * every record of every batch: zod's parse costs more than the JSON.parse before it (bench: stream aggregation).
 */
export function parseStreamActivityRecord(value: unknown): z.util.SafeParseResult<StreamActivityRecord> {
  const plain = plainStreamActivityRecord(value);
  return plain ? { success: true, data: plain } : StreamActivityRecord.safeParse(value);
}

function plainStreamActivityRecord(value: unknown): StreamActivityRecord | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { type, userId, sku, at, eventId } = value as Record<string, unknown>;
  if (!TYPES.has(type)) return undefined;
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > USER_ID_MAX_LENGTH) return undefined;
  if (sku !== undefined && (typeof sku !== 'string' || sku.length > SKU_MAX_LENGTH || !IDENTIFIER_PATTERN.test(sku))) return undefined;
  if (typeof at !== 'string' || !TIMESTAMP_PATTERN.test(at)) return undefined;
  if (typeof eventId !== 'string' || eventId.length === 0) return undefined;
  // As zod: a `sku` key present with no value stays in the data, an absent one stays absent.
  const record = ('sku' in value ? { type, userId, sku, at, eventId } : { type, userId, at, eventId }) as StreamActivityRecord;
  return isCounted(record) || record.type === 'page_view' ? record : undefined;
}
