import { describe, expect, it } from 'vitest';
import { InvalidTemplateValueError, UnresolvableIntrinsicError } from '../../loader/errors.ts';
import type { Template } from '../../loader/template.ts';
import { resolveIn, scopeOf } from './support/scope.ts';
import { ACCOUNT, ENDPOINT, REGION } from './support/topology.ts';

/** A hand-written template covering every kind of value an intrinsic can reach. */
const TEMPLATE: Template = {
  Parameters: {
    Stage: { Type: 'String', Default: 'dev' },
    Zones: { Type: 'CommaDelimitedList', Default: 'a, b,c' },
    Attribute: { Type: 'String', Default: 'QueueName' },
    BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' },
    NoDefault: { Type: 'String' },
  },
  Mappings: { Sizes: { dev: { Memory: 128 }, prod: { Memory: 1024 } } },
  Conditions: {
    IsDev: { 'Fn::Equals': [{ Ref: 'Stage' }, 'dev'] },
    IsProd: { 'Fn::Not': [{ Condition: 'IsDev' }] },
    DevInUsEast: { 'Fn::And': [{ Condition: 'IsDev' }, { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] }] },
    ProdOrEu: { 'Fn::Or': [{ Condition: 'IsProd' }, { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] }] },
  },
  Resources: {
    Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'orders' } },
    Fifo: { Type: 'AWS::SQS::Queue', Properties: { FifoQueue: true } },
    Table: {
      Type: 'AWS::DynamoDB::Table',
      Properties: { TableName: { 'Fn::Sub': '${AWS::StackName}-orders' }, StreamSpecification: { StreamViewType: 'NEW_IMAGE' } },
    },
    PlainTable: { Type: 'AWS::DynamoDB::Table', Properties: {} },
    Function: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'worker' } },
    Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'orders-bus' } },
    RuleOnBus: { Type: 'AWS::Events::Rule', Properties: { Name: 'placed', EventBusName: { Ref: 'Bus' } } },
    RuleOnDefault: { Type: 'AWS::Events::Rule', Properties: { Name: 'nightly' } },
    Stream: { Type: 'AWS::Kinesis::Stream', Properties: { Name: 'clicks' } },
    Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'uploads' } },
    Schedule: { Type: 'AWS::Scheduler::Schedule', Properties: { Name: 'reconcile', GroupName: 'ops' } },
    Mapping: { Type: 'AWS::Lambda::EventSourceMapping', Properties: {} },
    Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'alerts' } },
    Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'worker-role' } },
    Graph: { Type: 'AWS::AppSync::GraphQLApi', Properties: {} },
    ProdOnly: { Type: 'AWS::SQS::Queue', Condition: 'IsProd', Properties: {} },
    ChickenA: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::GetAtt': ['ChickenB', 'QueueName'] } } },
    ChickenB: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::GetAtt': ['ChickenA', 'QueueName'] } } },
  },
};

const scope = scopeOf(TEMPLATE, { exports: { 'shared-bus-arn': 'arn:aws:events:us-east-1:000000000000:event-bus/shared' } });
const resolve = (value: unknown) => resolveIn(scope, value);

describe('intrinsic resolution', () => {
  describe('Ref', () => {
    it.each([
      ['a queue: its URL', 'Queue', `${ENDPOINT}/${ACCOUNT}/orders`],
      ['a table: its name', 'Table', 'Shop-orders'],
      ['a function: its name', 'Function', 'worker'],
      ['an event bus: its name', 'Bus', 'orders-bus'],
      ['a rule on a custom bus: "<bus>|<rule>"', 'RuleOnBus', 'orders-bus|placed'],
      ['a rule on the default bus: its name', 'RuleOnDefault', 'nightly'],
      ['a stream: its name', 'Stream', 'clicks'],
      ['a bucket: its name', 'Bucket', 'uploads'],
      ['a schedule: its name', 'Schedule', 'reconcile'],
      ['an SNS topic: its ARN', 'Topic', `arn:aws:sns:${REGION}:${ACCOUNT}:alerts`],
      ['an IAM role: its name', 'Role', 'worker-role'],
      ['a parameter: its default', 'Stage', 'dev'],
      ['a comma-delimited list parameter: the list', 'Zones', ['a', 'b', 'c']],
      ['AWS::Region', 'AWS::Region', REGION],
      ['AWS::AccountId', 'AWS::AccountId', ACCOUNT],
      ['AWS::Partition', 'AWS::Partition', 'aws'],
      ['AWS::URLSuffix', 'AWS::URLSuffix', 'amazonaws.com'],
      ['AWS::StackName', 'AWS::StackName', 'Shop'],
      ['AWS::NotificationARNs', 'AWS::NotificationARNs', []],
    ])('of %s', (_what, name, expected) => {
      // Assess
      expect(resolve({ Ref: name })).toEqual(expected);
    });

    it('of AWS::StackId: a CloudFormation stack ARN, stable across loads', () => {
      // Act
      const stackId = resolve({ Ref: 'AWS::StackId' });

      // Assess
      expect(stackId).toMatch(new RegExp(`^arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/Shop/[0-9a-f-]{36}$`));
      expect(resolveIn(scopeOf(TEMPLATE), { Ref: 'AWS::StackId' })).toBe(stackId);
    });

    it('of an event source mapping: a UUID', () => {
      // Assess
      expect(resolve({ Ref: 'Mapping' })).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });
  });

  describe('Fn::GetAtt', () => {
    it.each([
      [['Queue', 'Arn'], `arn:aws:sqs:${REGION}:${ACCOUNT}:orders`],
      [['Queue', 'QueueName'], 'orders'],
      [['Queue', 'QueueUrl'], `${ENDPOINT}/${ACCOUNT}/orders`],
      ['Queue.Arn', `arn:aws:sqs:${REGION}:${ACCOUNT}:orders`],
      [['Queue', { Ref: 'Attribute' }], 'orders'],
      [['Table', 'Arn'], `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/Shop-orders`],
      [['Table', 'StreamArn'], `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/Shop-orders/stream/2020-01-01T00:00:00.000`],
      [['Function', 'Arn'], `arn:aws:lambda:${REGION}:${ACCOUNT}:function:worker`],
      [['Bus', 'Arn'], `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/orders-bus`],
      [['Bus', 'Name'], 'orders-bus'],
      [['RuleOnBus', 'Arn'], `arn:aws:events:${REGION}:${ACCOUNT}:rule/orders-bus/placed`],
      [['RuleOnDefault', 'Arn'], `arn:aws:events:${REGION}:${ACCOUNT}:rule/nightly`],
      [['Stream', 'Arn'], `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/clicks`],
      [['Bucket', 'Arn'], 'arn:aws:s3:::uploads'],
      [['Bucket', 'RegionalDomainName'], `uploads.s3.${REGION}.amazonaws.com`],
      [['Schedule', 'Arn'], `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/ops/reconcile`],
      [['Role', 'Arn'], `arn:aws:iam::${ACCOUNT}:role/worker-role`],
    ])('%j resolves to %s', (argument, expected) => {
      // Assess
      expect(resolve({ 'Fn::GetAtt': argument })).toBe(expected);
    });

    it('generates a FIFO queue name ending with .fifo', () => {
      // Assess
      expect(resolve({ 'Fn::GetAtt': ['Fifo', 'QueueName'] })).toMatch(/^Shop-Fifo-[A-Z0-9]{12}\.fifo$/);
    });
  });

  describe('functions over values', () => {
    it.each<[string, unknown, unknown]>([
      ['Fn::Join', { 'Fn::Join': ['-', ['a', { Ref: 'Stage' }, 3]] }, 'a-dev-3'],
      ['Fn::Join over a list intrinsic', { 'Fn::Join': ['', { 'Fn::Split': [',', 'x,y'] }] }, 'xy'],
      ['Fn::Sub with pseudo parameters and attributes', { 'Fn::Sub': '${AWS::Region}/${Queue.QueueName}/${Stage}' }, `${REGION}/orders/dev`],
      ['Fn::Sub with a variable map', { 'Fn::Sub': ['${Name}@${AWS::AccountId}', { Name: { Ref: 'Function' } }] }, `worker@${ACCOUNT}`],
      ['Fn::Sub with an escaped literal', { 'Fn::Sub': '${!Literal}-${Stage}' }, '${Literal}-dev'],
      ['Fn::Select', { 'Fn::Select': ['1', ['a', 'b', 'c']] }, 'b'],
      ['Fn::Select over Fn::GetAZs', { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }, `${REGION}a`],
      ['Fn::GetAZs of the current region', { 'Fn::GetAZs': { Ref: 'AWS::Region' } }, [`${REGION}a`, `${REGION}b`, `${REGION}c`]],
      ['Fn::Split', { 'Fn::Split': ['|', 'a|b'] }, ['a', 'b']],
      ['Fn::If on a true condition', { 'Fn::If': ['IsDev', 'sandbox', 'live'] }, 'sandbox'],
      ['Fn::If on a false condition', { 'Fn::If': ['IsProd', 'live', 'sandbox'] }, 'sandbox'],
      ['Fn::FindInMap', { 'Fn::FindInMap': ['Sizes', { Ref: 'Stage' }, 'Memory'] }, 128],
      ['Fn::FindInMap with a default value', { 'Fn::FindInMap': ['Sizes', 'test', 'Memory', { DefaultValue: 256 }] }, 256],
      ['Fn::ImportValue', { 'Fn::ImportValue': 'shared-bus-arn' }, 'arn:aws:events:us-east-1:000000000000:event-bus/shared'],
      ['Fn::Base64', { 'Fn::Base64': { 'Fn::Sub': '#!${Stage}' } }, Buffer.from('#!dev').toString('base64')],
      ['Fn::Length', { 'Fn::Length': { Ref: 'Zones' } }, 3],
      ['Fn::ToJsonString', { 'Fn::ToJsonString': { queue: { Ref: 'Queue' } } }, JSON.stringify({ queue: `${ENDPOINT}/${ACCOUNT}/orders` })],
      ['nested objects and lists', { a: [{ Ref: 'Stage' }, { b: { Ref: 'Function' } }] }, { a: ['dev', { b: 'worker' }] }],
    ])('%s', (_what, value, expected) => {
      // Assess
      expect(resolve(value)).toEqual(expected);
    });

    it('removes properties and list elements that resolve to AWS::NoValue', () => {
      // Act
      const resolved = resolve({ Keep: 1, Drop: { Ref: 'AWS::NoValue' }, List: ['a', { 'Fn::If': ['IsProd', 'b', { Ref: 'AWS::NoValue' }] }] });

      // Assess
      expect(resolved).toEqual({ Keep: 1, List: ['a'] });
    });

    it('treats a top-level AWS::NoValue as an absent value', () => {
      // Assess
      expect(resolve({ 'Fn::If': ['IsProd', 'x', { Ref: 'AWS::NoValue' }] })).toBeUndefined();
    });
  });

  describe('conditions', () => {
    it.each([
      ['IsDev', true],
      ['IsProd', false],
      ['DevInUsEast', true],
      ['ProdOrEu', false],
    ])('%s evaluates to %s', (name, expected) => {
      // Assess
      expect(scope.condition(name)).toBe(expected);
    });

    it('leaves out resources whose condition is false', () => {
      // Assess
      expect(scope.resources().map(([logicalId]) => logicalId)).not.toContain('ProdOnly');
      expect(scope.resources().map(([logicalId]) => logicalId)).toContain('Queue');
    });
  });

  describe('what cannot be resolved', () => {
    it.each<[string, unknown, string]>([
      ['a reference to nothing', { Ref: 'Missing' }, 'stack Shop has no parameter or resource named Missing'],
      [
        'an attribute the type does not have',
        { 'Fn::GetAtt': ['Queue', 'Nope'] },
        'attribute Nope of AWS::SQS::Queue Queue is not known locally (known: Arn, QueueName, QueueUrl)',
      ],
      [
        'the stream of a table without one',
        { 'Fn::GetAtt': ['PlainTable', 'StreamArn'] },
        'attribute StreamArn of AWS::DynamoDB::Table PlainTable is not known locally (known: Arn)',
      ],
      ['a resource type without a local identity', { 'Fn::GetAtt': ['Graph', 'ApiId'] }, 'AWS::AppSync::GraphQLApi resources have no local identity'],
      ['a resource whose condition is false', { Ref: 'ProdOnly' }, 'stack Shop has no parameter or resource named ProdOnly'],
      ['an export no stack declares', { 'Fn::ImportValue': 'nobody-exports-this' }, 'no stack in the app exports nobody-exports-this'],
      [
        'an SSM parameter value',
        { Ref: 'BootstrapVersion' },
        'parameter BootstrapVersion reads SSM parameter /cdk-bootstrap/hnb659fds/version, and SSM is not available locally',
      ],
      ['a parameter with no value', { Ref: 'NoDefault' }, 'parameter NoDefault has no value and no default'],
      ['an index out of range', { 'Fn::Select': [3, ['a']] }, 'index 3 is out of range for a list of 1'],
      ['a missing mapping entry', { 'Fn::FindInMap': ['Sizes', 'test', 'Memory'] }, 'mapping Sizes has no entry test.Memory'],
      ['an unknown condition', { 'Fn::If': ['Nope', 'a', 'b'] }, 'stack Shop has no condition named Nope'],
      ['Fn::Cidr', { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] }, 'Fn::Cidr (VPC address ranges) is not implemented by the local loader'],
      ['an unknown function', { 'Fn::Bogus': 1 }, 'Fn::Bogus is not an intrinsic function the local loader knows'],
      ['a circular reference', { Ref: 'ChickenA' }, 'circular reference'],
    ])('fails on %s, naming the stack, resource, property and intrinsic', (_what, value, reason) => {
      // Act
      const act = () => resolve({ Wrapper: [value] });

      // Assess
      expect(act).toThrow(UnresolvableIntrinsicError);
      expect(act).toThrow(reason);
      try {
        act();
      } catch (error) {
        const { location, intrinsic, message } = error as UnresolvableIntrinsicError;
        expect(location.stackName).toBe('Shop');
        expect(message).toContain('stack Shop');
        expect(intrinsic.length).toBeGreaterThan(0);
        expect(message).toContain(`Cannot resolve ${intrinsic}`);
      }
    });

    it.each<[string, unknown, string]>([
      ['Ref', { Ref: 'constructor' }, 'stack Shop has no parameter or resource named constructor'],
      ['Ref', { Ref: '__proto__' }, 'stack Shop has no parameter or resource named __proto__'],
      ['Ref', { Ref: 'toString' }, 'stack Shop has no parameter or resource named toString'],
      ['Fn::Sub', { 'Fn::Sub': '${hasOwnProperty}' }, 'stack Shop has no parameter or resource named hasOwnProperty'],
      ['Fn::GetAtt', { 'Fn::GetAtt': ['Queue', 'constructor'] }, 'attribute constructor of AWS::SQS::Queue Queue is not known locally'],
      ['Fn::GetAtt', { 'Fn::GetAtt': ['valueOf', 'Arn'] }, 'stack Shop has no resource named valueOf'],
      ['Fn::FindInMap', { 'Fn::FindInMap': ['Sizes', 'dev', 'constructor'] }, 'mapping Sizes has no entry dev.constructor'],
      ['Fn::If', { 'Fn::If': ['toString', 'a', 'b'] }, 'stack Shop has no condition named toString'],
      ['an intrinsic name', { 'Fn::constructor': 1 }, 'Fn::constructor is not an intrinsic function the local loader knows'],
    ])('never reads an inherited member of an object as a template name (%s of %j)', (_intrinsic, value, reason) => {
      // Act
      const act = () => resolve({ Wrapper: [value] });

      // Assess
      expect(act).toThrow(UnresolvableIntrinsicError);
      expect(act).toThrow(reason);
    });

    it('names the innermost intrinsic and the full property path', () => {
      // Act
      const act = () => resolve({ Variables: { QUEUE: { 'Fn::Join': ['', ['x', { 'Fn::GetAtt': ['Queue', 'Nope'] }]] } } });

      // Assess
      expect(act).toThrow(
        'Cannot resolve {"Fn::GetAtt":["Queue","Nope"]} (stack Shop, Probe, property Value.Variables.QUEUE): attribute Nope of AWS::SQS::Queue Queue is not known locally (known: Arn, QueueName, QueueUrl)',
      );
    });

    it('names the resource whose identity cannot be worked out when a builder asks for it', () => {
      // Prepare
      const broken = scopeOf({ Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: ['not', 'a', 'string'] } } } });

      // Act
      const act = () => broken.identity('Queue');

      // Assess
      expect(act).toThrow(InvalidTemplateValueError);
      expect(act).toThrow('(stack Shop, Queue): Queue.QueueName must be a string to name the resource');
    });
  });
});
