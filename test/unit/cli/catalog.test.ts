import { describe, expect, it } from 'vitest';
import { findRules } from '../../../cli/catalog/find-rules.ts';
import { renderCatalog } from '../../../cli/catalog/render-catalog.ts';
import { ruleSelects } from '../../../cli/catalog/rule-selects.ts';
import { catalog, OrderPlaced, PaymentReceived } from '../../../shared/events/index.ts';

// The shape CDK synthesizes for a rule with a Lambda target, trimmed to what the catalog reads.
const template = {
  Resources: {
    ReserveRule: {
      Type: 'AWS::Events::Rule',
      Properties: {
        EventPattern: { source: ['eventful.orders'], 'detail-type': ['OrderPlaced'] },
        Targets: [{ Arn: { 'Fn::GetAtt': ['ReserveFn', 'Arn'] }, Id: 'Target0' }],
      },
      Metadata: { 'aws:cdk:path': 'Eventful/Inventory/Rule/Resource' },
    },
    ReserveFn: { Type: 'AWS::Lambda::Function', Metadata: { 'aws:cdk:path': 'Eventful/Inventory/Function/Resource' } },
    ScheduleRule: { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(1 hour)' } },
  },
};

describe('findRules', () => {
  it('lists pattern rules with their targets named by construct path, skipping scheduled rules', () => {
    expect(findRules('Eventful', template)).toEqual([
      {
        stackName: 'Eventful',
        name: 'Eventful/Inventory/Rule',
        pattern: { source: ['eventful.orders'], 'detail-type': ['OrderPlaced'] },
        targets: [{ type: 'AWS::Lambda::Function', name: 'Eventful/Inventory/Function' }],
      },
    ]);
  });
});

describe('ruleSelects', () => {
  it.each([
    ['exact source and detail-type', { source: ['eventful.orders'], 'detail-type': ['OrderPlaced'] }, true],
    ['another detail-type', { source: ['eventful.orders'], 'detail-type': ['OrderPaid'] }, false],
    ['another source', { source: ['eventful.payments'], 'detail-type': ['OrderPlaced'] }, false],
    ['source only', { source: ['eventful.orders'] }, true],
    ['a source prefix', { source: [{ prefix: 'eventful.' }] }, true],
    ['a prefix that does not fit', { source: [{ prefix: 'aws.' }] }, false],
    ['an operator it does not evaluate (counted as may match)', { 'detail-type': [{ 'anything-but': 'OrderPaid' }] }, true],
    ['content filters only', { detail: { data: { total: [{ numeric: ['>', 1] }] } } }, true],
  ])('%s → %s', (_case, pattern, expected) => {
    expect(ruleSelects(pattern, OrderPlaced)).toBe(expected);
  });
});

describe('renderCatalog', () => {
  const document = renderCatalog(catalog, findRules('Eventful', template));

  it('has a section per event type with its source, version and producers', () => {
    for (const definition of catalog) {
      expect(document).toContain(`## ${definition.detailType}\n`);
      expect(document).toContain(`- source: \`${definition.source}\`, detail-type: \`${definition.detailType}\`, version ${definition.version}`);
    }
  });

  it('lists the consuming rule and its target under the event it matches, and nowhere else', () => {
    const orderPlaced = document.slice(document.indexOf('## OrderPlaced'), document.indexOf('## InventoryReserved'));
    const paymentReceived = document.slice(document.indexOf(`## ${PaymentReceived.detailType}`), document.indexOf('## PaymentFailed'));

    expect(orderPlaced).toContain('rule `Eventful/Inventory/Rule` → AWS::Lambda::Function `Eventful/Inventory/Function`');
    expect(paymentReceived).toContain('- consumers: none yet');
  });

  it('shows the JSON Schema of each event’s data', () => {
    expect(document).toContain('"paymentDeadline": {');
  });
});
