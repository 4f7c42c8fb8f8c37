import { request as httpRequest } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import { ManualClock } from '../../../clock.ts';
import { HttpApiServer, type HttpApiActivity, type HttpApiLambda } from '../../../http-api/index.ts';
import type { LambdaService } from '../../../lambda/index.ts';
import type { HttpApiSpec } from '../../../topology/types.ts';

// The runtime passes its LambdaService as the HTTP API's `lambda`: keep the two signatures compatible.
const lambdaServiceFits: LambdaService extends HttpApiLambda ? true : never = true;
void lambdaServiceFits;

export const ACCOUNT = '000000000000';
export const REGION = 'us-east-1';
export const API_ID = 'a1b2c3d4e5';
export const NOW = new Date('2026-03-12T19:03:58Z');

export const functionArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;

type Route = HttpApiSpec['routes'][number];

/** A route to function `name` with payload 2.0 and the 30 s default timeout unless told otherwise. */
export function route(routeKey: string, name: string, overrides: Partial<Route> = {}): Route {
  return { routeKey, functionArn: functionArn(name), payloadFormatVersion: '2.0', timeoutMillis: 30_000, ...overrides };
}

export function apiSpec(routes: Route[], overrides: Partial<HttpApiSpec> = {}): HttpApiSpec {
  return {
    stackName: 'Eventful',
    logicalId: 'HttpApi',
    name: 'eventful-api',
    arn: `arn:aws:apigateway:${REGION}::/apis/${API_ID}`,
    apiId: API_ID,
    routes,
    ...overrides,
  };
}

export type Handler = (event: unknown) => unknown;

/**
 * A Lambda service stand-in: each function is a handler; a thrown error becomes a function error (`Unhandled`,
 * `{ errorType, errorMessage }`), a returned value the JSON payload, as Lambda's Invoke API gives them.
 */
export function fakeLambda(handlers: Record<string, Handler>) {
  const events: { functionArn: string; event: unknown }[] = [];
  const lambda: HttpApiLambda = {
    invoke: async (arn, event) => {
      events.push({ functionArn: arn, event });
      const name = arn.split(':').at(-1) ?? arn;
      const handler = handlers[name];
      if (!handler) throw Object.assign(new Error(`Function not found: ${arn}`), { name: 'FunctionNotFoundError', statusCode: 404 });
      try {
        const result = await handler(event);
        return { payload: JSON.stringify(result ?? null) };
      } catch (error) {
        return { payload: JSON.stringify({ errorType: (error as Error).name, errorMessage: (error as Error).message, trace: [] }), functionError: 'Unhandled' };
      }
    },
  };
  return { lambda, events };
}

export interface SentResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

/** A raw HTTP/1.1 request: header arrays become repeated header lines, as a browser or curl may send them. */
export function send(
  url: string,
  options: { method?: string; path?: string; headers?: Record<string, string | string[]>; body?: string | Buffer } = {},
): Promise<SentResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(options.path ?? '/', url);
    const req = httpRequest(
      { host: target.hostname, port: target.port, method: options.method ?? 'GET', path: options.path ?? '/', headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Starts a server on a free port with a manual clock at `NOW`; `stop` closes it. */
export async function startApi(apis: HttpApiSpec[], handlers: Record<string, Handler>) {
  const clock = new ManualClock(NOW);
  const { lambda, events } = fakeLambda(handlers);
  const activities: HttpApiActivity[] = [];
  const server = new HttpApiServer(apis, { lambda, accountId: ACCOUNT, region: REGION, clock, onActivity: (activity) => activities.push(activity) });
  const { url, port } = await server.listen(0);
  return {
    url,
    port,
    clock,
    events,
    activities,
    lastEventV2: () => events.at(-1)?.event as APIGatewayProxyEventV2,
    lastEventV1: () => events.at(-1)?.event as APIGatewayProxyEvent,
    stop: () => server.close(),
  };
}
