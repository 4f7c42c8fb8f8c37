import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { systemClock, type Clock } from '../clock.ts';
import { isLoopbackHost } from '../endpoint/request-guard.ts';
import type { HttpApiSpec } from '../topology/types.ts';
import { DEFAULT_INTEGRATION_TIMEOUT_MS, GATEWAY_RESPONSES, MAX_PAYLOAD_BYTES } from './constants.ts';
import { corsConfiguration, isPreflight, preflightHeaders, withCorsHeaders, type CorsConfiguration } from './cors.ts';
import { describeRequest, normalizeIp, type IncomingRequest } from './incoming-request.ts';
import { eventV1, eventV2, newRequestId } from './request-events.ts';
import { gatewayResponse, mapResponseV1, mapResponseV2, type HttpResponse } from './response-mapping.ts';
import { RouteTable, routeForPath, type RouteMatch } from './route-table.ts';
import type { HttpApiActivity, HttpApiError, HttpApiServerOptions, ListeningAddress } from './types.ts';

class PayloadTooLargeError extends Error {}

interface Outcome {
  response: HttpResponse;
  api?: HttpApiSpec;
  match?: RouteMatch;
  error?: HttpApiError;
  errorMessage?: string;
  integrationLatencyMs?: number;
  preflight?: boolean;
  functionRequestId?: string;
}

/**
 * The HTTP APIs of the topology on one local port: routes selected as API Gateway selects them, Lambda proxy
 * integrations invoked synchronously with the 1.0 or 2.0 payload their route asks for, responses mapped back
 * as AWS documents, and the gateway's own answers (404, 413, 500, 503, CORS preflight) where AWS gives them.
 *
 * @example
 * const api = new HttpApiServer(topology.httpApis, { lambda, accountId: topology.accountId, region: topology.region,
 *   onActivity: (entry) => liveLog.http(entry) });
 * const { url } = await api.listen(3000);
 * await fetch(`${url}/orders/o-1`); // → GET /orders/{orderId}, pathParameters { orderId: 'o-1' }
 * await api.close();
 */
export class HttpApiServer {
  readonly #apis: readonly HttpApiSpec[];
  readonly #routes: RouteTable;
  readonly #cors = new Map<HttpApiSpec, CorsConfiguration>();
  readonly #options: HttpApiServerOptions;
  readonly #clock: Clock;
  #server?: Server;
  /** Requests being answered: an orderly stop waits for them. */
  readonly #inFlight = new Set<Promise<void>>();
  #draining = false;

  /** Compiles every route; throws `HttpApiConfigError` for a malformed route key or a route two APIs claim. */
  constructor(apis: readonly HttpApiSpec[], options: HttpApiServerOptions) {
    this.#apis = apis;
    this.#routes = new RouteTable(apis);
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    for (const api of apis) {
      const cors = corsConfiguration(api.cors);
      if (cors) this.#cors.set(api, cors);
    }
  }

  /** Listens on `port` (0 = a free port) and resolves with where. */
  async listen(port = 0, host = '127.0.0.1'): Promise<ListeningAddress> {
    const server = createServer((request, response) => {
      // The API is public by design (its own CORS settings decide which pages may call it, as deployed), so
      // `Origin` is not checked; `Host` is, so a DNS-rebinding page cannot reach it under its own name.
      if (!isLoopbackHost(request.headers.host, (server.address() as AddressInfo).port)) {
        request.resume();
        writeResponse(response, gatewayResponse(GATEWAY_RESPONSES.forbidden), newRequestId(), true);
        return;
      }
      if (this.#draining) {
        // Stopping: a request that arrives on a kept-alive connection is turned away, and the connection closed.
        request.resume();
        writeResponse(response, gatewayResponse(GATEWAY_RESPONSES.serviceUnavailable), newRequestId(), true);
        return;
      }
      const handled = this.#handle(request, response)
        .catch((error: unknown) => {
          // Never let one request take the runtime down; the client gets the gateway's 500.
          if (!response.headersSent) writeResponse(response, gatewayResponse(GATEWAY_RESPONSES.internalServerError), newRequestId());
          else response.destroy(error instanceof Error ? error : undefined);
        })
        .finally(() => this.#inFlight.delete(handled));
      this.#inFlight.add(handled);
    });
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(error.code === 'EADDRINUSE' ? new Error(`HTTP API port ${port} is already in use (--api-port)`, { cause: error }) : error),
      );
      server.listen(port, host, () => resolve());
    });
    const { port: bound } = server.address() as AddressInfo;
    return { port: bound, url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}` };
  }

  /**
   * The first step of an orderly stop: no new connection is accepted, idle kept-alive ones are closed, a new
   * request on a busy one gets 503; resolves once every request already being answered has its response.
   */
  async drain(): Promise<void> {
    this.#draining = true;
    this.#server?.close();
    this.#server?.closeIdleConnections();
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** The requests being answered now. */
  get requestsInFlight(): number {
    return this.#inFlight.size;
  }

  /** Stops listening and drops open connections. */
  async close(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const startedAt = performance.now();
    const timeEpoch = this.#clock.now();
    const requestId = newRequestId();
    let incoming: IncomingRequest | undefined;
    let outcome: Outcome;
    try {
      incoming = describeRequest(request, await readBody(request));
      outcome = await this.#respond(incoming, requestId, timeEpoch);
    } catch (error) {
      outcome =
        error instanceof PayloadTooLargeError
          ? { response: gatewayResponse(GATEWAY_RESPONSES.payloadTooLarge), error: 'payload-too-large' }
          : { response: gatewayResponse(GATEWAY_RESPONSES.internalServerError), error: 'invoke-failed', errorMessage: String(error) };
    }
    try {
      writeResponse(response, outcome.response, requestId, outcome.error === 'payload-too-large');
    } catch (error) {
      // A header name or value Node refuses to send (a newline in it, say): the function's response is malformed.
      for (const name of response.getHeaderNames()) response.removeHeader(name);
      outcome = { ...outcome, response: gatewayResponse(GATEWAY_RESPONSES.internalServerError), error: 'malformed-response', errorMessage: String(error) };
      writeResponse(response, outcome.response, requestId);
    }
    this.#log(request, incoming, outcome, { requestId, timeEpoch, latencyMs: performance.now() - startedAt });
  }

  async #respond(incoming: IncomingRequest, requestId: string, timeEpoch: number): Promise<Outcome> {
    const match = this.#routes.match(incoming.method, incoming.path);
    const api = match?.compiled.api ?? this.#apiForPath(incoming.path);
    const cors = api ? this.#cors.get(api) : undefined;
    if (cors && isPreflight(incoming.method, incoming.headers)) {
      return { response: { statusCode: 204, headers: preflightHeaders(cors, incoming.headers), body: Buffer.alloc(0) }, ...(api && { api }), preflight: true };
    }
    const outcome: Outcome = match
      ? await this.#integrate(incoming, match, requestId, timeEpoch)
      : { response: gatewayResponse(GATEWAY_RESPONSES.notFound), error: 'not-found' };
    if (api) outcome.api = api;
    if (cors) outcome.response.headers = withCorsHeaders(cors, incoming.headers, outcome.response.headers);
    return outcome;
  }

  /** The API a request without a matching route belongs to: the one with a route on that path, or the only one. */
  #apiForPath(path: string): HttpApiSpec | undefined {
    return routeForPath(this.#routes, path)?.api ?? (this.#apis.length === 1 ? this.#apis[0] : undefined);
  }

  async #integrate(incoming: IncomingRequest, match: RouteMatch, requestId: string, timeEpoch: number): Promise<Outcome> {
    const { route } = match.compiled;
    const context = { accountId: this.#options.accountId, region: this.#options.region, requestId, timeEpoch };
    const event = route.payloadFormatVersion === '1.0' ? eventV1(incoming, match, context) : eventV2(incoming, match, context);
    const began = performance.now();
    const timer = new AbortController();
    const timedOut = this.#clock.sleep(route.timeoutMillis || DEFAULT_INTEGRATION_TIMEOUT_MS, timer.signal).then(
      () => ({ kind: 'timeout' as const }),
      () => ({ kind: 'cancelled' as const }),
    );
    const invoked = this.#options.lambda.invoke(route.functionArn, event).then(
      (result) => ({ kind: 'result' as const, result }),
      (error: unknown) => ({ kind: 'failed' as const, error }),
    );
    const settled = await Promise.race([invoked, timedOut]);
    timer.abort();
    const base = { match, integrationLatencyMs: performance.now() - began };
    if (settled.kind === 'timeout' || settled.kind === 'cancelled') {
      // The function keeps running; the client gets the gateway's 503 once the integration timeout passes.
      return { ...base, response: gatewayResponse(GATEWAY_RESPONSES.serviceUnavailable), error: 'timeout' };
    }
    if (settled.kind === 'failed') {
      const { error } = settled;
      const statusCode = (error as { statusCode?: unknown }).statusCode;
      const tooLarge = statusCode === 413;
      return {
        ...base,
        response: gatewayResponse(tooLarge ? GATEWAY_RESPONSES.payloadTooLarge : GATEWAY_RESPONSES.internalServerError),
        error: tooLarge ? 'payload-too-large' : 'invoke-failed',
        errorMessage: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      };
    }
    const { payload, functionError, requestId: functionRequestId } = settled.result;
    const mapped = route.payloadFormatVersion === '1.0' ? mapResponseV1(payload, functionError) : mapResponseV2(payload, functionError);
    const invocation = functionRequestId === undefined ? {} : { functionRequestId };
    if (mapped.ok) return { ...base, ...invocation, response: mapped.response };
    return {
      ...base,
      ...invocation,
      response: mapped.response,
      error: mapped.error,
      ...(functionError !== undefined && { errorMessage: functionErrorMessage(payload) }),
    };
  }

  #log(
    request: IncomingMessage,
    incoming: IncomingRequest | undefined,
    outcome: Outcome,
    timing: { requestId: string; timeEpoch: number; latencyMs: number },
  ): void {
    if (!this.#options.onActivity) return;
    const route = outcome.match?.compiled.route;
    const activity: HttpApiActivity = {
      type: 'request',
      at: timing.timeEpoch,
      ...(outcome.api && { apiName: outcome.api.name, apiId: outcome.api.apiId }),
      requestId: timing.requestId,
      method: incoming?.method ?? (request.method ?? 'GET').toUpperCase(),
      path: incoming?.path ?? (request.url ?? '/').split('?')[0] ?? '/',
      ...(route && { routeKey: route.routeKey, functionArn: route.functionArn }),
      status: outcome.response.statusCode,
      responseBytes: outcome.response.body.length,
      latencyMs: Math.round(timing.latencyMs),
      ...(outcome.integrationLatencyMs !== undefined && { integrationLatencyMs: Math.round(outcome.integrationLatencyMs) }),
      ...(outcome.functionRequestId !== undefined && { functionRequestId: outcome.functionRequestId }),
      ...(outcome.error !== undefined && { error: outcome.error }),
      ...(outcome.errorMessage !== undefined && { errorMessage: outcome.errorMessage }),
      sourceIp: incoming?.sourceIp ?? normalizeIp(request.socket.remoteAddress),
      userAgent: request.headers['user-agent'] ?? '',
      ...(outcome.preflight && { preflight: true }),
    };
    this.#options.onActivity(activity);
  }
}

function writeResponse(response: ServerResponse, mapped: HttpResponse, requestId: string, closeConnection = false): void {
  const headers = new Map<string, string[]>();
  for (const [name, value] of [...mapped.headers, ['apigw-requestid', requestId] as [string, string]]) {
    headers.set(name, [...(headers.get(name) ?? []), value]);
  }
  for (const [name, values] of headers) response.setHeader(name, values.length === 1 ? (values[0] ?? '') : values);
  if (closeConnection) response.setHeader('connection', 'close');
  response.statusCode = mapped.statusCode;
  response.end(mapped.body);
}

/**
 * The request body, refusing more than the HTTP API payload limit (10 MB). An oversized body is drained, not
 * cut off, so the client reads the 413 instead of a connection reset.
 */
function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_PAYLOAD_BYTES) {
      request.resume();
      reject(new PayloadTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_PAYLOAD_BYTES) chunks.push(chunk);
    });
    request.on('end', () => (size > MAX_PAYLOAD_BYTES ? reject(new PayloadTooLargeError()) : resolve(Buffer.concat(chunks))));
    request.on('error', reject);
  });
}

function functionErrorMessage(payload: string): string {
  try {
    const { errorType, errorMessage } = JSON.parse(payload) as { errorType?: string; errorMessage?: string };
    return `${errorType ?? 'Error'}: ${errorMessage ?? ''}`;
  } catch {
    return payload;
  }
}
