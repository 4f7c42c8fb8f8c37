import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { describe, expect, it } from 'vitest';
import { ConstructUsageError } from '../../infra/constructs/errors.ts';
import { EventfulFunction } from '../../infra/constructs/eventful-function.ts';
import { FlowTable } from '../../infra/constructs/flow-table.ts';
import { ENV } from '../../shared/runtime/environment.ts';

/** A stack with one function and one table, not bundled: these tests read the template only. */
function stackWithTable() {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Test');
  const fn = new EventfulFunction(stack, 'Fn', { name: 'get-order', description: 'reads orders', invokedAsynchronously: false });
  const table = new FlowTable(stack, 'Orders', {
    environmentVariable: ENV.ordersTable,
    partitionKey: { name: 'orderId', type: dynamodb.AttributeType.STRING },
    removalPolicy: RemovalPolicy.DESTROY,
  });
  return { stack, fn, table };
}

describe('FlowTable', () => {
  it('sets the variable the function reads when it grants the table, naming the table', () => {
    // Prepare
    const { stack, fn, table } = stackWithTable();

    // Act
    table.grant(fn, ['dynamodb:GetItem']);

    // Assess
    const variables =
      Template.fromStack(stack).findResources('AWS::Lambda::Function')[stack.getLogicalId(fn.function.node.defaultChild as never)]!.Properties.Environment
        .Variables;
    expect(variables[ENV.ordersTable]).toEqual({ Ref: stack.getLogicalId(table.table.node.defaultChild as never) });
  });

  it('grants the base table only, or the one index asked for, never `<table>/index/*`', () => {
    // Prepare
    const { stack, fn, table } = stackWithTable();

    // Act
    table.grant(fn, ['dynamodb:GetItem']);
    table.grant(fn, ['dynamodb:Query'], { index: 'by-day' });

    // Assess
    const resources = JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
    expect(resources).toContain('/index/by-day');
    expect(resources).not.toContain('/index/*');
  });

  it('keeps its table logical id as it was before the wrapper (`Default`)', () => {
    const { stack, table } = stackWithTable();

    expect(stack.getLogicalId(table.table.node.defaultChild as never)).toMatch(/^Orders[0-9A-F]{8}$/);
  });
});

describe('EventfulFunction.bindEnvironment', () => {
  it('refuses a variable already bound to another resource: one variable names one resource', () => {
    // Prepare
    const { stack, fn, table } = stackWithTable();
    table.grant(fn, ['dynamodb:GetItem']);
    const other = new FlowTable(stack, 'OtherOrders', {
      environmentVariable: ENV.ordersTable,
      partitionKey: { name: 'orderId', type: dynamodb.AttributeType.STRING },
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Act, Assess
    expect(() => other.grant(fn, ['dynamodb:GetItem'])).toThrow(ConstructUsageError);
    expect(() => other.grant(fn, ['dynamodb:GetItem'])).toThrow(/ORDERS_TABLE is already bound/);
  });

  it('accepts a second grant on the same resource', () => {
    const { fn, table } = stackWithTable();
    table.grant(fn, ['dynamodb:GetItem']);

    expect(() => table.grant(fn, ['dynamodb:PutItem'])).not.toThrow();
  });
});
