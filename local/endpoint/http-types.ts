import type { IncomingHttpHeaders } from 'node:http';
import type { Readable, Writable } from 'node:stream';

/**
 * What the endpoint uses of a request and a response, common to HTTP/1.1 (`IncomingMessage`, `ServerResponse`)
 * and HTTP/2's compatibility API (`Http2ServerRequest`, `Http2ServerResponse`), whose union TypeScript cannot call.
 */
export interface EndpointRequest extends Readable {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: IncomingHttpHeaders;
}

export interface EndpointResponse extends Writable {
  writeHead(status: number, headers?: Record<string, string | string[] | number>): unknown;
  readonly headersSent: boolean;
}
