import type { EndpointRequest, EndpointResponse } from './http-types.ts';
import { LambdaApiError, formatLogTail, type InvocationType, type InvokeOptions, type InvokeResult } from '../lambda/index.ts';
import { sendAwsError } from './aws-error.ts';
import { LAMBDA_INVOKE_PATH, header } from './detect-service.ts';
import { readBody } from './forward.ts';
import { decodedSegment } from './path-segment.ts';

/** What the endpoint needs of `LambdaService`. */
export interface LambdaInvoker {
  invoke(functionNameOrArn: string, payload: unknown, options?: InvokeOptions): Promise<InvokeResult>;
}

const INVOCATION_TYPES = new Set<InvocationType>(['RequestResponse', 'Event', 'DryRun']);

/**
 * The Lambda Invoke REST API (`POST /2015-03-31/functions/<name>/invocations`), answered as Lambda does:
 * the payload as the body, `X-Amz-Function-Error` for function errors, `X-Amz-Log-Result` for `LogType: Tail`.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
export async function serveLambdaInvoke(req: EndpointRequest, res: EndpointResponse, lambda: LambdaInvoker | undefined): Promise<void> {
  const url = req.url ?? '/';
  const match = LAMBDA_INVOKE_PATH.exec(url);
  if (!match || req.method !== 'POST') {
    return sendAwsError(
      res,
      {
        status: 400,
        code: 'UnknownOperationException',
        message: `Lambda API ${req.method} ${url.split('?')[0]} is not served locally: only Invoke, ListFunctions, GetFunction and GetFunctionConfiguration are`,
      },
      'json',
    );
  }
  if (!lambda) return sendAwsError(res, { status: 503, code: 'ServiceException', message: 'Lambda is not running in this local endpoint' }, 'json');
  const qualifier = new URLSearchParams(url.split('?')[1] ?? '').get('Qualifier');
  const functionName = decodedSegment(match[1]!);
  if (functionName === undefined) {
    return sendAwsError(
      res,
      { status: 400, code: 'InvalidParameterValueException', message: `The function name in the path is not valid percent-encoding: ${match[1]}` },
      'json',
    );
  }
  const name = functionName + (qualifier ? `:${qualifier}` : '');
  const requested = header(req.headers, 'x-amz-invocation-type') ?? 'RequestResponse';
  if (!INVOCATION_TYPES.has(requested as InvocationType)) {
    return sendAwsError(
      res,
      { status: 400, code: 'InvalidParameterValueException', message: `X-Amz-Invocation-Type ${requested} is not one of RequestResponse, Event, DryRun` },
      'json',
    );
  }
  const clientContextHeader = header(req.headers, 'x-amz-client-context');
  const clientContext = clientContextHeader === undefined ? undefined : parseClientContext(clientContextHeader);
  if (clientContext instanceof Error) return sendAwsError(res, { status: 400, code: 'InvalidParameterValueException', message: clientContext.message }, 'json');
  const body = await readBody(req);
  try {
    const result = await lambda.invoke(name, body.length === 0 ? {} : new Uint8Array(body), {
      invocationType: requested as InvocationType,
      ...(clientContext ? { clientContext } : {}),
    });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-amzn-requestid': result.requestId,
      'x-amz-executed-version': result.executedVersion,
      'content-length': String(Buffer.byteLength(result.payload)),
    };
    if (result.functionError) headers['x-amz-function-error'] = result.functionError;
    if (header(req.headers, 'x-amz-log-type') === 'Tail' && requested === 'RequestResponse') headers['x-amz-log-result'] = formatLogTail(result);
    res.writeHead(result.statusCode, headers);
    res.end(result.payload);
  } catch (error) {
    if (error instanceof LambdaApiError) return sendAwsError(res, { status: error.statusCode, code: error.code, message: error.message }, 'json');
    throw error;
  }
}

/**
 * `X-Amz-Client-Context`: "up to 3,583 bytes of base64-encoded data about the invoking client", which the function
 * receives as `context.clientContext` (a JSON object). https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
export const CLIENT_CONTEXT_MAX_BYTES = 3_583;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The decoded client context, or an Error saying what is wrong with the header. */
function parseClientContext(text: string): Record<string, unknown> | undefined | Error {
  if (text === '') return undefined;
  if (Buffer.byteLength(text) > CLIENT_CONTEXT_MAX_BYTES) return new Error(`X-Amz-Client-Context is longer than ${CLIENT_CONTEXT_MAX_BYTES} bytes`);
  if (text.length % 4 !== 0 || !BASE64.test(text)) return new Error('X-Amz-Client-Context is not base64');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  } catch {
    return new Error('X-Amz-Client-Context is not base64-encoded JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return new Error('X-Amz-Client-Context is not a base64-encoded JSON object');
  return value as Record<string, unknown>;
}
