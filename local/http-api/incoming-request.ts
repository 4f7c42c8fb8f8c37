import type { IncomingMessage } from 'node:http';

/** What the server read off the wire, before any payload format shapes it. */
export interface IncomingRequest {
  method: string;
  /** The path as sent, percent-encoding intact. */
  encodedPath: string;
  /** The path HTTP APIs route on and hand to Lambda: percent-decoded. */
  path: string;
  /** Everything after `?`, as sent. */
  rawQueryString: string;
  /** Query parameters percent-decoded, each name with its values in order. */
  query: [string, string[]][];
  /** Lowercased names, each with its values in order (one per header line). */
  headers: Map<string, string[]>;
  body: Buffer;
  protocol: string;
  sourceIp: string;
  /** The port the client connected to. */
  localPort: number;
}

/**
 * HTTP APIs hand Lambda the request path percent-decoded (`rawPath` and 1.0 `path` alike), unlike REST APIs,
 * as live captures show (hotsock/voker#8). A malformed escape is left as sent.
 */
export function decodePath(encoded: string): string {
  return encoded.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/**
 * Query values are percent-decoded; `+` stays `+` (API Gateway does not treat it as a space). A name without
 * `=` has the empty string as its value.
 */
export function parseQuery(rawQueryString: string): [string, string[]][] {
  const query = new Map<string, string[]>();
  for (const pair of rawQueryString.split('&')) {
    if (pair === '') continue;
    const separator = pair.indexOf('=');
    const name = decodePath(separator === -1 ? pair : pair.slice(0, separator));
    const value = separator === -1 ? '' : decodePath(pair.slice(separator + 1));
    query.set(name, [...(query.get(name) ?? []), value]);
  }
  return [...query];
}

/** `::ffff:127.0.0.1` is how Node shows an IPv4 peer on a dual-stack socket; API Gateway shows `127.0.0.1`. */
export function normalizeIp(address: string | undefined): string {
  if (!address) return '127.0.0.1';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice('::ffff:'.length) : address;
}

/** Connection-level headers end at the gateway; the integration never sees them. */
const HOP_BY_HOP_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'upgrade', 'te', 'trailer']);

export function describeRequest(request: IncomingMessage, body: Buffer): IncomingRequest {
  const url = request.url ?? '/';
  const queryAt = url.indexOf('?');
  const encodedPath = queryAt === -1 ? url : url.slice(0, queryAt);
  const rawQueryString = queryAt === -1 ? '' : url.slice(queryAt + 1);
  const headers = new Map<string, string[]>();
  for (const [name, values] of Object.entries(request.headersDistinct)) {
    if (values && !HOP_BY_HOP_HEADERS.has(name.toLowerCase())) headers.set(name.toLowerCase(), values);
  }
  return {
    method: (request.method ?? 'GET').toUpperCase(),
    encodedPath,
    path: decodePath(encodedPath),
    rawQueryString,
    query: parseQuery(rawQueryString),
    headers,
    body,
    protocol: `HTTP/${request.httpVersion}`,
    sourceIp: normalizeIp(request.socket.remoteAddress),
    localPort: request.socket.localPort ?? 0,
  };
}
