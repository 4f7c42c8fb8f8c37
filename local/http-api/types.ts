import type { Clock } from '../clock.ts';

/** The slice of the Lambda service the HTTP API needs: a synchronous (RequestResponse) invoke. */
export interface HttpApiLambda {
  invoke(functionNameOrArn: string, payload: unknown): Promise<{ payload: string; functionError?: string; requestId?: string }>;
}

export interface HttpApiServerOptions {
  lambda: HttpApiLambda;
  accountId: string;
  region: string;
  /** Request times and integration timeouts. @default systemClock */
  clock?: Clock;
  /** One access-log entry per request, when its response has been written. */
  onActivity?: (activity: HttpApiActivity) => void;
}

/** Why the gateway, not the function, produced the response. */
export type HttpApiError = 'not-found' | 'function-error' | 'malformed-response' | 'timeout' | 'payload-too-large' | 'invoke-failed';

/** An access-log entry, what `$context` variables would give on AWS. */
export interface HttpApiActivity {
  type: 'request';
  /** Clock time the request arrived. */
  at: number;
  apiName?: string;
  apiId?: string;
  requestId: string;
  method: string;
  path: string;
  routeKey?: string;
  status: number;
  responseBytes: number;
  /** Wall-clock milliseconds from request to response. */
  latencyMs: number;
  functionArn?: string;
  integrationLatencyMs?: number;
  /** The Lambda request id of the integration's invocation, when it answered. */
  functionRequestId?: string;
  error?: HttpApiError;
  /** The Invoke API's error, or the function's `errorType: errorMessage`. */
  errorMessage?: string;
  sourceIp: string;
  userAgent: string;
  preflight?: boolean;
}

export interface ListeningAddress {
  port: number;
  url: string;
}
