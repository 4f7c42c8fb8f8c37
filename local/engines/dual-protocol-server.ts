import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';

export type AnyRequest = IncomingMessage | Http2ServerRequest;
export type AnyResponse = ServerResponse | Http2ServerResponse;
export type RequestListener = (request: AnyRequest, response: AnyResponse) => void;

/**
 * The client connection preface of HTTP/2 over cleartext with prior knowledge (RFC 9113 §3.4):
 * what the SDK's NodeHttp2Handler sends first on an `http://` endpoint. An HTTP/1.1 request
 * line never starts with it.
 */
const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

export interface DualProtocolServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * One TCP port that speaks both HTTP/1.1 and cleartext HTTP/2: each connection's first bytes
 * decide which server gets the socket. The SDK v3 Kinesis client uses HTTP/2 by default and the
 * AWS CLI and most other clients use HTTP/1.1; both reach `listener` the same way.
 */
export async function startDualProtocolServer({ host, port }: { host: string; port: number }, listener: RequestListener): Promise<DualProtocolServer> {
  const http1 = createHttpServer({ keepAliveTimeout: 65_000 }, listener);
  const http2 = createHttp2Server({}, listener);
  const sockets = new Set<Socket>();

  const server: Server = createNetServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let seen = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]);
      const compared = Math.min(seen.length, HTTP2_PREFACE.length);
      const isHttp2 = seen.subarray(0, compared).equals(HTTP2_PREFACE.subarray(0, compared));
      // Wait for more bytes only while they could still be the preface.
      if (isHttp2 && compared < HTTP2_PREFACE.length) return;
      socket.removeListener('data', onData);
      socket.pause();
      socket.unshift(seen);
      (isHttp2 ? http2 : http1).emit('connection', socket);
      // The HTTP servers attach their own readers on `connection`; start the flow again for them.
      process.nextTick(() => socket.resume());
    };
    socket.on('data', onData);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;

  return {
    port: boundPort,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        http1.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}
