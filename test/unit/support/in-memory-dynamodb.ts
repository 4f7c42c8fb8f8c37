import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type BatchGetCommandInput,
  type GetCommandInput,
  type PutCommandInput,
  type QueryCommandInput,
  type TransactWriteCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

/*
 * A small in-memory stand-in for the DynamoDB tables of the orders flow, behind the document client,
 * so the orders consumers' handler tests exercise their real reads, conditional writes and
 * transactions (shared by the handler tests of every function of the orders flow that writes to them). It understands exactly the expressions those
 * functions write: `attribute_[not_]exists(a)`, `a < :v`, `a >= :v` joined by OR,
 * `SET a = a ± :v` or `SET a = if_not_exists(a, :v) ± :w`,
 * key conditions `a = :v [AND b < :w]`. Anything else throws, so a test never passes on an expression
 * the fake silently misread. The real semantics are pinned by the DynamoDB Local integration tests.
 */

type Item = Record<string, unknown>;
type Names = Record<string, string> | undefined;
type Values = Record<string, unknown> | undefined;

export interface TableSchema {
  partitionKey: string;
  sortKey?: string;
  indexes?: Record<string, { partitionKey: string; sortKey?: string }>;
}

const mockDocuments = () => mockClient(DynamoDBDocumentClient);

type CommandName = 'QueryCommand' | 'PutCommand' | 'GetCommand' | 'BatchGetCommand' | 'TransactWriteCommand' | 'UpdateCommand';

export interface InMemoryDynamoDB {
  /** The document client mock, to inspect calls (`commandCalls`). */
  mock: ReturnType<typeof mockDocuments>;
  put(table: string, item: Item): void;
  get(table: string, key: Item): Item | undefined;
  items(table: string): Item[];
  /** The next `times` calls of `command` fail with `error` (before touching any item). */
  failNext(command: CommandName, error: Error, times?: number): void;
  /** Runs before the next call of `command`, e.g. to let a competitor write first. */
  beforeNext(command: CommandName, action: () => void): void;
  /** Items per Query page (LastEvaluatedKey set while more remain). @default 100 */
  queryPageSize: number;
  /** Keys BatchGetItem leaves unprocessed on its next call. */
  unprocessedNext: Item[];
  reset(): void;
}

const clone = <T>(value: T): T => structuredClone(value);
const name = (token: string, names: Names): string => (token.startsWith('#') ? (names?.[token] ?? fail(`unknown name ${token}`)) : token);
const value = (token: string, values: Values): unknown =>
  token.startsWith(':') ? (values?.[token] ?? fail(`unknown value ${token}`)) : fail(`expected a value, got ${token}`);

function fail(message: string): never {
  throw new Error(`in-memory DynamoDB: ${message}`);
}

function compare(left: unknown, operator: string, right: unknown): boolean {
  if (left === undefined) return false;
  const [a, b] = [left as number | string, right as number | string];
  switch (operator) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '=':
      return a === b;
    default:
      return fail(`unsupported operator ${operator}`);
  }
}

function conditionHolds(expression: string | undefined, item: Item | undefined, names: Names, values: Values): boolean {
  if (expression === undefined) return true;
  return expression.split(/\s+OR\s+/).some((term) => {
    const notExists = /^attribute_not_exists\((\S+)\)$/.exec(term.trim());
    if (notExists) return item?.[name(notExists[1]!, names)] === undefined;
    const exists = /^attribute_exists\((\S+)\)$/.exec(term.trim());
    if (exists) return item?.[name(exists[1]!, names)] !== undefined;
    const comparison = /^(\S+)\s*(<=|>=|<|>|=)\s*(\S+)$/.exec(term.trim());
    if (comparison) return compare(item?.[name(comparison[1]!, names)], comparison[2]!, value(comparison[3]!, values));
    return fail(`unsupported condition ${term}`);
  });
}

function applyUpdate(item: Item | undefined, key: Item, expression: string, names: Names, values: Values): Item {
  const set = /^SET\s+(\S+)\s*=\s*(?:if_not_exists\((\S+),\s*(\S+)\)|(\S+))\s*([+-])\s*(\S+)$/.exec(expression.trim());
  if (!set) return fail(`unsupported update ${expression}`);
  const target = name(set[1]!, names);
  const [, , fallbackOf, fallback, plain, operator, operandToken] = set;
  const stored = item?.[name((fallbackOf ?? plain)!, names)];
  const current = stored === undefined && fallback !== undefined ? value(fallback, values) : stored;
  if (typeof current !== 'number') {
    // What DynamoDB answers when an operand of the SET refers to a missing attribute.
    throw Object.assign(new Error('The provided expression refers to an attribute that does not exist in the item'), { name: 'ValidationException' });
  }
  const operand = value(operandToken!, values) as number;
  return { ...(item ?? key), [target]: operator === '+' ? current + operand : current - operand };
}

export function inMemoryDynamoDB(schemas: Record<string, TableSchema>): InMemoryDynamoDB {
  const tables = new Map<string, Map<string, Item>>();
  const failures = new Map<CommandName, Error[]>();
  const before = new Map<CommandName, (() => void)[]>();
  const mock = mockDocuments();

  const schemaOf = (table: string) => schemas[table] ?? fail(`unknown table ${table}`);
  const tableOf = (table: string) => {
    schemaOf(table);
    let rows = tables.get(table);
    if (!rows) tables.set(table, (rows = new Map()));
    return rows;
  };
  const keyOf = (table: string, item: Item) => {
    const { partitionKey, sortKey } = schemaOf(table);
    if (item[partitionKey] === undefined) fail(`${table}: key ${partitionKey} missing`);
    return JSON.stringify([item[partitionKey], sortKey ? item[sortKey] : null]);
  };
  const prelude = (command: CommandName) => {
    before.get(command)?.shift()?.();
    const error = failures.get(command)?.shift();
    if (error) throw error;
  };

  const fake: InMemoryDynamoDB = {
    mock,
    queryPageSize: 100,
    unprocessedNext: [],
    put: (table, item) => void tableOf(table).set(keyOf(table, item), clone(item)),
    get: (table, key) => clone(tableOf(table).get(keyOf(table, key))),
    items: (table) => [...tableOf(table).values()].map(clone),
    failNext: (command, error, times = 1) => failures.set(command, [...(failures.get(command) ?? []), ...Array.from({ length: times }, () => error)]),
    beforeNext: (command, action) => before.set(command, [...(before.get(command) ?? []), action]),
    reset: () => {
      mock.resetHistory();
      tables.clear();
      failures.clear();
      before.clear();
      fake.queryPageSize = 100;
      fake.unprocessedNext = [];
    },
  };

  mock.on(GetCommand).callsFake((input: GetCommandInput) => {
    prelude('GetCommand');
    const item = tableOf(input.TableName!).get(keyOf(input.TableName!, input.Key!));
    return item ? { Item: clone(item) } : {};
  });

  mock.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => {
    prelude('BatchGetCommand');
    const Responses: Record<string, Item[]> = {};
    const UnprocessedKeys: Record<string, { Keys: Item[] }> = {};
    for (const [table, { Keys = [] }] of Object.entries(input.RequestItems ?? {})) {
      const keys = new Set(Keys.map((key) => keyOf(table, key)));
      if (keys.size !== Keys.length) fail('BatchGetItem: duplicate keys');
      const unprocessed = fake.unprocessedNext.filter((key) => keys.has(keyOf(table, key)));
      fake.unprocessedNext = [];
      const skipped = new Set(unprocessed.map((key) => keyOf(table, key)));
      Responses[table] = Keys.filter((key) => !skipped.has(keyOf(table, key))).flatMap((key) => {
        const item = tableOf(table).get(keyOf(table, key));
        return item ? [clone(item)] : [];
      });
      if (unprocessed.length > 0) UnprocessedKeys[table] = { Keys: unprocessed };
    }
    return { Responses, UnprocessedKeys };
  });

  mock.on(QueryCommand).callsFake((input: QueryCommandInput) => {
    prelude('QueryCommand');
    const table = input.TableName!;
    const schema = schemaOf(table);
    const keys = input.IndexName ? (schema.indexes?.[input.IndexName] ?? fail(`unknown index ${input.IndexName}`)) : schema;
    const [hash, range] = (input.KeyConditionExpression ?? '').split(/\s+AND\s+/);
    const hashMatch = /^(\S+)\s*=\s*(\S+)$/.exec(hash ?? '') ?? fail(`unsupported key condition ${input.KeyConditionExpression}`);
    if (name(hashMatch[1]!, input.ExpressionAttributeNames) !== keys.partitionKey) fail('key condition on a non-key attribute');
    const rangeMatch = range ? (/^(\S+)\s*(<=|>=|<|>|=)\s*(\S+)$/.exec(range) ?? fail(`unsupported key condition ${range}`)) : undefined;
    const rows = [...tableOf(table).values()]
      .filter((item) => item[keys.partitionKey] === value(hashMatch[2]!, input.ExpressionAttributeValues))
      .filter(
        (item) =>
          !rangeMatch ||
          compare(item[name(rangeMatch[1]!, input.ExpressionAttributeNames)], rangeMatch[2]!, value(rangeMatch[3]!, input.ExpressionAttributeValues)),
      )
      .sort((a, b) => {
        const sortKey = keys.sortKey;
        if (!sortKey) return 0;
        return (a[sortKey] as number | string) < (b[sortKey] as number | string) ? -1 : 1;
      });
    const start = input.ExclusiveStartKey ? rows.findIndex((item) => keyOf(table, item) === keyOf(table, input.ExclusiveStartKey!)) + 1 : 0;
    const page = rows.slice(start, start + fake.queryPageSize);
    const more = start + fake.queryPageSize < rows.length;
    return { Items: page.map(clone), ...(more && { LastEvaluatedKey: clone(page[page.length - 1]) }) };
  });

  mock.on(PutCommand).callsFake((input: PutCommandInput) => {
    prelude('PutCommand');
    const rows = tableOf(input.TableName!);
    const key = keyOf(input.TableName!, input.Item!);
    if (!conditionHolds(input.ConditionExpression, rows.get(key), input.ExpressionAttributeNames, input.ExpressionAttributeValues)) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    }
    rows.set(key, clone(input.Item!));
    return {};
  });

  mock.on(UpdateCommand).callsFake((input: UpdateCommandInput) => {
    prelude('UpdateCommand');
    const rows = tableOf(input.TableName!);
    const key = keyOf(input.TableName!, input.Key!);
    if (!conditionHolds(input.ConditionExpression, rows.get(key), input.ExpressionAttributeNames, input.ExpressionAttributeValues)) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    }
    rows.set(key, applyUpdate(rows.get(key), input.Key!, input.UpdateExpression!, input.ExpressionAttributeNames, input.ExpressionAttributeValues));
    return {};
  });

  mock.on(TransactWriteCommand).callsFake((input: TransactWriteCommandInput) => {
    prelude('TransactWriteCommand');
    const actions = input.TransactItems ?? [];
    const reasons = actions.map((action) => {
      const write = action.Put ?? action.Update ?? fail('only Put and Update are supported in transactions');
      const table = write.TableName!;
      const current = tableOf(table).get(keyOf(table, action.Put ? action.Put.Item! : action.Update!.Key!));
      return conditionHolds(write.ConditionExpression, current, write.ExpressionAttributeNames, write.ExpressionAttributeValues)
        ? 'None'
        : 'ConditionalCheckFailed';
    });
    if (reasons.some((code) => code !== 'None')) {
      throw new TransactionCanceledException({
        message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.join(', ')}]`,
        $metadata: {},
        CancellationReasons: reasons.map((Code) => ({ Code })),
      });
    }
    const writes = actions.map((action) => {
      if (action.Put) return { table: action.Put.TableName!, item: clone(action.Put.Item!) };
      const { TableName, Key, UpdateExpression, ExpressionAttributeNames, ExpressionAttributeValues } = action.Update!;
      return {
        table: TableName!,
        item: applyUpdate(tableOf(TableName!).get(keyOf(TableName!, Key!)), Key!, UpdateExpression!, ExpressionAttributeNames, ExpressionAttributeValues),
      };
    });
    for (const { table, item } of writes) tableOf(table).set(keyOf(table, item), item);
    return {};
  });

  return fake;
}
