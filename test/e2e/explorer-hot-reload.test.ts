import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../local/test/runtime/support/eventually.ts';
import { startEventfulProcess, type EventfulProcess } from './support/eventful-process.ts';

/*
 * Issue 10's "edit a handler and see the next invocation run the new code without restarting", as a person does it:
 * `eventful start` (hot reload on, the default) on a copy of the app in a temporary folder, the explorer open in
 * headless Chromium, an order placed; then place-order's handler is edited in the copy, and the next order's trace on
 * the page shows the new code's log line, on the same endpoint, with the order placed before the edit still there.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PROJECT = fileURLToPath(new URL('../../', import.meta.url));
/** What `eventful start` needs of the project to synthesize, bundle, run and watch the app. */
const APP_PARTS = ['bin', 'cli', 'infra', 'functions', 'shared', 'cdk.json', 'package.json', 'package-lock.json', 'tsconfig.json', 'docs/openapi.yaml'];
/** The handler edited, and the log line it says after the edit. */
const HANDLER = 'functions/place-order/handler.ts';
const OLD_LINE = "logger.info('Order placed', {";
const NEW_MESSAGE = 'Order placed by the hot-reloaded handler';
/** From the demo catalog `start` seeds (shared/catalog/demo-products.ts). */
const ITEMS = [{ sku: 'SKU-1001', quantity: 1 }];
/** Synthesis of the copy (its bundles come from the project's bundle cache) on a busy machine. */
const READY_WAIT_MS = 240_000;
/** Cold starts of every function of an order's flow on a busy machine; each wait ends as soon as the page shows it. */
const PAGE_WAIT_MS = 60_000;

describe('hot reload of the real app, seen in the explorer', () => {
  let appDir: string;
  let app: EventfulProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
    appDir = mkdtempSync(join(tmpdir(), 'eventful-hot-reload-e2e-'));
    for (const part of APP_PARTS) cpSync(join(PROJECT, part), join(appDir, part), { recursive: true });
    // The dependencies as installed; bundles leave the AWS SDK out and resolve it from here, as in the project.
    symlinkSync(join(PROJECT, 'node_modules'), join(appDir, 'node_modules'), 'dir');
    app = await startEventfulProcess({
      appDir,
      // The project's bundle cache: the copy's sources are the project's, so its bundles are reused, not rebuilt.
      env: { EVENTFUL_BUNDLE_CACHE: join(PROJECT, '.eventful', 'bundles') },
      readyTimeoutMs: READY_WAIT_MS,
    });
    // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(app.explorerUrl);
    await page.waitForSelector('body[data-ready]');
  }, READY_WAIT_MS + 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.interrupt();
    if (appDir) rmSync(appDir, { recursive: true, force: true });
  });

  async function placeOrder(): Promise<string> {
    const response = await app.api('/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ customerId: 'c-hot-reload', items: ITEMS }),
    });
    const body = (await response.json()) as { orderId: string };
    expect({ status: response.status, body }).toMatchObject({ status: 201 });
    return body.orderId;
  }

  async function traceOf(orderId: string) {
    await page.goto(`${app.explorerUrl}#trace/${encodeURIComponent(orderId)}`);
    const placeOrderHop = page.locator('#timeline li.invocation[data-function="Orders/PlaceOrder"]');
    await placeOrderHop.waitFor({ timeout: PAGE_WAIT_MS });
    return placeOrderHop;
  }

  it('runs an edited handler on the next invocation, on the same runtime, keeping the data', async () => {
    // Prepare: an order placed by the code as started
    const before = await placeOrder();
    expect(await (await traceOf(before)).textContent()).toContain('Order placed');
    const readable = await eventually(async () => {
      const response = await app.api(`/orders/${before}`);
      return response.status === 200 ? ((await response.json()) as { orderId: string }) : undefined;
    }, PAGE_WAIT_MS);
    expect(readable.orderId).toBe(before);
    const endpoint = app.endpointUrl;
    const printedBefore = app.output().length;

    // Act: the handler's log line changes, saved as an editor saves it
    const handler = join(appDir, HANDLER);
    const source = readFileSync(handler, 'utf8');
    expect(source).toContain(OLD_LINE);
    writeFileSync(handler, source.replace(OLD_LINE, `logger.info('${NEW_MESSAGE}', {`));
    // The live log says which function was rebundled, and that nothing restarted
    await eventually(
      async () => (/hot reload: functions\/place-order\/handler\.ts changed → rebundled PlaceOrder/.test(app.output()) ? true : undefined),
      PAGE_WAIT_MS,
    );
    const after = await placeOrder();

    // Assess: the next order's trace on the page shows the new code's line
    const hop = await traceOf(after);
    await hop.getByText(NEW_MESSAGE).waitFor({ timeout: PAGE_WAIT_MS });
    expect(await (await traceOf(before)).textContent()).not.toContain(NEW_MESSAGE);
    // the same runtime: its endpoint, no restart, the order placed before the edit still readable
    expect(app.endpointUrl).toBe(endpoint);
    expect(app.output().slice(printedBefore)).not.toMatch(/restart|synthesiz/);
    expect((await app.api(`/orders/${before}`)).status).toBe(200);
    // the source of the repository itself is untouched
    expect(readFileSync(join(PROJECT, HANDLER), 'utf8')).toBe(source);
  }, 240_000);
});
