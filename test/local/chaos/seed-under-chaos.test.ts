import { describe, expect, it } from 'vitest';
import { seedDemoCatalog } from '../../../cli/seed-demo-catalog.ts';
import type { LocalTopology } from '../../../local/topology/types.ts';
import { DEMO_PRODUCTS } from '../../../shared/catalog/demo-products.ts';
import { endpointWith, fakeEngine } from '../../../local/test/chaos/support/fake-engine.ts';

/* The app's seed hook on the runtime's endpoint under --chaos: app code, so an app test. */

describe('the demo catalog seed under --chaos', () => {
  it('retries throttling and transaction conflicts, as AWS advises, until every product is written', async () => {
    // Prepare: about half of the calls fail (each of the three kinds at 0.2).
    const engine = await fakeEngine(() => ({}));
    const endpoint = await endpointWith('seed=42,dynamodb=0.2', { dynamodb: engine });
    const topology = {
      region: 'us-east-1',
      functions: [{ environment: { PRODUCTS_TABLE: 'products' } }],
      tables: [{ name: 'products' }],
    } as unknown as LocalTopology; // only the members seeding reads

    // Act
    const outcomes = await seedDemoCatalog({ endpointUrl: endpoint.url, topology });

    // Assess
    expect(outcomes).toEqual([{ seeded: true, tableName: 'products', written: DEMO_PRODUCTS.map((product) => product.sku).sort(), kept: [] }]);
    expect(engine.bodies).toHaveLength(DEMO_PRODUCTS.length);
  });
});
