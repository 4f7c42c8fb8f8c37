import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OrderClient } from '../../../bench/fixtures/order-client.ts';

/** An HTTP API stand-in: `POST /orders` answers 201, then each order's GETs answer 404, PLACED, then `finalStatus`. */
async function fakeOrdersApi(finalStatus: string): Promise<{ url: string; server: Server; seen: { correlationIds: string[]; gets: number } }> {
  const seen = { correlationIds: [] as string[], gets: 0 };
  const server = createServer((req, res) => {
    req.resume();
    if (req.method === 'POST' && req.url === '/orders') {
      seen.correlationIds.push(String(req.headers['x-correlation-id']));
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ orderId: 'o-1', status: 'PLACED' }));
      return;
    }
    seen.gets += 1;
    if (seen.gets === 1) res.writeHead(404).end('not found');
    else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ orderId: 'o-1', status: seen.gets === 2 ? 'PLACED' : finalStatus }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, seen };
}

const opened: { close: () => unknown }[] = [];
afterEach(async () => {
  for (const thing of opened.splice(0)) await thing.close();
});

describe('the flow latency bench client (its own thread)', () => {
  it('places an order with the correlation id and polls GET /orders/{id} until RESERVED, answering the time in between', async () => {
    const api = await fakeOrdersApi('RESERVED');
    const client = new OrderClient({ apiUrl: api.url, sku: 'SKU-1', timeoutMs: 10_000 });
    opened.push(api.server, client);

    const ms = await client.placeAndWatch('corr-1', 1);

    expect(api.seen.correlationIds).toEqual(['corr-1']);
    expect(api.seen.gets).toBe(3);
    expect(ms).toBeGreaterThan(0);
  });

  it('fails an order the API rejects, naming it, and keeps serving the next', async () => {
    const api = await fakeOrdersApi('REJECTED');
    const client = new OrderClient({ apiUrl: api.url, sku: 'SKU-1', timeoutMs: 10_000 });
    opened.push(api.server, client);

    await expect(client.placeAndWatch('corr-1', 1)).rejects.toThrow('order o-1 was REJECTED: is SKU-1 out of stock?');
    api.seen.gets = 2; // the next GET answers the final status again
    await expect(client.placeAndWatch('corr-2', 1)).rejects.toThrow('REJECTED');
    expect(api.seen.correlationIds).toEqual(['corr-1', 'corr-2']);
  });
});
