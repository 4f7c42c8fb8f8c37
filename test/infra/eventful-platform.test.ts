import { App, Duration, Stack } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConstructUsageError } from '../../infra/constructs/errors.ts';
import { EventfulPlatform } from '../../infra/constructs/eventful-platform.ts';
import { synthesizeFixtureApp, type FixtureApp } from './support/fixture-app.ts';
import { referencedId, resourcesOf } from './support/template.ts';

let fixture: FixtureApp;
beforeAll(() => {
  fixture = synthesizeFixtureApp();
});

const logicalId = (construct: { node: { defaultChild?: unknown } }) => fixture.stack.getLogicalId(construct.node.defaultChild as never);

interface Statement {
  Action: string | string[];
  Resource: unknown;
}

/** The statements of a function's inline policy. */
function statementsOf(roleId: string): Statement[] {
  const [, policy] = resourcesOf(fixture.template, 'AWS::IAM::Policy').find(([, p]) => p.Properties['Roles'][0].Ref === roleId)!;
  return policy.Properties['PolicyDocument'].Statement as Statement[];
}

const actionsOf = (statement: Statement) => [statement.Action].flat();

describe('EventfulPlatform.connect', () => {
  it('tells the function where to publish, where claim checks live and which table records idempotency', () => {
    const variables = fixture.template.toJSON().Resources[logicalId(fixture.consumer.function)].Properties.Environment.Variables;
    const platform = fixture.platform;

    expect(variables).toMatchObject({
      EVENT_BUS_NAME: { Ref: logicalId(platform.backbone.bus) },
      CLAIM_CHECK_BUCKET: { Ref: logicalId(platform.claimCheckBucket) },
      IDEMPOTENCY_TABLE: { Ref: logicalId(platform.idempotencyTable) },
    });
  });

  it('lets the function put events on the bus only', () => {
    const putEvents = statementsOf(logicalId(fixture.consumer.role)).filter((s) => actionsOf(s).some((a) => a.startsWith('events:')));

    expect(putEvents).toEqual([{ Action: 'events:PutEvents', Effect: 'Allow', Resource: { 'Fn::GetAtt': [logicalId(fixture.platform.backbone.bus), 'Arn'] } }]);
  });

  it('lets the function get and put objects under claim-checks/ only, nothing else in S3', () => {
    const s3 = statementsOf(logicalId(fixture.consumer.role)).filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));

    expect(s3).toEqual([
      {
        Action: ['s3:GetObject', 's3:PutObject'],
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(fixture.platform.claimCheckBucket), 'Arn'] }, '/claim-checks/*']] },
      },
    ]);
  });

  it('lets the function read and write idempotency records in the table only', () => {
    const dynamodb = statementsOf(logicalId(fixture.consumer.role)).filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));

    expect(dynamodb).toHaveLength(1);
    expect(actionsOf(dynamodb[0]!)).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']));
    expect(referencedId(dynamodb[0]!.Resource)).toBe(logicalId(fixture.platform.idempotencyTable));
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
    expect(create).toThrow(new ConstructUsageError('Retention/Platform: claim checks kept 7 days but archived events 30 days: replays would lose their payloads'));
  });
});
