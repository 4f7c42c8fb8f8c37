import { describe, expect, it } from 'vitest';
import type { QueueSpec } from '../../../local/topology/types.ts';
import { describeQuietBound, LEAST_QUIET_WAIT_MS, quietBound } from '../../soak/quiet-bound.ts';

function queue(name: string, visibilityTimeoutSeconds: number, maxReceiveCount?: number): QueueSpec {
  return {
    stackName: 'Eventful',
    logicalId: name,
    name,
    arn: `arn:aws:sqs:us-east-1:000000000000:${name}`,
    url: `http://127.0.0.1:4566/000000000000/${name}`,
    fifo: false,
    contentBasedDeduplication: false,
    visibilityTimeoutSeconds,
    messageRetentionSeconds: 345_600,
    delaySeconds: 0,
    receiveMessageWaitTimeSeconds: 0,
    maximumMessageSizeBytes: 262_144,
    ...(maxReceiveCount === undefined ? {} : { redrivePolicy: { deadLetterTargetArn: `arn:aws:sqs:us-east-1:000000000000:${name}-dlq`, maxReceiveCount } }),
  };
}

describe('how long the soak waits for the runtime to be quiet', () => {
  it('waits out the longest chain of redeliveries a queue allows, time-scaled', () => {
    // 5 receives × 90 minutes ÷ 20 = 22.5 minutes; the other queue's chain is shorter
    const bound = quietBound([queue('ReserveStock', 60, 5), queue('ImportQueue', 5_400, 5)], 20);

    expect(bound.ms).toBe(22.5 * 60_000);
    expect(describeQuietBound(bound)).toBe('22.5 minutes: 5 receives × 5400 s visibility of ImportQueue ÷ 20');
  });

  it('waits at least 5 minutes when every chain is shorter', () => {
    const bound = quietBound([queue('ReserveStock', 60, 5), queue('NoDeadLetters', 30)], 20);

    expect(bound).toEqual({ ms: LEAST_QUIET_WAIT_MS });
    expect(describeQuietBound(bound)).toBe('5 minutes');
  });

  it('counts one receive for a queue without a dead-letter queue', () => {
    expect(quietBound([queue('Plain', 12_000)], 20).ms).toBe(600_000);
  });
});
