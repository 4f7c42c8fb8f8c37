/** What an invocation was given, in a line per record: what the explorer's trace shows under each invocation. */
export interface InvocationTrigger {
  kind: 'sqs' | 'kinesis' | 'dynamodb' | 'eventbridge' | 'http' | 'scheduler' | 'other';
  /** One line per record (at most {@link MAX_TRIGGER_LINES}), e.g. `INSERT OrderPlaced (aggregateId=o-1)`. */
  lines: string[];
  /** SQS message ids of the batch: a dead letter's last failure is found by its message id. */
  messageIds: string[];
}

export const MAX_TRIGGER_LINES = 10;

/** Payloads above this are not parsed for a description (the correlation ids are still read from their start). */
const MAX_DESCRIBED_PAYLOAD_CHARS = 256 * 1024;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function describeTrigger(payload: string): InvocationTrigger {
  if (payload.length > MAX_DESCRIBED_PAYLOAD_CHARS) return { kind: 'other', lines: [`payload of ${payload.length} characters`], messageIds: [] };
  let event: unknown;
  try {
    event = JSON.parse(payload);
  } catch {
    return { kind: 'other', lines: [], messageIds: [] };
  }
  if (!isObject(event)) return { kind: 'other', lines: [], messageIds: [] };
  if (Array.isArray(event.Records)) return describeRecords(event.Records);
  if (isObject(event.requestContext) && (text(event.routeKey) || text(event.httpMethod))) {
    return { kind: 'http', lines: [text(event.routeKey) ?? `${text(event.httpMethod)} ${text(event.path)}`], messageIds: [] };
  }
  if (text(event['detail-type'])) {
    const scheduled = event.source === 'aws.scheduler' || event['detail-type'] === 'Scheduled Event';
    return { kind: scheduled ? 'scheduler' : 'eventbridge', lines: [`${event['detail-type']} from ${text(event.source) ?? '?'}`], messageIds: [] };
  }
  return { kind: 'other', lines: [], messageIds: [] };
}

function describeRecords(records: unknown[]): InvocationTrigger {
  const first = records.find(isObject);
  const source = text(first?.eventSource) ?? text(first?.EventSource) ?? '';
  const kind = source === 'aws:sqs' ? 'sqs' : source === 'aws:kinesis' ? 'kinesis' : source === 'aws:dynamodb' ? 'dynamodb' : 'other';
  const lines: string[] = [];
  const messageIds: string[] = [];
  for (const record of records.filter(isObject)) {
    if (kind === 'sqs' && text(record.messageId)) messageIds.push(record.messageId as string);
    if (lines.length < MAX_TRIGGER_LINES) lines.push(describeRecord(kind, record));
  }
  if (records.length > MAX_TRIGGER_LINES) lines.push(`… ${records.length - MAX_TRIGGER_LINES} more`);
  return { kind, lines, messageIds };
}

function describeRecord(kind: InvocationTrigger['kind'], record: Json): string {
  switch (kind) {
    case 'sqs': {
      let what = '';
      try {
        const body = JSON.parse(text(record.body) ?? '') as unknown;
        if (isObject(body) && text(body['detail-type'])) what = ` ${body['detail-type']}`;
      } catch {
        what = ' (body is not JSON)';
      }
      return `message ${text(record.messageId) ?? '?'}${what}`;
    }
    case 'dynamodb': {
      const dynamodb = isObject(record.dynamodb) ? record.dynamodb : {};
      const image = isObject(dynamodb.NewImage) ? dynamodb.NewImage : isObject(dynamodb.OldImage) ? dynamodb.OldImage : {};
      const keys = isObject(dynamodb.Keys) ? dynamodb.Keys : {};
      const keyText = Object.entries(keys)
        .map(([name, value]) => `${name}=${attributeText(value)}`)
        .join(', ');
      const detailType = attributeText(image.detailType ?? image.type);
      return `${text(record.eventName) ?? 'record'}${detailType ? ` ${detailType}` : ''}${keyText ? ` (${keyText})` : ''}`;
    }
    case 'kinesis': {
      const kinesis = isObject(record.kinesis) ? record.kinesis : {};
      return `record ${text(kinesis.sequenceNumber) ?? '?'} (partition key ${text(kinesis.partitionKey) ?? '?'})`;
    }
    default:
      return 'record';
  }
}

/** A DynamoDB attribute value's scalar as text (`{"S":"x"}` → `x`). */
function attributeText(value: unknown): string {
  if (!isObject(value)) return '';
  const scalar = value.S ?? value.N;
  return typeof scalar === 'string' ? scalar : '';
}
