import type { DynamoDBRecord, KinesisStreamRecord, SQSRecord } from 'aws-lambda';
import { compilePattern, InvalidEventPatternError } from '../eventbridge/patterns/index.ts';
import type { EventSourceKind } from '../topology/types.ts';
import { InvalidFilterCriteriaError } from './errors.ts';

/** Tells whether a record (as it would appear in the event) passes the mapping's filter criteria. */
export type RecordFilter = (record: SQSRecord | KinesisStreamRecord | DynamoDBRecord) => boolean;

const keepAll: RecordFilter = () => true;

/**
 * FilterCriteria, compiled once: EventBridge pattern syntax, the filters ORed together, applied to the record
 * with its data decoded. https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html
 * - SQS: the record with `body` parsed when it is a JSON object or array; a plain-text body stays a string, so a
 *   JSON pattern on `body` drops it (and the reverse), as the documented format check does.
 * - Kinesis: the `kinesis` part of the record (`partitionKey`, `sequenceNumber`, …) with `data` decoded and
 *   parsed; data that is not JSON stays base64 and cannot match a pattern on its fields (AWS drops the record).
 * - DynamoDB: the record as sent, `dynamodb` with typed attribute values (`{ "S": … }`).
 *
 * @throws InvalidFilterCriteriaError naming the mapping and the filter, when a pattern is not valid.
 */
export function compileFilter(kind: EventSourceKind, patterns: readonly Record<string, unknown>[], mapping: string): RecordFilter {
  if (patterns.length === 0) return keepAll;
  const matchers = patterns.map((pattern, index) => {
    try {
      return compilePattern(pattern);
    } catch (error) {
      if (error instanceof InvalidEventPatternError) throw new InvalidFilterCriteriaError(mapping, index, error.reason, { cause: error });
      throw error;
    }
  });
  const view = FILTER_VIEWS[kind];
  return (record) => {
    const subject = view(record);
    return matchers.some((matches) => matches(subject));
  };
}

type AnyRecord = SQSRecord | KinesisStreamRecord | DynamoDBRecord;

// Each view is only given records of its own kind (a mapping reads one source).
const FILTER_VIEWS: Record<EventSourceKind, (record: AnyRecord) => unknown> = {
  sqs: (record) => sqsView(record as SQSRecord),
  kinesis: (record) => kinesisView(record as KinesisStreamRecord),
  dynamodb: (record) => record,
};

const sqsView = (record: SQSRecord) => ({ ...record, body: parseJsonStructure(record.body) ?? record.body });

const kinesisView = (record: KinesisStreamRecord) => ({
  ...record.kinesis,
  data: parseJsonStructure(Buffer.from(record.kinesis.data, 'base64').toString('utf8')) ?? record.kinesis.data,
});

/** A JSON object or array, parsed; anything else (plain text, a bare JSON scalar) is not "JSON data" to a filter. */
function parseJsonStructure(text: string): object | undefined {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}
