import { describe, expect, it } from 'vitest';
import { inRedriveOrder, ProvisionError, queueAttributes } from '../../provision/index.ts';
import { ACCOUNT, queue, REGION } from './support/topology.ts';

const arnOf = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;

describe('inRedriveOrder', () => {
  it('puts each dead-letter queue before the queues that redrive to it, through chains', () => {
    // Prepare
    const queues = [
      queue('a', { redrivePolicy: { deadLetterTargetArn: arnOf('b'), maxReceiveCount: 3 } }),
      queue('b', { redrivePolicy: { deadLetterTargetArn: arnOf('c'), maxReceiveCount: 3 } }),
      queue('c'),
      queue('d'),
    ];

    // Act
    const ordered = inRedriveOrder(queues).map((q) => q.name);

    // Assess
    expect(ordered).toEqual(['c', 'b', 'a', 'd']);
  });

  it.each([
    [
      'a dead-letter queue missing from the topology',
      [queue('a', { redrivePolicy: { deadLetterTargetArn: arnOf('gone'), maxReceiveCount: 1 } })],
      /queue a: its dead-letter queue .*:gone is not in the topology/,
    ],
    [
      'a redrive cycle',
      [
        queue('a', { redrivePolicy: { deadLetterTargetArn: arnOf('b'), maxReceiveCount: 1 } }),
        queue('b', { redrivePolicy: { deadLetterTargetArn: arnOf('a'), maxReceiveCount: 1 } }),
      ],
      /redrive policies form a cycle: a → b → a/,
    ],
  ])('refuses %s, naming the queue', (_case, queues, message) => {
    // Act
    const act = () => inRedriveOrder(queues);

    // Assess
    expect(act).toThrow(ProvisionError);
    expect(act).toThrow(message);
  });
});

describe('queueAttributes', () => {
  it("gives RedrivePolicy the engine's DLQ ARN and leaves FifoQueue to CreateQueue", () => {
    // Prepare
    const spec = queue('work.fifo', { contentBasedDeduplication: true, redrivePolicy: { deadLetterTargetArn: arnOf('dlq.fifo'), maxReceiveCount: 4 } });

    // Act
    const attributes = queueAttributes(spec, 'arn:aws:sqs:eu-west-1:000000000000:dlq.fifo');

    // Assess
    expect(JSON.parse(attributes['RedrivePolicy']!)).toEqual({ deadLetterTargetArn: 'arn:aws:sqs:eu-west-1:000000000000:dlq.fifo', maxReceiveCount: 4 });
    expect(attributes['ContentBasedDeduplication']).toBe('true');
    expect(attributes).not.toHaveProperty('FifoQueue');
  });
});
