import { readFile } from 'node:fs/promises';
import { UsageError } from '../usage-error.ts';

/** Where the local runtime listens unless told otherwise (`eventful start`'s default port). */
export const DEFAULT_LOCAL_ENDPOINT = 'http://127.0.0.1:4566';

export const ENDPOINT_HELP = `  --endpoint <url>          the local runtime (default: $AWS_ENDPOINT_URL, else ${DEFAULT_LOCAL_ENDPOINT})`;

/** `--endpoint`, else `AWS_ENDPOINT_URL`, else the default port on this machine. */
export function localEndpoint(flag: string | undefined): string {
  const url = flag ?? process.env['AWS_ENDPOINT_URL'] ?? DEFAULT_LOCAL_ENDPOINT;
  try {
    return new URL(url).origin;
  } catch {
    throw new UsageError(`--endpoint is not a URL: "${url}"`);
  }
}

/** SDK client settings for the local runtime: it accepts any credentials, so none from the user's profile are needed. */
export function localClientConfig(endpoint: string): { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } } {
  return {
    endpoint,
    region: process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
}

/** A `<json|@file>` argument: inline JSON text or the content of a file, validated as JSON. */
export async function jsonArgument(flag: string, value: string | undefined): Promise<string> {
  if (value === undefined) throw new UsageError(`missing ${flag} <json|@file>`);
  const text = value.startsWith('@')
    ? await readFile(value.slice(1), 'utf8').catch((error: Error) => {
        throw new UsageError(`cannot read ${flag} file ${value.slice(1)}: ${error.message}`);
      })
    : value;
  try {
    JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag} is not valid JSON: ${(error as Error).message}`);
  }
  return text;
}
