import { Agent, request as httpRequest } from 'node:http';
import { startDualProtocolServer, type AnyRequest, type AnyResponse, type DualProtocolServer } from './dual-protocol-server.ts';
import { sendKinesisRequest, type ForwardedRequest, type UpstreamResponse } from './kinesis-compat.ts';
import type { EngineLog } from './types.ts';

/** Bodies above this are refused before reaching kinesalite: 10 MiB of data is ~13.4 MiB in base64 JSON. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * Headers that belong to one HTTP connection, not to the message: forbidden in HTTP/2
 * (RFC 9113 §8.2.2) and recomputed per hop in HTTP/1.1.
 */
const CONNECTION_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'http2-settings',
  'te',
  'host',
  'content-length',
]);

export interface KinesisFrontOptions {
  host: string;
  port: number;
  upstream: { host: string; port: number };
  log: EngineLog;
}

/**
 * The Kinesis endpoint clients see: HTTP/2 (the SDK v3 Kinesis client's default) and HTTP/1.1 on
 * one port, each request read whole, adapted ({@link sendKinesisRequest}) and sent to kinesalite
 * over HTTP/1.1; status, headers and body come back unchanged.
 */
export async function startKinesisFront({ host, port, upstream, log }: KinesisFrontOptions): Promise<DualProtocolServer & { close(): Promise<void> }> {
  const agent = new Agent({ keepAlive: true });
  const sendUpstream = (request: ForwardedRequest) => send(agent, upstream, request);

  const server = await startDualProtocolServer({ host, port }, (req, res) => {
    handle(req, res, sendUpstream).catch((error: unknown) => {
      log({ engine: 'kinesis', level: 'error', message: `request ${req.method} ${req.url} failed: ${error instanceof Error ? error.message : String(error)}` });
      reply(res, {
        status: 500,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: Buffer.from(JSON.stringify({ __type: 'InternalFailure', message: 'local Kinesis front failed' })),
      });
    });
  });
  return {
    port: server.port,
    close: async () => {
      await server.close();
      agent.destroy();
    },
  };
}

async function handle(req: AnyRequest, res: AnyResponse, sendUpstream: (request: ForwardedRequest) => Promise<UpstreamResponse>): Promise<void> {
  const body = await readBody(req);
  if (body === undefined) {
    return reply(res, { status: 413, headers: {}, body: Buffer.alloc(0) });
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(':') || CONNECTION_HEADERS.has(name) || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  headers['content-length'] = String(body.length);
  const response = await sendKinesisRequest({ method: req.method ?? 'POST', path: req.url ?? '/', headers, body }, sendUpstream);
  reply(res, response);
}

function readBody(req: AnyRequest): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(agent: Agent, upstream: { host: string; port: number }, request: ForwardedRequest): Promise<UpstreamResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: upstream.host, port: upstream.port, method: request.method, path: request.path, headers: request.headers, agent },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(incoming.headers)) {
            if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({ status: incoming.statusCode ?? 502, headers, body: Buffer.concat(chunks) });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/** The part of ServerResponse and Http2ServerResponse used here (their union has no common call signature). */
interface WritableResponse {
  headersSent: boolean;
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body?: Buffer): unknown;
}

function reply(res: AnyResponse, response: UpstreamResponse): void {
  const out = res as unknown as WritableResponse;
  if (out.headersSent) return void out.end();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (!CONNECTION_HEADERS.has(name)) headers[name] = value;
  }
  headers['content-length'] = String(response.body.length);
  out.writeHead(response.status, headers);
  out.end(response.body);
}
