/*
 * The AWS limits the publishers respect. They are AWS knowledge shared with the local runtime, defined once
 * there (local/aws/limits.ts, each with the page that states it) and re-exported here for the app's code.
 */
export {
  KINESIS_DEFAULT_MAX_RECORD_BYTES,
  KINESIS_MAX_PARTITION_KEY_LENGTH,
  KINESIS_MAX_RECORD_BYTES_LIMIT,
  PUT_EVENTS_MAX_ENTRIES,
  PUT_EVENTS_MAX_REQUEST_BYTES,
  PUT_EVENTS_TIME_BYTES,
  PUT_RECORDS_MAX_RECORDS,
  PUT_RECORDS_MAX_REQUEST_BYTES,
  putEventsEntrySize,
} from '@eventful/local/aws';
