import { connect as connectHttp2 } from 'node:http2';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDualProtocolServer, type DualProtocolServer } from '../../engines/dual-protocol-server.ts';

describe('startDualProtocolServer', () => {
  let server: DualProtocolServer;

  beforeAll(async () => {
    server = await startDualProtocolServer({ host: '127.0.0.1', port: 0 }, (request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        (response as import('node:http').ServerResponse).writeHead(200, { 'content-type': 'text/plain' });
        response.end(`HTTP/${request.httpVersion} ${request.method} ${request.url} ${body}`);
      });
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers HTTP/1.1 and cleartext HTTP/2 with prior knowledge on one port', async () => {
    // Act
    const http1 = await (await fetch(`http://127.0.0.1:${server.port}/one`, { method: 'POST', body: 'a' })).text();
    const session = connectHttp2(`http://127.0.0.1:${server.port}`);
    const http2 = await new Promise<string>((resolve, reject) => {
      const stream = session.request({ ':method': 'POST', ':path': '/two' });
      let text = '';
      stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
      stream.on('end', () => resolve(text));
      stream.on('error', reject);
      stream.end('b');
    });
    session.close();

    // Assess
    expect([http1, http2]).toEqual(['HTTP/1.1 POST /one a', 'HTTP/2.0 POST /two b']);
  });

  it('waits for more bytes while a request could still be the HTTP/2 preface', async () => {
    // Prepare: "PROPFIND" shares "PR" with "PRI * HTTP/2.0"; send it one byte at a time
    const raw = 'PROPFIND /dav HTTP/1.1\r\nHost: local\r\nContent-Length: 1\r\nConnection: close\r\n\r\nc';
    const socket = connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));

    // Act
    for (const byte of raw) {
      socket.write(byte);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await closed;

    // Assess
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answer).toContain('HTTP/1.1 PROPFIND /dav c');
  });
});
