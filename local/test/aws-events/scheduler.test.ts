import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { describe, expect, it } from 'vitest';
import { scheduledInvocation, SchedulerContextAttributes, schedulerEvent } from '../../aws/events/index.ts';

describe('schedulerEvent', () => {
  it('builds an event the Powertools EventBridge schema accepts', () => {
    expect(EventBridgeSchema.safeParse(schedulerEvent()).success).toBe(true);
  });

  it('is the default notification: aws.scheduler, "Scheduled Event", the schedule as resource, detail the string "{}"', () => {
    // Act
    const event = schedulerEvent({ scheduleName: 'expire-unpaid-orders', scheduledTime: new Date('2026-11-28T12:00:00Z') });

    // Assess
    expect(event).toMatchObject({
      source: 'aws.scheduler',
      'detail-type': 'Scheduled Event',
      time: '2026-11-28T12:00:00Z',
      resources: ['arn:aws:scheduler:us-east-1:123456789012:schedule/default/expire-unpaid-orders'],
      detail: '{}',
    });
  });
});

describe('scheduledInvocation', () => {
  it('delivers the input itself with every context attribute replaced', () => {
    // Prepare
    const input = {
      job: 'expire-unpaid-orders',
      schedule: SchedulerContextAttributes.scheduleArn,
      at: SchedulerContextAttributes.scheduledTime,
      execution: SchedulerContextAttributes.executionId,
      attempt: SchedulerContextAttributes.attemptNumber,
    };

    // Act
    const event = scheduledInvocation(input, {
      scheduleArn: 'arn:aws:scheduler:us-east-1:123456789012:schedule/default/s1',
      scheduledTime: new Date('2026-11-28T12:00:00.500Z'),
      executionId: 'd32c5kddcf5bb8c3',
      attemptNumber: 2,
    });

    // Assess
    expect(event).toEqual({
      job: 'expire-unpaid-orders',
      schedule: 'arn:aws:scheduler:us-east-1:123456789012:schedule/default/s1',
      at: '2026-11-28T12:00:00Z',
      execution: 'd32c5kddcf5bb8c3',
      attempt: '2',
    });
  });

  it('replaces attributes inside a string input too', () => {
    const event = scheduledInvocation(`run at ${SchedulerContextAttributes.scheduledTime}`, { scheduledTime: new Date('2026-01-01T00:00:00Z') });

    expect(event).toBe('run at 2026-01-01T00:00:00Z');
  });
});
