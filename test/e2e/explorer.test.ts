import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createHmac, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../local/test/runtime/support/eventually.ts';
import { startEventfulApp, type EventfulAppRuntime } from './support/eventful-app-runtime.ts';

/*
 * Issue 10: the event explorer in a real headless Chromium (Debian's `chromium`, driven by playwright-core), as a
 * person uses it: open the printed URL, place an order over HTTP and follow its trace to RESERVED and PAID, make a
 * message poison, read its reason and redrive it from the page. With UPDATE_SCREENSHOTS=1 it also writes the
 * README's screenshots to docs/images/ (CI leaves the tree as it is).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../../docs/images/', import.meta.url));
const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';
const SECRET = 'e2e-explorer-webhook-secret';
/** Long enough for cold starts of every function on a busy machine; each wait ends as soon as the page shows it. */
const PAGE_WAIT_MS = 60_000;

describe('the event explorer in a browser', () => {
  let app: EventfulAppRuntime;
  let browser: Browser;
  let page: Page;
  let sqs: SQSClient;
  const previousSecret = process.env.PAYMENT_WEBHOOK_SECRET;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
    process.env.PAYMENT_WEBHOOK_SECRET = SECRET;
    app = await startEventfulApp();
    sqs = new SQSClient(app.client);
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient(app.client));
    await documents.send(
      new PutCommand({
        TableName: app.envOf('PRODUCTS_TABLE'),
        Item: { sku: 'E2E-EXPLORER', name: 'Explorer mug', unitPriceMinor: 1200, currency: 'EUR', stock: 100, updatedAt: new Date().toISOString() },
      }),
    );
    documents.destroy();
    // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(app.runtime.explorerUrl);
    await page.waitForSelector('body[data-ready]');
    // Synthesis and bundling, when this file is the first of the run to ask for the app, take minutes on a busy machine.
  }, 300_000);

  afterAll(async () => {
    if (previousSecret === undefined) delete process.env.PAYMENT_WEBHOOK_SECRET;
    else process.env.PAYMENT_WEBHOOK_SECRET = previousSecret;
    await browser?.close();
    sqs?.destroy();
    await app?.stop();
  });

  async function screenshot(name: string, take: () => Promise<unknown>) {
    if (!UPDATE_SCREENSHOTS) return;
    mkdirSync(SCREENSHOTS, { recursive: true });
    await take();
    expect(existsSync(`${SCREENSHOTS}${name}`)).toBe(true);
  }

  it('draws the app from its template, under construct-path names, with its queues and dead letters', async () => {
    // Assess
    await page.waitForSelector('#graph g.node[data-name="Orders/PlaceOrder"]');
    const names = await page.$$eval('#graph g.node', (nodes) => nodes.map((node) => node.getAttribute('data-name')));
    expect(names).toEqual(
      expect.arrayContaining([
        'POST /orders',
        'Orders/Inventory/ReserveInventory',
        'Orders/Inventory/Queue',
        'Orders/Inventory/Queue/DeadLetter',
        'Platform/Backbone/Bus',
      ]),
    );
    expect(await page.textContent('#connection')).toBe('live');
  });

  it('follows an order placed over HTTP on its trace to RESERVED, then PAID after the signed webhook', async () => {
    // Prepare
    const correlationId = `e2e-explorer-${randomUUID()}`;
    // Act
    const placed = await app.api('/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId },
      body: JSON.stringify({ customerId: 'c-explorer', items: [{ sku: 'E2E-EXPLORER', quantity: 2 }] }),
    });
    const { orderId } = (await placed.json()) as { orderId: string };
    // The order's own id: its placement and, once the webhook came (a correlation of its own), its payment
    await page.goto(`${app.runtime.explorerUrl}#trace/${encodeURIComponent(orderId)}`);
    // Assess: the trace shows each hop, down to the read model's projection
    const timeline = page.locator('#timeline');
    await timeline.getByText('POST /orders → 201').waitFor({ timeout: PAGE_WAIT_MS });
    expect(await page.locator('#timeline .event').first().textContent()).toContain('OrderPlaced');
    await timeline.getByText('status=RESERVED').first().waitFor({ state: 'attached', timeout: PAGE_WAIT_MS });
    for (const hop of [
      'Orders/PlaceOrder',
      'Orders/Relay/RelayEvents',
      'OrderPlaced from eventful.orders',
      'Orders/Inventory/ReserveInventory',
      'Orders/Projection/ProjectOrder',
    ]) {
      expect(await timeline.textContent()).toContain(hop);
    }

    // Act
    const body = JSON.stringify({
      id: `evt_${randomUUID()}`,
      type: 'payment.succeeded',
      data: { orderId, paymentId: `pay_${randomUUID()}`, amount: 24, currency: 'EUR' },
    });
    const at = Math.floor(Date.now() / 1000);
    const signature = createHmac('sha256', SECRET).update(`${at}.${body}`).digest('hex');
    const accepted = await app.api('/webhooks/payments', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-signature': `t=${at},v1=${signature}` },
      body,
    });
    // Assess
    expect(accepted.status).toBe(202);
    await timeline.getByText('status=PAID').first().waitFor({ state: 'attached', timeout: PAGE_WAIT_MS });
    expect(await timeline.textContent()).toContain('OrderPaid');
    expect(await timeline.textContent()).toContain('POST /webhooks/payments → 202');

    await screenshot('explorer-trace.png', () => page.screenshot({ path: `${SCREENSHOTS}explorer-trace.png`, fullPage: true }));
    await screenshot('explorer-topology.png', async () => {
      await page.setViewportSize({ width: 2300, height: 900 });
      await page.goto(`${app.runtime.explorerUrl}#topology`);
      await page.waitForSelector('#graph g.node');
      await page.screenshot({ path: `${SCREENSHOTS}explorer-topology.png`, fullPage: true });
      await page.setViewportSize({ width: 1400, height: 900 });
    });
  }, 180_000);

  it('shows why a poison message was dead-lettered, and redrives it from the page', async () => {
    // Prepare
    const queue = app.runtime.topology.queues.find((q) => q.path?.includes('Orders/Inventory/Queue/Queue'));
    if (!queue) throw new Error('the inventory queue is missing from the topology');
    // Act: a message no retry can fix; the consumer's dead-letter channel sends it on at once, with its reason
    const { MessageId } = await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'not an event' }));
    await page.goto(`${app.runtime.explorerUrl}#dead-letters`);
    const box = page.locator('.dlq[data-queue="Orders/Inventory/Queue/DeadLetter"]');
    await box.locator('.count', { hasNotText: '0 waiting' }).waitFor({ timeout: PAGE_WAIT_MS });
    await box.locator('button.show-messages').click();
    const message = box.locator('.message', { hasText: MessageId as string });
    // Assess: the reason attributes and the body
    await message.waitFor({ timeout: PAGE_WAIT_MS });
    expect(await message.locator('table.attributes').textContent()).toContain('InvalidEventError');
    expect(await message.locator('td.reason').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('not valid JSON')]));
    expect(await message.locator('pre').textContent()).toBe('not an event');

    // Act
    const redrivenAt = Date.now();
    await message.locator('button.redrive-one').click();
    // Assess: the page says so, and the consumer receives the message again
    await box.getByText('Redriven: 1 message.').waitFor({ timeout: PAGE_WAIT_MS });
    await eventually(async () =>
      app.runtime.feed
        .list()
        .some(
          (o) =>
            o.kind === 'invocation' &&
            o.at >= redrivenAt &&
            o.functionName.includes('ReserveInventory') &&
            o.trigger.lines.some((line) => line.includes('body is not JSON')),
        )
        ? true
        : undefined,
    );
  }, 180_000);
});
