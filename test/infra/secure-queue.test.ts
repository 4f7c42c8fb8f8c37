import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizeFixture } from './fixture-app.ts';

let template: Template;
beforeAll(() => {
  ({ template } = synthesizeFixture());
});

type Resources = Record<string, { Properties: Record<string, unknown> }>;

describe('queues', () => {
  it('encrypts every queue at rest', () => {
    const queues = Object.values(template.findResources('AWS::SQS::Queue') as Resources);

    expect(queues.length).toBeGreaterThan(0);
    for (const queue of queues) expect(queue.Properties['SqsManagedSseEnabled']).toBe(true);
  });

  it('denies every non-TLS request to every queue', () => {
    const queues = Object.keys(template.findResources('AWS::SQS::Queue'));
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy') as Resources);
    const tlsOnly = policies.filter((p) => JSON.stringify(p.Properties).includes('"aws:SecureTransport":"false"'));
    const covered = new Set(tlsOnly.flatMap((p) => (p.Properties['Queues'] as { Ref: string }[]).map((q) => q.Ref)));

    expect([...covered].sort()).toEqual([...queues].sort());
  });

  it('keeps dead-lettered messages 14 days and gives every other queue a DLQ', () => {
    const queues = template.findResources('AWS::SQS::Queue') as Resources;
    const deadLetterIds = new Set(
      Object.values(queues)
        .map((q) => (q.Properties['RedrivePolicy'] as { deadLetterTargetArn?: { 'Fn::GetAtt': [string] } } | undefined)?.deadLetterTargetArn?.['Fn::GetAtt'][0])
        .filter(Boolean),
    );
    const ruleDlqs = JSON.stringify(
      Object.values(template.findResources('AWS::Events::Rule') as Resources).map((r) => (r.Properties['Targets'] as { DeadLetterConfig?: unknown }[]).map((t) => t.DeadLetterConfig)),
    );
    const destinationDlqs = JSON.stringify(template.findResources('AWS::Lambda::EventInvokeConfig'));

    for (const [id, queue] of Object.entries(queues)) {
      const isDeadLetter = deadLetterIds.has(id) || ruleDlqs.includes(`"${id}"`) || destinationDlqs.includes(`"${id}"`);
      if (isDeadLetter) expect(queue.Properties['MessageRetentionPeriod'], id).toBe(14 * 24 * 3600);
      else expect(queue.Properties['RedrivePolicy'], id).toMatchObject({ maxReceiveCount: 5 });
    }
  });

  it('alarms as soon as one message waits in a dead-letter queue', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm') as Resources).filter(
      (a) => a.Properties['MetricName'] === 'ApproximateNumberOfMessagesVisible',
    );

    // One per DLQ: the work queue's, the function's on-failure queue, and one per rule target (3).
    expect(alarms).toHaveLength(5);
    for (const alarm of alarms) expect(alarm.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
  });
});
