/**
 * The activity flow's shared model: what `POST /activity` accepts, what the activity stream carries,
 * the counts per product and window, and the ActivityStats table item.
 */
export { addCounts, ActivityCountsSchema, countsOf, zeroCounts, type ActivityCounts } from './activity-counts.ts';
export {
  activityEventId,
  activityEventIndexInBytes,
  activityRequestId,
  MAX_EVENTS_PER_REQUEST,
  parseActivityEventId,
  REQUEST_ID_LENGTH,
} from './activity-event-id.ts';
export { ActivityEvent, COUNTED_ACTIVITY_TYPES, isCounted, Sku, StreamActivityRecord, type CountedActivityType } from './activity-event.ts';
export {
  dayOf,
  normalizeInstant,
  PROMOTIONS_TABLE_KEY,
  STATS_BY_DAY_INDEX,
  STATS_BY_DAY_INDEX_KEY,
  STATS_TABLE_KEY,
  windowKeyOf,
  type ActivityStatsItem,
} from './stats-item.ts';
export { parseStreamActivityRecord, SKU_MAX_LENGTH, TIMESTAMP_PATTERN, USER_ID_MAX_LENGTH } from './stream-record-fast-path.ts';
