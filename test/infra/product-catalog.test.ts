import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { featureFlags } from '../../infra/eventful-app.ts';
import { ProductCatalog } from '../../infra/constructs/product-catalog.ts';
import { resourcesOf } from './support/template.ts';

function catalogTemplate() {
  const stack = new Stack(new App({ context: featureFlags(), builtinCloudFormationValidation: false }), 'Catalog');
  const catalog = new ProductCatalog(stack, 'Catalog');
  return { stack, catalog, template: Template.fromStack(stack) };
}

describe('ProductCatalog', () => {
  it('keys products by sku, on demand, encrypted, with point-in-time recovery', () => {
    // Act
    const { template } = catalogTemplate();

    // Assess
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [{ AttributeName: 'sku', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'sku', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });

  it('keeps the table when the stack is deleted or the table replaced, and refuses its deletion: stock levels are state of record', () => {
    // Act
    const { template } = catalogTemplate();

    // Assess
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })] }),
    });
  });

  it('exposes the table for other flows to grant on', () => {
    // Act
    const { stack, catalog, template } = catalogTemplate();

    // Assess
    expect(resourcesOf(template, 'AWS::DynamoDB::GlobalTable').map(([id]) => id)).toEqual([stack.getLogicalId(catalog.table.node.defaultChild as never)]);
  });
});
