import { Agent, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_REQUEST_HEADER, startEndpoint, type LambdaInvoker, type RunningEndpoint } from '../../endpoint/index.ts';
import { MAX_REQUEST_BODY_BYTES, S3_MAX_UPLOAD_BYTES } from '../../endpoint/request-limits.ts';
import { adminRoutes, LiveLog } from '../../runtime/index.ts';
import { ScheduleNotFoundError, type SchedulerService } from '../../scheduler/index.ts';

/** No engine is reached by these requests: every one is refused (or served by the runtime) at the endpoint. */
const NOWHERE = { endpoint: 'http://127.0.0.1:9' };

/** An `Authorization` header of SigV4's shape, as every SDK and the CLI send (any credentials are accepted). */
const signedFor = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261206/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Sends a request whose body is `declared` bytes long but only writes its first kilobyte, and waits for the answer:
 * an endpoint that read the body before answering would never answer.
 */
function sendDeclaring(url: string, path: string, headers: Record<string, string>, declared: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${url}${path}`, { method: 'POST', headers: { ...headers, 'content-length': String(declared) } }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        outgoing.destroy();
        resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    outgoing.on('error', reject);
    outgoing.write(Buffer.alloc(1024, 'a'));
  });
}

/**
 * Sends a chunked body (no length declared) one chunk past `limit`, then neither writes more nor ends it, and waits for
 * the answer: an endpoint that waited for the body's end before answering would never answer.
 */
function sendPast(url: string, path: string, headers: Record<string, string>, limit: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const chunk = Buffer.alloc(256 * 1024, 'a');
    const outgoing = httpRequest(`${url}${path}`, { method: 'POST', headers }, (incoming) => {
      answered = true;
      const chunks: Buffer[] = [];
      incoming.on('data', (data: Buffer) => chunks.push(data));
      incoming.on('end', () => {
        outgoing.destroy();
        resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    outgoing.on('error', (error) => (answered ? undefined : reject(error)));
    const pump = () => {
      while (!answered && sent <= limit) {
        sent += chunk.length;
        if (!outgoing.write(chunk)) return void outgoing.once('drain', pump);
      }
    };
    pump();
  });
}

describe('the local endpoint answers bad requests as AWS does, never with a 500', () => {
  const invoked: string[] = [];
  const lambda: LambdaInvoker = {
    invoke: async (name) => {
      invoked.push(name);
      return { statusCode: 200, requestId: 'r', executedVersion: '$LATEST', payload: '{}', response: {}, logs: [] };
    },
  };
  const eventsBodies: number[] = [];
  const fired: string[] = [];
  /** A scheduler that knows no schedule: what the admin route asks of it is all these tests need. */
  const unknownSchedules = {
    list: () => [],
    fireNow: (name: string) => {
      fired.push(name);
      throw new ScheduleNotFoundError(name, []);
    },
  } as unknown as SchedulerService;
  let endpoint: RunningEndpoint;

  beforeAll(async () => {
    endpoint = await startEndpoint({
      port: 0,
      engines: { dynamodb: NOWHERE, kinesis: NOWHERE, sqs: NOWHERE, s3: NOWHERE },
      topology: { accountId: '000000000000', region: 'us-east-1' },
      lambda,
      admin: adminRoutes({ scheduler: unknownSchedules, log: new LiveLog({ sink: () => {} }) }).handle,
      eventsHandler: async (_target, body) => {
        eventsBodies.push(body.length);
        return { status: 200, body: '{}' };
      },
    });
  });

  afterAll(async () => {
    await endpoint?.close();
  });

  describe('Lambda Invoke', () => {
    it('answers a malformed percent-escape in the function name with InvalidParameterValueException', async () => {
      // Act
      const response = await fetch(`${endpoint.url}/2015-03-31/functions/orders%E0%A4%A/invocations`, {
        method: 'POST',
        headers: { authorization: signedFor('lambda') },
        body: '{}',
      });

      // Assess
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ __type: 'InvalidParameterValueException', message: expect.stringContaining('orders%E0%A4%A') });
    });

    it.each([
      ['not base64', '%%%not-base64%%%'],
      ['base64 of text that is not JSON', Buffer.from('not json').toString('base64')],
      ['base64 of a JSON array', Buffer.from('[1]').toString('base64')],
      ['longer than 3,583 bytes', Buffer.from(JSON.stringify({ custom: { pad: 'x'.repeat(3_000) } })).toString('base64')],
    ])('answers an X-Amz-Client-Context that is %s with InvalidParameterValueException, invoking nothing', async (_case, clientContext) => {
      // Prepare
      const before = invoked.length;

      // Act
      const response = await fetch(`${endpoint.url}/2015-03-31/functions/orders/invocations`, {
        method: 'POST',
        headers: { authorization: signedFor('lambda'), 'x-amz-client-context': clientContext },
        body: '{}',
      });

      // Assess
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ __type: 'InvalidParameterValueException', message: expect.stringContaining('X-Amz-Client-Context') });
      expect(invoked.length).toBe(before);
    });

    it('keeps a keep-alive connection usable after refusing a request whose body it did not need', async () => {
      // Prepare
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const post = (headers: Record<string, string>, body: Buffer) =>
        new Promise<number>((resolve, reject) => {
          const outgoing = httpRequest(
            `${endpoint.url}/2015-03-31/functions/orders/invocations`,
            { method: 'POST', agent, headers: { authorization: signedFor('lambda'), ...headers } },
            (incoming) => {
              incoming.resume();
              incoming.on('end', () => resolve(incoming.statusCode ?? 0));
            },
          );
          outgoing.on('error', reject);
          outgoing.end(body);
        });

      // Act
      const refused = await post({ 'x-amz-client-context': 'not base64!' }, Buffer.alloc(512 * 1024, 'a'));
      const next = await post({}, Buffer.from('{}'));
      agent.destroy();

      // Assess
      expect([refused, next]).toEqual([400, 200]);
    });

    it('passes a well-formed client context on', async () => {
      // Act
      const response = await fetch(`${endpoint.url}/2015-03-31/functions/orders/invocations`, {
        method: 'POST',
        headers: { authorization: signedFor('lambda'), 'x-amz-client-context': Buffer.from('{"custom":{"a":1}}').toString('base64') },
        body: '{}',
      });

      // Assess
      expect(response.status).toBe(200);
    });

    it('refuses a payload over 6 MB with RequestTooLargeException (413) before reading it', async () => {
      // Act
      const answer = await sendDeclaring(endpoint.url, '/2015-03-31/functions/orders/invocations', { authorization: signedFor('lambda') }, 600 * 1024 * 1024);

      // Assess
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({
        __type: 'RequestTooLargeException',
        message: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
      });
    });
  });

  describe('request sizes', () => {
    it('refuses a 600 MB EventBridge body from its declared length, without reading it', async () => {
      // Act
      const answer = await sendDeclaring(
        endpoint.url,
        '/',
        { authorization: signedFor('events'), 'x-amz-target': 'AWSEvents.PutEvents', 'content-type': 'application/x-amz-json-1.1' },
        600 * 1024 * 1024,
      );

      // Assess
      expect(answer.status).toBe(413);
      expect(answer.headers['connection']).toBe('close');
      expect(JSON.parse(answer.body)).toMatchObject({ __type: 'RequestEntityTooLarge' });
    });

    it('refuses an EventBridge body sent without a length as soon as it passes the limit, handing nothing to the service', async () => {
      // Prepare
      const limit = MAX_REQUEST_BODY_BYTES.events;
      const before = eventsBodies.length;

      // Act
      const answer = await sendPast(endpoint.url, '/', { authorization: signedFor('events'), 'x-amz-target': 'AWSEvents.PutEvents' }, limit);

      // Assess
      expect(answer.status).toBe(413);
      expect(eventsBodies.length).toBe(before);
    });

    it('refuses an S3 PutObject over 5 GiB with EntityTooLarge, in S3 error XML', async () => {
      // Act
      const answer = await sendDeclaring(endpoint.url, '/eventful-imports/huge.bin', { authorization: signedFor('s3') }, S3_MAX_UPLOAD_BYTES + 1);

      // Assess
      expect(answer.status).toBe(400);
      expect(answer.body).toMatch(/<Error><Type>Sender<\/Type><Code>EntityTooLarge<\/Code>/);
    });
  });

  describe('requests a web page could make the browser send', () => {
    /** A raw request, so Host, Origin and the body are exactly what a browser (or an attacker's page) would send. */
    const send = (path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}) =>
      new Promise<Answer>((resolve, reject) => {
        const outgoing = httpRequest(`${endpoint.url}${path}`, { method: options.method ?? 'POST', headers: options.headers ?? {} }, (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8') }));
        });
        outgoing.on('error', reject);
        outgoing.end(options.body);
      });
    const port = () => new URL(endpoint.url).port;
    const form = (fields: Record<string, string>) => {
      const boundary = 'xYzZY';
      const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
      const body = `${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="products.csv"\r\nContent-Type: text/csv\r\n\r\nsku,name,unitPrice,stock\r\nX,Evil,0,0\r\n--${boundary}--\r\n`;
      return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body };
    };

    it('refuses an unsigned S3 form upload (what any page can POST without a preflight) with AccessDenied', async () => {
      // Prepare
      const upload = form({ key: 'products.csv' });

      // Act
      const answer = await send('/eventful-imports', upload);

      // Assess
      expect(answer.status).toBe(403);
      expect(answer.body).toMatch(/<Code>AccessDenied<\/Code>/);
    });

    it('refuses an S3 form upload that comes from another site, signed policy or not', async () => {
      // Prepare
      const upload = form({
        key: 'products.csv',
        policy: 'e30=',
        'x-amz-algorithm': 'AWS4-HMAC-SHA256',
        'x-amz-credential': 'AKID/20261206/us-east-1/s3/aws4_request',
        'x-amz-date': '20261206T000000Z',
        'x-amz-signature': '0'.repeat(64),
      });

      // Act
      const answer = await send('/eventful-imports', { body: upload.body, headers: { ...upload.headers, origin: 'https://attacker.example' } });

      // Assess
      expect(answer.status).toBe(403);
      expect(answer.body).toMatch(/<Code>AccessDenied<\/Code><Message>Origin .*https:\/\/attacker\.example.* is another site/);
    });

    it.each<[string, string, Record<string, string>, string]>([
      [
        'an unsigned EventBridge call',
        '/',
        { 'x-amz-target': 'AWSEvents.PutEvents', 'content-type': 'application/x-amz-json-1.1' },
        'MissingAuthenticationTokenException',
      ],
      [
        'a Lambda Invoke with a signature of the wrong shape',
        '/2015-03-31/functions/orders/invocations',
        { authorization: 'AWS4-HMAC-SHA256 Credential=x' },
        'MissingAuthenticationTokenException',
      ],
    ])("refuses %s with AWS's missing-token error, handing nothing on", async (_case, path, headers, code) => {
      // Prepare
      const before = { events: eventsBodies.length, invoked: invoked.length };

      // Act
      const answer = await send(path, { headers, body: '{"Entries":[]}' });

      // Assess
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body)).toMatchObject({ __type: code });
      expect({ events: eventsBodies.length, invoked: invoked.length }).toEqual(before);
    });

    it.each([
      ['another name (DNS rebinding)', () => `attacker.example:${port()}`],
      ['a name that resolves to loopback but is not localhost', () => `localtest.me:${port()}`],
      ['loopback at another port', () => '127.0.0.1:1'],
    ])('refuses a Host that is %s, even on a signed request and on the admin routes', async (_case, host) => {
      // Act
      const signed = await send('/', { headers: { host: host(), authorization: signedFor('events'), 'x-amz-target': 'AWSEvents.ListRules' }, body: '{}' });
      const health = await send('/_eventful/health', { method: 'GET', headers: { host: host() } });

      // Assess
      expect(signed.status).toBe(403);
      expect(JSON.parse(signed.body)).toMatchObject({ __type: 'AccessDenied', message: expect.stringContaining('DNS-rebinding') });
      expect(health.status).toBe(403);
    });

    it.each([`localhost:`, `127.0.0.1:`, `[::1]:`, `sqs.us-east-1.localhost:`])('accepts Host %s<port>, as SDKs send it', async (name) => {
      // Act
      const answer = await send('/', {
        headers: { host: `${name}${port()}`, authorization: signedFor('events'), 'x-amz-target': 'AWSEvents.ListRules' },
        body: '{}',
      });

      // Assess
      expect(answer.status).toBe(200);
    });

    it.each([
      ['another site', { origin: 'https://attacker.example' }],
      ['a sandboxed page (Origin: null)', { origin: 'null' }],
      ['a page on another local port', { origin: 'http://localhost:3000' }],
      ['a request the browser marks as cross-site', { 'sec-fetch-site': 'cross-site' }],
    ])('refuses a signed-looking request from %s', async (_case, browser) => {
      // Act
      const answer = await send('/', {
        headers: { ...browser, authorization: signedFor('events'), 'x-amz-target': 'AWSEvents.PutEvents' },
        body: '{"Entries":[]}',
      });

      // Assess
      expect(answer.status).toBe(403);
    });

    it('answers a malformed percent-escape in an admin path with 400, asking the scheduler nothing', async () => {
      // Act
      const answer = await send('/_eventful/schedules/nightly%E0%A4%A/fire', { headers: { [ADMIN_REQUEST_HEADER]: '1' } });

      // Assess
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ error: 'InvalidPath', message: expect.stringContaining('nightly%E0%A4%A') });
      expect(fired).toEqual([]);
    });

    it('passes a state-changing admin request with the admin header on to the admin routes', async () => {
      // Act
      const answer = await send('/_eventful/schedules/nightly/fire', { headers: { [ADMIN_REQUEST_HEADER]: '1' } });

      // Assess
      expect(answer.status).toBe(404);
      expect(fired).toEqual(['nightly']);
    });

    it('refuses a state-changing admin request without the admin header, which a page cannot add', async () => {
      // Act
      const answer = await send('/_eventful/schedules/nightly/fire');

      // Assess
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body)).toMatchObject({ __type: 'AccessDenied', message: expect.stringContaining(ADMIN_REQUEST_HEADER) });
    });
  });
});
