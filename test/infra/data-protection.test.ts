import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizeEventfulApp, type SynthesizedEventfulApp } from './support/eventful-app.ts';
import { resourcesOf } from './support/template.ts';

/*
 * README "Data protection": a table whose contents no other store can give back is kept when the
 * stack goes, refused to DeleteTable, and restorable to any second of the last 35 days (PITR); a
 * table that can be rebuilt says how.
 */
let eventful: SynthesizedEventfulApp;
beforeAll(() => {
  eventful = synthesizeEventfulApp();
});

const idOf = (table: TableV2) => eventful.stack.getLogicalId(table.node.defaultChild as never);

function tablesOfTheStack() {
  const { stack } = eventful;
  return {
    unrebuildable: {
      'event store': idOf(stack.orders.eventStore.table),
      products: idOf(stack.catalog.table),
      notifications: idOf(stack.orders.notificationsTable),
      'activity stats': idOf(stack.activity.stats.table),
      promotions: idOf(stack.activity.promotions.table),
    },
    rebuildable: {
      // `eventful rebuild order-view` folds it again from the event store.
      'orders read model': idOf(stack.orders.readModel.table),
      // Records that expire within hours: the duplicates they guard against are gone with them.
      idempotency: idOf(stack.platform.idempotencyTable),
    },
  };
}

describe('data protection', () => {
  it('classifies every table of the stack as unrebuildable or rebuildable', () => {
    const { unrebuildable, rebuildable } = tablesOfTheStack();
    const classified = [...Object.values(unrebuildable), ...Object.values(rebuildable)].sort();

    expect(
      resourcesOf(eventful.template, 'AWS::DynamoDB::GlobalTable')
        .map(([id]) => id)
        .sort(),
    ).toEqual(classified);
  });

  it('keeps every unrebuildable table when the stack is deleted or the table replaced, deletion protected, with point-in-time recovery', () => {
    const resources = eventful.template.toJSON().Resources;

    for (const [name, id] of Object.entries(tablesOfTheStack().unrebuildable)) {
      expect({ name, table: resources[id] }).toMatchObject({
        name,
        table: {
          DeletionPolicy: 'Retain',
          UpdateReplacePolicy: 'Retain',
          Properties: {
            Replicas: [expect.objectContaining({ DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
          },
        },
      });
    }
  });

  it('deletes the rebuildable tables with the stack, without deletion protection, and still with point-in-time recovery', () => {
    const resources = eventful.template.toJSON().Resources;

    for (const [name, id] of Object.entries(tablesOfTheStack().rebuildable)) {
      expect({ name, table: resources[id] }).toMatchObject({
        name,
        table: {
          DeletionPolicy: 'Delete',
          Properties: {
            Replicas: [expect.objectContaining({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
          },
        },
      });
      expect(resources[id].Properties.Replicas[0].DeletionProtectionEnabled ?? false).toBe(false);
    }
  });
});
