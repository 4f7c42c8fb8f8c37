import { randomBytesPooled as randomBytes } from '../aws/random-bytes.ts';
import type { FunctionSpec } from '../topology/types.ts';
import { LATEST } from './constants.ts';

export interface EnvironmentInput {
  spec: FunctionSpec;
  logStreamName: string;
  endpointUrl: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/**
 * The environment of one instance: the template's variables, then the ones Lambda itself sets (which win, as
 * the reserved ones do on AWS), then what running offline needs: the local endpoint, credentials, and X-Ray
 * settings that keep the X-Ray SDK and Powertools Tracer quiet with no daemon.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
export function functionEnvironment({ spec, logStreamName, endpointUrl, region, credentials }: EnvironmentInput): Record<string, string> {
  return {
    ...spec.environment,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${spec.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: spec.name,
    AWS_LAMBDA_FUNCTION_VERSION: LATEST,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: spec.logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    LAMBDA_TASK_ROOT: spec.codeDir,
    _HANDLER: spec.handler,
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken === undefined ? {} : { AWS_SESSION_TOKEN: credentials.sessionToken }),
    AWS_ENDPOINT_URL: endpointUrl,
    // Lambda sets LOG_ERROR and a daemon address; offline there is no daemon. Trace headers are unsampled
    // (see traceHeader), so the SDK sends nothing, and a missing context is not an error.
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000',
    _AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1',
    _AWS_XRAY_DAEMON_PORT: '2000',
  };
}

/** `2026/01/01/[$LATEST]<32 hex>`, as Lambda names an execution environment's log stream. */
export function logStreamName(now: number): string {
  const day = new Date(now).toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[${LATEST}]${randomBytes(16).toString('hex')}`;
}

/**
 * An X-Ray trace header for one invocation. `Sampled=0` because nothing collects traces offline: the X-Ray SDK
 * (and Powertools Tracer over it) then records nothing and sends nothing, while trace ids still show in logs.
 * https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
 */
export function traceHeader(now: number): string {
  const epochSeconds = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, '0');
  return `Root=1-${epochSeconds}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
}
