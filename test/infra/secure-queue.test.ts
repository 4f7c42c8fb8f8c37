import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { SecureQueue } from '../../infra/constructs/secure-queue.ts';
import { synthesizeFixtureApp, type FixtureApp } from './support/fixture-app.ts';
import { referencedId, resourcesOf } from './support/template.ts';

let fixture: FixtureApp;
beforeAll(() => {
  fixture = synthesizeFixtureApp();
});

const FOURTEEN_DAYS = 14 * 24 * 60 * 60;

/** Queues no other queue redrives to, and that have no DLQ themselves: the dead letter channels. */
function deadLetterQueueIds(template: Template): string[] {
  const queues = resourcesOf(template, 'AWS::SQS::Queue');
  return queues.filter(([, q]) => q.Properties['RedrivePolicy'] === undefined).map(([id]) => id);
}

describe('SecureQueue and DeadLetterQueue', () => {
  it('encrypts every queue at rest', () => {
    const queues = resourcesOf(fixture.template, 'AWS::SQS::Queue');

    expect(queues.length).toBeGreaterThanOrEqual(6);
    for (const [, queue] of queues) expect(queue.Properties['SqsManagedSseEnabled']).toBe(true);
  });

  it('denies every queue any request without TLS', () => {
    const tlsOnly = new Set(
      resourcesOf(fixture.template, 'AWS::SQS::QueuePolicy')
        .filter(([, policy]) =>
          policy.Properties['PolicyDocument'].Statement.some(
            (s: { Effect: string; Condition?: { Bool?: Record<string, string> } }) =>
              s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false',
          ),
        )
        .flatMap(([, policy]) => policy.Properties['Queues'].map((q: unknown) => referencedId(q))),
    );

    for (const [id] of resourcesOf(fixture.template, 'AWS::SQS::Queue')) expect(tlsOnly).toContain(id);
  });

  it('keeps dead-lettered messages 14 days in every dead-letter queue', () => {
    const queues = new Map(resourcesOf(fixture.template, 'AWS::SQS::Queue'));
    const deadLetterIds = deadLetterQueueIds(fixture.template);

    expect(deadLetterIds).toHaveLength(5); // the work queue's, the function's on-failure one, one per rule
    for (const id of deadLetterIds) expect(queues.get(id)?.Properties['MessageRetentionPeriod']).toBe(FOURTEEN_DAYS);
  });

  it('alarms on the depth of every dead-letter queue as soon as one message is in it', () => {
    const alarmed = resourcesOf(fixture.template, 'AWS::CloudWatch::Alarm')
      .filter(([, a]) => a.Properties['MetricName'] === 'ApproximateNumberOfMessagesVisible')
      .map(([, a]) => {
        expect(a.Properties).toMatchObject({ Namespace: 'AWS/SQS', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', Statistic: 'Maximum' });
        expect(a.Properties['AlarmActions']).toHaveLength(1);
        return a.Properties['Dimensions'][0].Value['Fn::GetAtt'][0] as string;
      });

    expect(alarmed.sort()).toEqual(deadLetterQueueIds(fixture.template).sort());
  });

  it('moves a message to its own dead-letter queue after 5 receives', () => {
    const work = fixture.template.toJSON().Resources[fixture.stack.getLogicalId(fixture.work.queue.node.defaultChild as never)];

    expect(work.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [fixture.stack.getLogicalId(fixture.work.deadLetterQueue.queue.node.defaultChild as never), 'Arn'] },
      maxReceiveCount: 5,
    });
  });

  it('gives a queue six times the default function timeout to process a message', () => {
    fixture.template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 60, RedrivePolicy: { maxReceiveCount: 5 } });
  });

  it('makes the dead-letter queue of a FIFO queue FIFO too', () => {
    // Prepare
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Queues');

    // Act
    new SecureQueue(stack, 'Ordered', { fifo: true, maxReceiveCount: 3 });

    // Assess
    const queues = resourcesOf(Template.fromStack(stack), 'AWS::SQS::Queue').map(([, q]) => q.Properties);
    expect(queues).toHaveLength(2);
    for (const queue of queues) expect(queue['FifoQueue']).toBe(true);
    expect(queues.find((q) => q['RedrivePolicy'])?.['RedrivePolicy'].maxReceiveCount).toBe(3);
  });
});
