import { ListTablesCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { UsageError } from '@eventful/local/cli';

/**
 * The name of the stack's table whose logical id starts with `logicalIdPrefix` (e.g. `OrdersEventStoreEvents`).
 * CloudFormation names a table it names itself `<stack>-<logical id>-<random suffix>`, and the local
 * runtime does the same (local/loader/physical-names.ts), so one ListTables finds it on both.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html
 */
export async function findStackTable(client: DynamoDBClient, stackName: string, logicalIdPrefix: string, flag: string): Promise<string> {
  const names: string[] = [];
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    names.push(...(page.TableNames ?? []));
    start = page.LastEvaluatedTableName;
  } while (start);
  const prefix = `${stackName}-${logicalIdPrefix}`;
  const matches = names.filter((name) => name.startsWith(prefix));
  if (matches.length === 1) return matches[0] as string;
  if (matches.length === 0) throw new UsageError(`no table named ${prefix}… (stack ${stackName} not deployed or started here?): give ${flag} <table>`);
  throw new UsageError(`several tables named ${prefix}… (${matches.join(', ')}): give ${flag} <table>`);
}
