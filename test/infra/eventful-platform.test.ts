import { App, Duration, Stack } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConstructUsageError } from '../../infra/constructs/errors.ts';
import type { EventfulFunction } from '../../infra/constructs/eventful-function.ts';
import { EventfulPlatform, IDEMPOTENCY_ACTIONS } from '../../infra/constructs/eventful-platform.ts';
import { createCheckedApp } from '../../infra/eventful-app.ts';
import { FIXTURE_HANDLER, synthesizeFixtureApp, type FixtureApp } from './support/fixture-app.ts';
import { resourcesOf } from './support/template.ts';

let fixture: FixtureApp;
beforeAll(() => {
  fixture = synthesizeFixtureApp();
});

const logicalId = (construct: { node: { defaultChild?: unknown } }) => fixture.stack.getLogicalId(construct.node.defaultChild as never);

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
}

/** The statements of a function's inline policy. */
function statementsOf(fn: EventfulFunction): Statement[] {
  const roleId = logicalId(fn.role);
  const [, policy] = resourcesOf(fixture.template, 'AWS::IAM::Policy').find(([, p]) => p.Properties['Roles'][0].Ref === roleId)!;
  return policy.Properties['PolicyDocument'].Statement as Statement[];
}

const actionsOf = (statement: Statement) => [statement.Action].flat();
const onService = (fn: EventfulFunction, service: string) => statementsOf(fn).filter((s) => actionsOf(s).some((a) => a.startsWith(`${service}:`)));
const variablesOf = (fn: EventfulFunction) => fixture.template.toJSON().Resources[logicalId(fn.function)].Properties.Environment.Variables;
const claimChecks = () => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(fixture.platform.claimCheckBucket), 'Arn'] }, '/claim-checks/*']] });

describe('EventfulPlatform grants', () => {
  it('gives a function it creates nothing of the platform until granted: no bus, no claim checks, no idempotency table', () => {
    const { apiRoute } = fixture;

    expect(['events', 's3', 'dynamodb'].flatMap((service) => onService(apiRoute, service))).toEqual([]);
    expect(Object.keys(variablesOf(apiRoute)).filter((v) => ['EVENT_BUS_NAME', 'CLAIM_CHECK_BUCKET', 'IDEMPOTENCY_TABLE'].includes(v))).toEqual([]);
  });

  it('tells a granted function where to publish, where claim checks live and which table records idempotency', () => {
    const platform = fixture.platform;

    expect(variablesOf(fixture.consumer)).toMatchObject({
      EVENT_BUS_NAME: { Ref: logicalId(platform.backbone.bus) },
      CLAIM_CHECK_BUCKET: { Ref: logicalId(platform.claimCheckBucket) },
      IDEMPOTENCY_TABLE: { Ref: logicalId(platform.idempotencyTable) },
    });
  });

  it('lets a publisher put on the bus only the sources and detail types of the events it was granted', () => {
    expect(onService(fixture.consumer, 'events')).toEqual([
      {
        Action: 'events:PutEvents',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [logicalId(fixture.platform.backbone.bus), 'Arn'] },
        Condition: { StringEquals: { 'events:source': ['eventful.activity', 'eventful.orders'], 'events:detail-type': ['ActivitySummarized', 'OrderPlaced'] } },
      },
    ]);
  });

  it('lets a function put claim checks to publish and get them to consume, under claim-checks/ only, nothing else in S3', () => {
    const s3 = onService(fixture.consumer, 's3');

    // The publish grant's PutObject and the read grant's GetObject, merged by CDK on their one resource.
    expect(s3).toEqual([{ Action: ['s3:GetObject', 's3:PutObject'], Effect: 'Allow', Resource: claimChecks() }]);
  });

  it('lets a function keep idempotency records with exactly the calls Powertools makes, on the table only', () => {
    expect(onService(fixture.consumer, 'dynamodb')).toEqual([
      {
        Action: [...IDEMPOTENCY_ACTIONS].sort(),
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [logicalId(fixture.platform.idempotencyTable), 'Arn'] },
      },
    ]);
    expect([...IDEMPOTENCY_ACTIONS].sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
  });

  it('refuses a publish grant for no event at all', () => {
    // Prepare
    const stack = new Stack(createCheckedApp({ builtinCloudFormationValidation: false }), 'NoEvents');
    const platform = new EventfulPlatform(stack, 'Platform');
    const fn = platform.createFunction(stack, 'Fn', { name: 'fixture-api', entry: FIXTURE_HANDLER, description: 'Fixture', invokedAsynchronously: false });

    // Act
    const grant = () => platform.grantPublish(fn, []);

    // Assess
    expect(grant).toThrow(new ConstructUsageError('NoEvents/Platform/Backbone: grantPutEvents needs the events the grantee publishes, got none'));
  });

  it('sends the alarms of the functions and queues it creates to its alarm topic', () => {
    const topicId = logicalId(fixture.platform.backbone.node.findChild('Alarms').node.findChild('Topic') as never);
    const alarms = resourcesOf(fixture.template, 'AWS::CloudWatch::Alarm');

    expect(alarms).toHaveLength(10);
    for (const [, alarm] of alarms) expect(alarm.Properties['AlarmActions']).toEqual([{ Ref: topicId }]);
  });
});

describe('EventfulPlatform', () => {
  it('refuses to expire claim checks before the archived events that point at them', () => {
    // Prepare
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Retention');

    // Act
    const create = () => new EventfulPlatform(stack, 'Platform', { archiveRetention: Duration.days(30), claimCheckRetention: Duration.days(7) });

    // Assess
    expect(create).toThrow(
      new ConstructUsageError('Retention/Platform: claim checks kept 7 days but archived events 30 days: replays would lose their payloads'),
    );
  });
});
