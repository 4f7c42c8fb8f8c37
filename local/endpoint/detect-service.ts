/** The services the endpoint routes to. */
export type ServiceName = 'events' | 'dynamodb' | 'dynamodb-streams' | 'kinesis' | 'sqs' | 's3' | 'lambda' | 'secretsmanager';

export type Detection = { service: ServiceName; by: string } | { service: 'unknown'; name: string; by: string };

export interface RequestFacts {
  method: string;
  /** Path and query, as received (`/bucket/key?x=1`). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

/** The `X-Amz-Target` prefixes of the JSON-protocol services. */
const TARGET_PREFIXES: [prefix: string, service: ServiceName][] = [
  ['AWSEvents.', 'events'],
  ['DynamoDBStreams_20120810.', 'dynamodb-streams'],
  ['DynamoDB_20120810.', 'dynamodb'],
  ['Kinesis_20131202.', 'kinesis'],
  ['AmazonSQS.', 'sqs'],
  ['secretsmanager.', 'secretsmanager'],
];

/**
 * The signing names in SigV4 credential scopes, as the SDKs and the CLI use them. A Map: the scope is the caller's
 * text, and an object would answer `constructor` with what it inherits.
 */
const SIGNING_NAMES: ReadonlyMap<string, ServiceName> = new Map<string, ServiceName>([
  ['events', 'events'],
  ['dynamodb', 'dynamodb'],
  ['kinesis', 'kinesis'],
  ['sqs', 'sqs'],
  ['s3', 's3'],
  ['lambda', 'lambda'],
  ['secretsmanager', 'secretsmanager'],
]);

/** The Lambda Invoke API path: https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html */
export const LAMBDA_INVOKE_PATH = /^\/2015-03-31\/functions\/([^/?]+)\/invocations(?:\?|$)/;

/**
 * Which service a request is for. The SigV4 credential scope (`<key>/<date>/<region>/<service>/aws4_request`, in
 * the `Authorization` header or a presigned URL's `X-Amz-Credential`) names it most reliably; DynamoDB Streams
 * signs as `dynamodb`, so its `X-Amz-Target` tells the two apart. Unsigned requests fall back to
 * `X-Amz-Target`, the Lambda path, and otherwise S3 (path-style REST).
 */
export function detectService(request: RequestFacts): Detection {
  const target = header(request.headers, 'x-amz-target');
  const byTarget = target === undefined ? undefined : TARGET_PREFIXES.find(([prefix]) => target.startsWith(prefix))?.[1];
  const scope = signingName(request);
  if (scope !== undefined) {
    const service = SIGNING_NAMES.get(scope);
    if (service === undefined) return { service: 'unknown', name: scope, by: 'credential scope' };
    if (service === 'dynamodb' && byTarget === 'dynamodb-streams') return { service: byTarget, by: 'X-Amz-Target' };
    return { service, by: 'credential scope' };
  }
  if (target !== undefined) {
    return byTarget === undefined ? { service: 'unknown', name: target, by: 'X-Amz-Target' } : { service: byTarget, by: 'X-Amz-Target' };
  }
  if (LAMBDA_INVOKE_PATH.test(request.url)) return { service: 'lambda', by: 'path' };
  return { service: 's3', by: 'path (S3 REST)' };
}

/** The service in the request's SigV4 credential scope, if it is signed. */
export function signingName(request: Pick<RequestFacts, 'url' | 'headers'>): string | undefined {
  const authorization = header(request.headers, 'authorization');
  const fromHeader = authorization === undefined ? undefined : /Credential=[^/,\s]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(authorization)?.[1];
  if (fromHeader !== undefined) return fromHeader;
  const query = request.url.indexOf('?');
  if (query < 0) return undefined;
  const credential = new URLSearchParams(request.url.slice(query + 1)).get('X-Amz-Credential');
  return credential === null ? undefined : /^[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request$/.exec(credential)?.[1];
}

export function header(headers: RequestFacts['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
