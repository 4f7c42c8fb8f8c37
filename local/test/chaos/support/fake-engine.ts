import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { Chaos, parseChaosSpec } from '../../../chaos/index.ts';
import { readBody } from '../../../endpoint/forward.ts';
import { startEndpoint, type RunningEndpoint } from '../../../endpoint/index.ts';

/** The account the fake endpoint's topology is in. */
export const ACCOUNT = '000000000000';
const NOWHERE = { endpoint: 'http://127.0.0.1:9' };

/** An engine stand-in that records what reaches it and answers as the real engine would for the calls used here. */
export interface FakeEngine {
  url: string;
  bodies: unknown[];
  server: Server;
}

export async function fakeEngine(answer: (body: Record<string, unknown>) => unknown): Promise<FakeEngine> {
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      bodies.push(body);
      const text = JSON.stringify(answer(body));
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, server };
}

const started: Array<{ close(): unknown }> = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((thing) => thing.close()));
});

/** The endpoint in front of fake engines, with `--chaos <spec>`; closed after each test of the file that uses it. */
export async function endpointWith(spec: string | undefined, engines: { dynamodb?: FakeEngine; kinesis?: FakeEngine }): Promise<RunningEndpoint> {
  const endpoint = await startEndpoint({
    port: 0,
    engines: {
      dynamodb: engines.dynamodb ? { endpoint: engines.dynamodb.url } : NOWHERE,
      kinesis: engines.kinesis ? { endpoint: engines.kinesis.url } : NOWHERE,
      sqs: NOWHERE,
      s3: NOWHERE,
    },
    topology: { accountId: ACCOUNT, region: 'us-east-1' },
    eventsHandler: async () => ({ status: 200, body: '{}' }),
    ...(spec ? { chaos: new Chaos(parseChaosSpec(spec)) } : {}),
  });
  started.push(endpoint);
  for (const engine of Object.values(engines)) started.push({ close: () => new Promise((resolve) => engine.server.close(resolve)) });
  return endpoint;
}
