import type { EndpointRequest, EndpointResponse } from '../endpoint/http-types.ts';
import { readBody } from '../endpoint/forward.ts';
import { decodedSegment } from '../endpoint/path-segment.ts';
import { LambdaApiError, type InvokeResult } from '../lambda/index.ts';
import type { FunctionSpec, LocalTopology } from '../topology/types.ts';
import { FunctionNotFoundError, findFunction, shortPath } from './find-function.ts';
import { SampleKindError, sampleEvent } from './sample-event.ts';

/** `POST /_eventful/functions/<name>/invoke`: the route behind `eventful invoke`. */
export const INVOKE_PATH = /^\/_eventful\/functions\/([^/]+)\/invoke$/;

/** What `eventful invoke` sends: the event itself, or the kind of sample to make (and what it carries). */
export type InvokeRequest = { event: unknown } | { sample: string; payload?: unknown };

/** What it answers. */
export interface InvokeAnswer {
  /** The short construct path (`Orders/ReserveInventory`) and the physical name. */
  function: { path: string; name: string };
  requestId: string;
  /** Wall time of the invocation as the caller saw it, a cold start included. */
  durationMs: number;
  /** The event the function was given. */
  event: unknown;
  /** `Unhandled` when the handler threw or timed out; `response` is then Lambda's error body. */
  functionError?: string;
  response: unknown;
  logs: { stream: string; message: string }[];
}

interface Invoker {
  invoke(functionNameOrArn: string, payload: unknown): Promise<InvokeResult>;
}

/**
 * Invokes a function synchronously with an event or a generated sample (`local/invoke/sample-event.ts`), naming the
 * function by construct path or short name as people know it, and answers its result, logs and duration. 404 for
 * an unknown function and 400 for an unknown sample kind, each naming what is wrong.
 */
export async function serveInvoke(req: EndpointRequest, res: EndpointResponse, name: string, topology: LocalTopology, lambda: Invoker): Promise<void> {
  const query = decodedSegment(name);
  if (query === undefined) return sendJson(res, 400, { error: 'InvalidPath', message: `The function name in the path is not valid percent-encoding: ${name}` });
  let fn: FunctionSpec;
  try {
    fn = findFunction(topology.functions, query);
  } catch (error) {
    if (error instanceof FunctionNotFoundError) return sendJson(res, 404, { error: error.name, message: error.message });
    throw error;
  }
  let request: Partial<{ event: unknown; sample: unknown; payload: unknown }>;
  try {
    request = JSON.parse((await readBody(req)).toString('utf8') || '{}');
  } catch (error) {
    return sendJson(res, 400, { error: 'InvalidRequest', message: `The request body is not JSON: ${(error as Error).message}` });
  }
  let event: unknown;
  try {
    if (typeof request.sample === 'string') event = sampleEvent(topology, fn, { kind: request.sample, payload: request.payload });
    else if ('event' in request) event = request.event;
    else return sendJson(res, 400, { error: 'InvalidRequest', message: 'The request body needs "event" (the event) or "sample" (a sample kind)' });
  } catch (error) {
    if (error instanceof SampleKindError) return sendJson(res, 400, { error: error.name, message: error.message });
    throw error;
  }
  const began = performance.now();
  let result: InvokeResult;
  try {
    result = await lambda.invoke(fn.name, event);
  } catch (error) {
    if (error instanceof LambdaApiError) return sendJson(res, error.statusCode, { error: error.code, message: error.message });
    throw error;
  }
  const answer: InvokeAnswer = {
    function: { path: shortPath(fn), name: fn.name },
    requestId: result.requestId,
    durationMs: Math.round(performance.now() - began),
    event,
    ...(result.functionError && { functionError: result.functionError }),
    response: result.response,
    logs: result.logs.map((line) => ({ stream: line.stream, message: line.message })),
  };
  sendJson(res, 200, answer);
}

function sendJson(res: EndpointResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
