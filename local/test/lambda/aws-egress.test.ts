import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureApp } from './support/fixture-app.ts';
import { harness } from './support/harness.ts';

const app = fixtureApp();
afterAll(() => app.remove());

/** Tries each URL with fetch and with node:https, and answers what happened to each. */
const triesUrls = `
import https from 'node:https';
const viaHttps = (url) => new Promise((resolve) => {
  const request = https.get(url, (response) => { response.resume(); resolve({ ok: true, status: response.statusCode }); });
  request.on('error', (error) => resolve({ ok: false, code: error.code, message: error.message }));
});
const viaFetch = (url) => fetch(url).then(
  (response) => ({ ok: true, status: response.status }),
  (error) => ({ ok: false, code: error.cause?.code, message: error.cause?.message ?? error.message }),
);
export const handler = async ({ urls }) => {
  const results = [];
  for (const url of urls) results.push({ url, fetch: await viaFetch(url), https: url.startsWith('https:') ? await viaHttps(url) : undefined });
  return results;
};
`;

/**
 * A local invocation never reaches real AWS: the v2 SDK (`aws-sdk`) ignores AWS_ENDPOINT_URL, and its calls, or
 * any hand-built AWS URL, would leave the machine with the developer's credentials.
 */
describe('function instances: no way out to real AWS', () => {
  it.each([
    ['an AWS service endpoint', 'https://sqs.us-east-1.amazonaws.com/', 'sqs.us-east-1.amazonaws.com'],
    ['a China-region endpoint', 'https://dynamodb.cn-north-1.amazonaws.com.cn/', 'dynamodb.cn-north-1.amazonaws.com.cn'],
    ['a Lambda function URL', 'https://abc123.lambda-url.us-east-1.on.aws/', 'abc123.lambda-url.us-east-1.on.aws'],
    ['the instance metadata service', 'http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
  ])('fails a connection to %s at once, naming the host and what to do', async (_case, url, host) => {
    // Prepare
    const { service } = harness([app.bundle(`egress-${host.replaceAll('.', '-')}`, { 'index.mjs': triesUrls })]);

    // Act
    const started = Date.now();
    const result = await service.invoke(`egress-${host.replaceAll('.', '-')}`, { urls: [url] });

    // Assess
    const [tried] = result.response as { fetch: { ok: boolean; code?: string; message: string }; https?: { ok: boolean; code?: string; message: string } }[];
    for (const outcome of [tried!.fetch, ...(tried!.https ? [tried!.https] : [])]) {
      expect(outcome).toMatchObject({ ok: false, code: 'ERR_LOCAL_AWS_EGRESS_BLOCKED' });
      expect(outcome.message).toContain(`keeps function egress-${host.replaceAll('.', '-')} from reaching real AWS (${host})`);
      expect(outcome.message).toContain('AWS SDK for JavaScript v2 (aws-sdk)');
    }
    // At once, not after a connect timeout (tens of seconds) to a host this machine cannot reach.
    expect(Date.now() - started).toBeLessThan(8_000);
  });

  it('still reaches a server on the loopback interface', async () => {
    // Prepare
    const server = createServer((_request, response) => response.end('local')).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { service } = harness([app.bundle('egress-loopback', { 'index.mjs': triesUrls })]);

    // Act
    const result = await service.invoke('egress-loopback', { urls: [`http://127.0.0.1:${(server.address() as AddressInfo).port}/`] });

    // Assess
    server.close();
    expect(result.response).toMatchObject([{ fetch: { ok: true, status: 200 } }]);
  });
});
