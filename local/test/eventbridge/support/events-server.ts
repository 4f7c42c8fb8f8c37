import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EVENTS_CONTENT_TYPE, handleEventsRequest, type EventBridgeService } from '../../../eventbridge/index.ts';

/**
 * A tiny HTTP server serving the EventBridge actions with `handleEventsRequest`, and the real SDK client pointed at
 * it, so request and response shapes are proven with the SDK's own (de)serializers.
 */
export async function eventsServer(service: EventBridgeService): Promise<{ client: EventBridgeClient; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      void handleEventsRequest(service, target, Buffer.concat(chunks).toString('utf8')).then(({ status, body }) => {
        response.writeHead(status, { 'content-type': EVENTS_CONTENT_TYPE, 'x-amzn-requestid': 'local-request' }).end(body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new EventBridgeClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  return {
    client,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
