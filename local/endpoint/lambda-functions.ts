import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { functionArn, parseFunctionReference } from '../lambda/function-arn.ts';
import type { FunctionSpec } from '../topology/types.ts';
import { sendAwsError } from './aws-error.ts';
import type { EndpointRequest, EndpointResponse } from './http-types.ts';
import { decodedSegment } from './path-segment.ts';

/** What the endpoint needs to describe the app's functions: `LambdaService` (`functions()`, `find()`). */
export interface LambdaCatalog {
  /** The functions as they run now (after a hot reload, with their new code). */
  functions(): readonly FunctionSpec[];
  /** The function a name, partial ARN or ARN refers to. */
  find(functionNameOrArn: string): FunctionSpec | undefined;
}

/** `ListFunctions`: `GET /2015-03-31/functions/`. https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctions.html */
const LIST_FUNCTIONS_PATH = /^\/2015-03-31\/functions\/?$/;
/** `GetFunction`: `GET /2015-03-31/functions/<name>`. https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html */
const GET_FUNCTION_PATH = /^\/2015-03-31\/functions\/([^/]+)\/?$/;
/** `GetFunctionConfiguration`: `GET /2015-03-31/functions/<name>/configuration`. https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionConfiguration.html */
const GET_CONFIGURATION_PATH = /^\/2015-03-31\/functions\/([^/]+)\/configuration\/?$/;

/** ListFunctions' `MaxItems`: "Valid Range: Minimum value of 1. Maximum value of 10000." (API_ListFunctions). */
export const LIST_FUNCTIONS_MAX_ITEMS = 10_000;
/** What ListFunctions returns per page without `MaxItems`: 50 (API_ListFunctions). */
export const LIST_FUNCTIONS_DEFAULT_ITEMS = 50;
/** Lambda's default `/tmp` size, `EphemeralStorage.Size`: 512 MB (API_EphemeralStorage). */
const DEFAULT_EPHEMERAL_STORAGE_MB = 512;
const LATEST = '$LATEST';

/** Whether a request is one of the read operations served here (the rest of the Lambda API goes to Invoke's handler). */
export function isLambdaFunctionsRequest(req: EndpointRequest): boolean {
  if (req.method !== 'GET') return false;
  const path = (req.url ?? '/').split('?')[0] as string;
  return LIST_FUNCTIONS_PATH.test(path) || GET_FUNCTION_PATH.test(path) || GET_CONFIGURATION_PATH.test(path);
}

/**
 * Lambda's read API over the app's functions, answered as Lambda answers (REST-JSON): `ListFunctions` (paginated
 * with `Marker` / `MaxItems`), `GetFunction` and `GetFunctionConfiguration`, so `aws lambda list-functions` and the
 * SDK's LambdaClient work against the endpoint. Only `$LATEST` exists locally: another qualifier is not found.
 */
export function serveLambdaFunctions(
  req: EndpointRequest,
  res: EndpointResponse,
  catalog: LambdaCatalog,
  account: { region: string; accountId: string },
): void {
  const [path = '/', query = ''] = (req.url ?? '/').split('?');
  const params = new URLSearchParams(query);
  if (LIST_FUNCTIONS_PATH.test(path)) return listFunctions(res, catalog, params);
  const configuration = GET_CONFIGURATION_PATH.exec(path);
  const match = configuration ?? GET_FUNCTION_PATH.exec(path);
  const name = decodedSegment(match?.[1] ?? '');
  if (name === undefined || name === '') {
    return sendAwsError(
      res,
      { status: 400, code: 'InvalidParameterValueException', message: `The function name in the path is not valid: ${match?.[1]}` },
      'json',
    );
  }
  const reference = parseFunctionReference(name);
  const qualifier = params.get('Qualifier') ?? reference.qualifier;
  const fn = catalog.find(name);
  if (!fn || (qualifier !== undefined && qualifier !== LATEST)) {
    const arn = fn?.arn ?? functionArn(account.region, account.accountId, reference.functionName);
    return sendJson(res, 404, { Type: 'User', Message: `Function not found: ${qualifier ? `${arn}:${qualifier}` : arn}` }, 'ResourceNotFoundException');
  }
  const described = functionConfiguration(fn);
  if (configuration) return sendJson(res, 200, described);
  sendJson(res, 200, {
    Configuration: described,
    // Lambda answers a presigned S3 URL of the deployment package; locally the bundle is this folder.
    Code: { RepositoryType: 'S3', Location: `file://${fn.codeDir}` },
    ...(fn.reservedConcurrency === undefined ? {} : { Concurrency: { ReservedConcurrentExecutions: fn.reservedConcurrency } }),
  });
}

function listFunctions(res: EndpointResponse, catalog: LambdaCatalog, params: URLSearchParams): void {
  const maxItemsText = params.get('MaxItems');
  const maxItems = maxItemsText === null ? LIST_FUNCTIONS_DEFAULT_ITEMS : Number(maxItemsText);
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > LIST_FUNCTIONS_MAX_ITEMS) {
    return sendAwsError(
      res,
      {
        status: 400,
        code: 'InvalidParameterValueException',
        message: `MaxItems must be an integer from 1 to ${LIST_FUNCTIONS_MAX_ITEMS}, got "${maxItemsText}"`,
      },
      'json',
    );
  }
  const all = [...catalog.functions()].sort((a, b) => a.name.localeCompare(b.name));
  const marker = params.get('Marker');
  let start = 0;
  if (marker !== null) {
    const after = decodeMarker(marker);
    if (after === undefined)
      return sendAwsError(res, { status: 400, code: 'InvalidParameterValueException', message: `Marker is not one this endpoint returned: ${marker}` }, 'json');
    start = all.findIndex((fn) => fn.name.localeCompare(after) > 0);
    if (start < 0) start = all.length;
  }
  const page = all.slice(start, start + maxItems);
  const more = start + maxItems < all.length;
  sendJson(res, 200, {
    Functions: page.map(functionConfiguration),
    ...(more ? { NextMarker: encodeMarker((page.at(-1) as FunctionSpec).name) } : {}),
  });
}

/** An opaque marker, as Lambda's are: the last name of the page, so a list that changed between pages still continues in order. */
function encodeMarker(lastName: string): string {
  return Buffer.from(JSON.stringify({ after: lastName })).toString('base64url');
}

function decodeMarker(marker: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(marker, 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && typeof (parsed as { after?: unknown }).after === 'string'
      ? (parsed as { after: string }).after
      : undefined;
  } catch {
    return undefined;
  }
}

/** `FunctionConfiguration`, as Lambda describes a `$LATEST` Zip function. https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html */
export function functionConfiguration(fn: FunctionSpec): Record<string, unknown> {
  const code = codeDigest(fn.codeDir);
  const config = fn.configuration ?? {};
  const logging = config.logging ?? {};
  return {
    FunctionName: fn.name,
    FunctionArn: fn.arn,
    Runtime: fn.runtime,
    Role: config.role ?? `arn:aws:iam::${fn.arn.split(':')[4]}:role/${fn.name}`,
    Handler: fn.handler,
    CodeSize: code.size,
    Description: config.description ?? '',
    Timeout: fn.timeoutSeconds,
    MemorySize: fn.memoryMb,
    LastModified: lambdaTimestamp(code.modified),
    CodeSha256: code.sha256,
    Version: LATEST,
    ...(Object.keys(fn.environment).length > 0 ? { Environment: { Variables: fn.environment } } : {}),
    ...(fn.deadLetterArn ? { DeadLetterConfig: { TargetArn: fn.deadLetterArn } } : {}),
    TracingConfig: { Mode: config.tracingMode ?? 'PassThrough' },
    RevisionId: revisionId(code.sha256, fn),
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: [fn.architecture],
    EphemeralStorage: { Size: config.ephemeralStorageMb ?? DEFAULT_EPHEMERAL_STORAGE_MB },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: {
      LogFormat: logging.logFormat ?? 'Text',
      ...(logging.applicationLogLevel ? { ApplicationLogLevel: logging.applicationLogLevel } : {}),
      ...(logging.systemLogLevel ? { SystemLogLevel: logging.systemLogLevel } : {}),
      LogGroup: fn.logGroupName,
    },
  };
}

/** Lambda's `LastModified` format: ISO 8601 with milliseconds and a `+0000` offset (`2024-01-05T10:00:00.000+0000`). */
function lambdaTimestamp(at: Date): string {
  return at.toISOString().replace('Z', '+0000');
}

/** Size and SHA-256 (base64, as Lambda gives `CodeSha256`) of the bundle's files; the newest file's time as LastModified. */
function codeDigest(codeDir: string): { size: number; sha256: string; modified: Date } {
  const hash = createHash('sha256');
  let size = 0;
  let modified = 0;
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile()) {
        const stat = statSync(path);
        size += stat.size;
        modified = Math.max(modified, stat.mtimeMs);
        hash.update(entry.name).update(readFileSync(path));
      }
    }
  };
  if (existsSync(codeDir)) visit(codeDir);
  return { size, sha256: hash.digest('base64'), modified: new Date(modified || Date.now()) };
}

/** A revision id in Lambda's UUID shape, changing whenever the code or the configuration does. */
function revisionId(codeSha256: string, fn: FunctionSpec): string {
  const hex = createHash('sha256')
    .update(codeSha256)
    .update(JSON.stringify({ ...fn, codeDir: undefined }))
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function sendJson(res: EndpointResponse, status: number, value: unknown, errorType?: string): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(body);
}
