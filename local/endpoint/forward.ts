import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { EndpointRequest, EndpointResponse } from './http-types.ts';

/**
 * Headers that belong to one connection, not to the message: forbidden in HTTP/2 responses (RFC 9113 §8.2.2)
 * and recomputed per hop in HTTP/1.1. `host` is set to the engine's; `expect: 100-continue` was answered by this server already.
 */
const HOP_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'http2-settings', 'te', 'host', 'expect']);

export interface Rewrites {
  /** Rewrites a buffered request body; absent: the body streams through. */
  request?: (body: Buffer) => Buffer;
  /** Rewrites a buffered answer; absent: the answer streams through. May change headers (checksums). */
  response?: (body: Buffer, headers: Record<string, string | string[]>, status: number) => Buffer;
}

export const forwardingAgent = () => new Agent({ keepAlive: true });

/**
 * Sends the request to an engine over HTTP/1.1 (whatever protocol the client spoke) and its answer back, with
 * status, headers and body as the engine gave them. Resolves with the engine's status once the answer is sent.
 */
export async function forward(
  req: EndpointRequest,
  res: EndpointResponse,
  upstream: URL,
  agent: Agent,
  rewrites: Rewrites = {},
  body?: Buffer,
): Promise<number> {
  const headers = copyHeaders(req.headers);
  let requestBody = body;
  if (rewrites.request) requestBody = rewrites.request(requestBody ?? (await readBody(req)));
  if (requestBody !== undefined) headers['content-length'] = String(requestBody.length);

  return new Promise<number>((resolve, reject) => {
    const outgoing = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method ?? 'GET', path: req.url ?? '/', headers, agent },
      (incoming) => {
        const answer = copyHeaders(incoming.headers);
        const status = incoming.statusCode ?? 502;
        if (!rewrites.response) {
          res.writeHead(status, answer);
          incoming.pipe(res);
          incoming.on('end', () => resolve(status));
          incoming.on('error', reject);
          return;
        }
        const rewrite = rewrites.response;
        readBody(incoming).then((raw) => {
          const rewritten = rewrite(raw, answer, status);
          delete answer['content-length'];
          res.writeHead(status, { ...answer, 'content-length': String(rewritten.length) });
          res.end(rewritten);
          resolve(status);
        }, reject);
      },
    );
    outgoing.on('error', reject);
    if (requestBody !== undefined) {
      outgoing.end(requestBody);
      return;
    }
    // A body cut off by its limit (or a client gone) must not reach the engine as a shorter request.
    req.once('error', (error) => {
      outgoing.destroy();
      reject(error);
    });
    req.pipe(outgoing);
  });
}

function copyHeaders(source: IncomingHttpHeaders): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(source)) {
    if (name.startsWith(':') || HOP_HEADERS.has(name) || value === undefined) continue;
    headers[name] = value;
  }
  return headers;
}

export function readBody(stream: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

export interface Exchanged {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** One request to an engine, answer read whole: for translated protocols. */
export function exchange(upstream: URL, agent: Agent, request: { path: string; headers: Record<string, string>; body: Buffer }): Promise<Exchanged> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: 'POST',
        path: request.path,
        headers: { ...request.headers, 'content-length': String(request.body.length) },
        agent,
      },
      (incoming) => {
        readBody(incoming).then((body) => resolve({ status: incoming.statusCode ?? 502, headers: copyHeaders(incoming.headers), body }), reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}
