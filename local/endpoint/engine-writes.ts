import type { EngineWrite } from '../engines/types.ts';

/*
 * What a request forwarded to an engine writes, told from its operation and body, so the pollers of what it wrote
 * (a table's stream, a Kinesis stream, a queue) can be woken once the engine has accepted it. Only the operations
 * that add records or messages are writes; `resources` is left out when the request does not name them in a way
 * read here (PartiQL statements, CBOR or unparsable bodies): every source of the service may then have work.
 */

/** DynamoDB operations that change items (each change a stream record). https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB.html */
const DYNAMODB_ITEM_WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
/** PartiQL: the table is in the statement's text. */
const DYNAMODB_STATEMENTS = new Set(['ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction']);
const KINESIS_WRITES = new Set(['PutRecord', 'PutRecords']);
const SQS_WRITES = new Set(['SendMessage', 'SendMessageBatch']);

/** Whether a DynamoDB operation (`X-Amz-Target` without its prefix) may write stream records. */
export function isDynamoDbWrite(operation: string): boolean {
  return DYNAMODB_ITEM_WRITES.has(operation) || DYNAMODB_STATEMENTS.has(operation);
}

export const isKinesisWrite = (operation: string): boolean => KINESIS_WRITES.has(operation);
export const isSqsWrite = (operation: string): boolean => SQS_WRITES.has(operation);

/** The tables a DynamoDB write names: `TableName` (a name or a table ARN), `RequestItems`' keys, each transact item's. */
export function dynamoDbWrite(operation: string, body: Buffer): EngineWrite {
  const input = DYNAMODB_ITEM_WRITES.has(operation) ? parseObject(body) : undefined;
  if (!input) return { service: 'dynamodb' };
  const names: unknown[] = [];
  if (operation === 'BatchWriteItem') names.push(...Object.keys(asObject(input['RequestItems']) ?? {}));
  else if (operation === 'TransactWriteItems') {
    for (const item of Array.isArray(input['TransactItems']) ? input['TransactItems'] : []) {
      for (const kind of ['Put', 'Update', 'Delete'] as const) names.push(asObject(asObject(item)?.[kind])?.['TableName']);
    }
  } else names.push(input['TableName']);
  return written('dynamodb', names, /:table\/([^/]+)/);
}

/** The stream a `PutRecord` / `PutRecords` names (`StreamName`, or the name in `StreamARN`). */
export function kinesisWrite(body: Buffer): EngineWrite {
  const input = parseObject(body);
  if (!input) return { service: 'kinesis' };
  return written('kinesis', [input['StreamName'] ?? input['StreamARN']], /:stream\/([^/]+)/);
}

/** The queue a `SendMessage` / `SendMessageBatch` names, by the last segment of its `QueueUrl`. */
export function sqsWrite(input: Record<string, unknown> | undefined): EngineWrite {
  const url = input?.['QueueUrl'];
  if (typeof url !== 'string') return { service: 'sqs' };
  const name = url.split('?')[0]?.split('/').filter(Boolean).at(-1);
  return name ? { service: 'sqs', resources: [name] } : { service: 'sqs' };
}

/** The JSON body as an object, or undefined (CBOR, malformed). */
export function parseObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    return asObject(JSON.parse(body.toString('utf8')));
  } catch {
    return undefined;
  }
}

function written(service: EngineWrite['service'], names: readonly unknown[], arnName: RegExp): EngineWrite {
  const resources = names.filter((name): name is string => typeof name === 'string' && name !== '').map((name) => arnName.exec(name)?.[1] ?? name);
  return resources.length > 0 ? { service, resources } : { service };
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
