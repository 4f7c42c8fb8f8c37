import type { Chaos } from './chaos.ts';

/** An error answer in AWS's JSON protocols: status, `x-amzn-errortype`, and the body text. */
export interface AwsJsonFault {
  status: number;
  errorType: string;
  body: string;
}

/**
 * The result entry of a PutEvents entry that failed with a retryable error; messages as the API reference's
 * common errors word them. https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsResultEntry.html
 */
export function putEventsEntryFault(kind: 'putevents.internal' | 'putevents.throttle'): { ErrorCode: string; ErrorMessage: string } {
  return kind === 'putevents.internal'
    ? { ErrorCode: 'InternalFailure', ErrorMessage: 'The request processing has failed because of an unknown error, exception or failure.' }
    : { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' };
}

const DYNAMODB_NAMESPACE = 'com.amazonaws.dynamodb.v20120810#';

/** Data-plane calls that consume capacity: only these are throttled (not CreateTable, DescribeTable, streams). */
const DYNAMODB_DATA_OPERATIONS = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactWriteItems',
  'TransactGetItems',
  'ExecuteStatement',
  'BatchExecuteStatement',
  'ExecuteTransaction',
]);
/** Calls a transaction in progress can make fail with a conflict. */
const DYNAMODB_SINGLE_WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);
const DYNAMODB_TRANSACTIONS = new Set(['TransactWriteItems', 'TransactGetItems']);

/**
 * Decides whether a DynamoDB call (`DynamoDB_20120810.<operation>`) gets a fault, and answers it as DynamoDB does
 * (`__type` with DynamoDB's namespace, status 400, JSON 1.0). Undefined: forward the call.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
 */
export function dynamoDbFault(chaos: Chaos, operation: string, body: Buffer, where: string): AwsJsonFault | undefined {
  if (!DYNAMODB_DATA_OPERATIONS.has(operation)) return undefined;
  const conflicts = DYNAMODB_SINGLE_WRITES.has(operation) || DYNAMODB_TRANSACTIONS.has(operation);
  const kind = chaos.strikeOne(
    conflicts ? (['dynamodb.throughput', 'dynamodb.throttle', 'dynamodb.conflict'] as const) : (['dynamodb.throughput', 'dynamodb.throttle'] as const),
    `${operation} ${where}`,
  );
  switch (kind) {
    case undefined:
      return undefined;
    case 'dynamodb.throughput':
      return dynamoDbError(
        `${DYNAMODB_NAMESPACE}ProvisionedThroughputExceededException`,
        'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
      );
    case 'dynamodb.throttle':
      // Throttling is a common error: its namespace is coral's, not DynamoDB's.
      return dynamoDbError('com.amazon.coral.availability#ThrottlingException', 'Rate of requests exceeds the allowed throughput.');
    case 'dynamodb.conflict': {
      if (!DYNAMODB_TRANSACTIONS.has(operation))
        return dynamoDbError(`${DYNAMODB_NAMESPACE}TransactionConflictException`, 'Transaction is ongoing for the item');
      // A transaction is cancelled as a whole; the reasons say which item conflicted, `None` for the others.
      const items = transactItemCount(body);
      const conflicting = Math.floor(chaos.draw('dynamodb.conflict') * items);
      const reasons = Array.from({ length: items }, (_, index) =>
        index === conflicting ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' } : { Code: 'None' },
      );
      return dynamoDbError(
        `${DYNAMODB_NAMESPACE}TransactionCanceledException`,
        `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
        { CancellationReasons: reasons },
      );
    }
  }
}

function dynamoDbError(type: string, message: string, extra: Record<string, unknown> = {}): AwsJsonFault {
  return { status: 400, errorType: type.split('#')[1] as string, body: JSON.stringify({ __type: type, message, ...extra }) };
}

function transactItemCount(body: Buffer): number {
  try {
    const items = (JSON.parse(body.toString('utf8')) as { TransactItems?: unknown }).TransactItems;
    return Array.isArray(items) && items.length > 0 ? items.length : 1;
  } catch {
    return 1;
  }
}

interface PutRecordsRequest {
  Records?: unknown[];
  StreamName?: string;
  StreamARN?: string;
}

interface PutRecordsResult {
  FailedRecordCount?: number;
  Records?: Array<Record<string, unknown>>;
  [member: string]: unknown;
}

/** Where a PutRecords call's records go: the request to forward (without the failed ones) and the answer's merge. */
export interface PutRecordsPlan {
  /** The request with the struck records removed; undefined when every record was struck (nothing to forward). */
  forward: Buffer | undefined;
  /** The client's answer from the engine's (or from nothing when nothing was forwarded). */
  answer(engineBody: Buffer | undefined): Buffer;
}

/**
 * Decides which records of a Kinesis PutRecords call (JSON protocol) fail with
 * `ProvisionedThroughputExceededException`; undefined when none does or the body is not the JSON it expects (then
 * the call is forwarded untouched and the engine answers). The failed records are not written; the answer has
 * them in their places with `ErrorCode`/`ErrorMessage` and counts them in `FailedRecordCount`, as AWS does.
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html
 */
export function kinesisPutRecordsFaults(chaos: Chaos, body: Buffer, accountId: string): PutRecordsPlan | undefined {
  let request: PutRecordsRequest;
  try {
    request = JSON.parse(body.toString('utf8')) as PutRecordsRequest;
  } catch {
    return undefined;
  }
  if (!Array.isArray(request.Records) || request.Records.length === 0) return undefined;
  const stream = request.StreamName ?? request.StreamARN?.split('/').pop() ?? 'unknown';
  const failed = request.Records.map((_, index) => chaos.strike('kinesis.throughput', `PutRecords ${stream} record ${index}`));
  if (!failed.includes(true)) return undefined;
  const kept = request.Records.filter((_, index) => !failed[index]);
  const error = {
    ErrorCode: 'ProvisionedThroughputExceededException',
    ErrorMessage: `Rate exceeded for shard shardId-000000000000 in stream ${stream} under account ${accountId}.`,
  };
  return {
    forward: kept.length > 0 ? Buffer.from(JSON.stringify({ ...request, Records: kept })) : undefined,
    answer(engineBody) {
      const engine: PutRecordsResult = engineBody ? (JSON.parse(engineBody.toString('utf8')) as PutRecordsResult) : {};
      const written = engine.Records ?? [];
      let next = 0;
      const records = failed.map((struck) => (struck ? error : (written[next++] ?? error)));
      const { FailedRecordCount: engineFailed = 0, Records: _records, ...rest } = engine;
      return Buffer.from(JSON.stringify({ ...rest, FailedRecordCount: engineFailed + failed.filter(Boolean).length, Records: records }));
    },
  };
}
