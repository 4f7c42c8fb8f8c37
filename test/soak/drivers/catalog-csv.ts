import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SoakRandom } from '../prng.ts';
import type { SoakApp } from '../soak-app.ts';

/** One CSV file the soak put in the imports bucket, and what its report must say. */
export interface SentCsv {
  key: string;
  /** Valid rows: sku → stock and price in minor units. */
  valid: Map<string, { stock: number; unitPriceMinor: number }>;
  /** 1-based line numbers (header = line 1) of the rows the import must reject. */
  rejectedLines: number[];
}

/** The products orders buy: few, so that many orders contend for each. */
export interface OrderCatalog {
  skus: string[];
  /** Stock each SKU was imported with. */
  initialStock: Map<string, number>;
  unitPriceMinor: number;
}

const PRICE = '10.00';
const PRICE_MINOR = 1000;
const CATALOG_ROWS_PER_FILE = 40;
/** Each import answer waits at most this long (an import retried after faults takes a visibility timeout or two). */
const REPORT_WAIT_MS = 120_000;

/** Rows the import must refuse, with the reason each breaks a rule. */
const BAD_ROWS = ['{sku},Negative stock,1.00,-3', '{sku},Bad price,abc,5', ',No sku,1.00,1', '{sku},Too many decimals,1.001,2'];

/**
 * The first file: the SKUs the orders buy, with stock for about `share` of what the orders will ask, so that some
 * orders are reserved and others rejected. Put, then awaited: orders need the products to exist.
 */
export async function importOrderCatalog(
  app: SoakApp,
  random: SoakRandom,
  options: { seed: number; orders: number },
): Promise<{ catalog: OrderCatalog; file: SentCsv }> {
  const skus = Array.from({ length: 5 }, (_, i) => `SOAK-${options.seed}-S${i + 1}`);
  // A scarce SKU as well: a handful of units fought over by hundreds of orders.
  skus.push(`SOAK-${options.seed}-SCARCE`);
  // Orders ask about 1.5 lines of 2 units: ~3 units each, spread over the SKUs.
  const stockEach = Math.max(5, Math.round((options.orders * 3 * 0.6) / (skus.length - 1)));
  const initialStock = new Map(skus.map((sku) => [sku, sku.endsWith('SCARCE') ? 5 : stockEach]));
  const { file, body } = csvFile(
    `incoming/soak-${options.seed}-0-orders.csv`,
    [...initialStock].map(([sku, stock]) => ({ sku, name: `Soak ${sku}`, price: PRICE, stock })),
    random,
    options.seed,
  );
  await putCsv(app, file.key, body);
  if (!(await reportOf(app, file.key))) throw new Error(`the import of ${file.key}, the SKUs the orders buy, had no report after ${REPORT_WAIT_MS / 1000} s`);
  return { catalog: { skus, initialStock, unitPriceMinor: PRICE_MINOR }, file };
}

/** The other files: catalog products nobody orders, each file with a few bad rows; put while the rest runs. */
export async function importCatalogFiles(app: SoakApp, random: SoakRandom, options: { seed: number; files: number }): Promise<SentCsv[]> {
  const sent: SentCsv[] = [];
  for (let f = 1; f < options.files; f += 1) {
    const rows = Array.from({ length: CATALOG_ROWS_PER_FILE }, (_, i) => ({
      sku: `SOAK-${options.seed}-CAT-${f}-${i}`,
      name: `Catalog item ${f}.${i}`,
      price: `${random.int(1, 500)}.${String(random.int(0, 99)).padStart(2, '0')}`,
      stock: random.int(0, 1000),
    }));
    const { file, body } = csvFile(`incoming/soak-${options.seed}-${f}.csv`, rows, random, options.seed);
    await putCsv(app, file.key, body);
    sent.push(file);
  }
  return sent;
}

function csvFile(
  key: string,
  rows: { sku: string; name: string; price: string; stock: number }[],
  random: SoakRandom,
  seed: number,
): { file: SentCsv; body: string } {
  const lines = ['sku,name,unitPrice,stock'];
  const valid = new Map<string, { stock: number; unitPriceMinor: number }>();
  const rejectedLines: number[] = [];
  for (const row of rows) {
    lines.push(`${row.sku},${row.name},${row.price},${row.stock}`);
    valid.set(row.sku, { stock: row.stock, unitPriceMinor: Math.round(Number(row.price) * 100) });
  }
  for (const bad of BAD_ROWS) {
    const at = random.int(2, lines.length);
    lines.splice(at - 1, 0, bad.replace('{sku}', `SOAK-${seed}-BAD-${random.int(0, 1e9)}`));
    // Lines after the insertion move down by one.
    for (let i = 0; i < rejectedLines.length; i += 1) if ((rejectedLines[i] as number) >= at) rejectedLines[i] = (rejectedLines[i] as number) + 1;
    rejectedLines.push(at);
  }
  return { file: { key, valid, rejectedLines: rejectedLines.sort((a, b) => a - b) }, body: `${lines.join('\n')}\n` };
}

async function putCsv(app: SoakApp, key: string, body: string): Promise<void> {
  await app.clients.s3.send(new PutObjectCommand({ Bucket: app.names.importsBucket, Key: key, Body: body, ContentType: 'text/csv' }));
}

/** The import report of `key` once it exists; undefined after the wait. */
export async function reportOf(app: SoakApp, key: string, waitMs = REPORT_WAIT_MS): Promise<ImportReport | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const object = await app.clients.s3.send(new GetObjectCommand({ Bucket: app.names.importsBucket, Key: `reports/${key}.report.json` }));
      return JSON.parse(await object.Body!.transformToString()) as ImportReport;
    } catch {
      if (Date.now() > deadline) return undefined;
      await sleep(250);
    }
  }
}

export interface ImportReport {
  rowsOk: number;
  rowsRejected: number;
  rejected: { line: number; reason: string }[];
}
