import { CreateQueueCommand, GetQueueAttributesCommand, SetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueSpec } from '../topology/types.ts';
import { ProvisionError } from './errors.ts';
import { describe } from './tables.ts';

export interface ProvisionedQueue {
  name: string;
  arn: string;
  /** The queue's ARN in fauxqs (its own account). */
  engineArn: string;
  /** The URL fauxqs answered (`http://sqs.<region>.localhost:<port>/…`): the endpoint rewrites it for clients. */
  engineUrl: string;
}

/**
 * Queues ordered so that each dead-letter queue comes before the queues that redrive to it: RedrivePolicy
 * needs the DLQ's ARN as the engine knows it.
 */
export function inRedriveOrder(queues: readonly QueueSpec[]): QueueSpec[] {
  const byArn = new Map(queues.map((queue) => [queue.arn, queue]));
  const ordered: QueueSpec[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (queue: QueueSpec, chain: string[]) => {
    if (state.get(queue.arn) === 'done') return;
    if (state.get(queue.arn) === 'visiting') {
      throw new ProvisionError(`queue ${queue.name}`, `redrive policies form a cycle: ${[...chain, queue.name].join(' → ')}`);
    }
    state.set(queue.arn, 'visiting');
    const dlqArn = queue.redrivePolicy?.deadLetterTargetArn;
    if (dlqArn !== undefined) {
      const dlq = byArn.get(dlqArn);
      if (!dlq) throw new ProvisionError(`queue ${queue.name}`, `its dead-letter queue ${dlqArn} is not in the topology`);
      visit(dlq, [...chain, queue.name]);
    }
    state.set(queue.arn, 'done');
    ordered.push(queue);
  };
  for (const queue of queues) visit(queue, []);
  return ordered;
}

/** Attributes SetQueueAttributes accepts (FifoQueue can only be given at creation). */
export function queueAttributes(queue: QueueSpec, engineDlqArn: string | undefined): Record<string, string> {
  return {
    VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
    MessageRetentionPeriod: String(queue.messageRetentionSeconds),
    DelaySeconds: String(queue.delaySeconds),
    ReceiveMessageWaitTimeSeconds: String(queue.receiveMessageWaitTimeSeconds),
    MaximumMessageSize: String(queue.maximumMessageSizeBytes),
    ...(queue.fifo ? { ContentBasedDeduplication: String(queue.contentBasedDeduplication) } : {}),
    ...(queue.redrivePolicy && engineDlqArn
      ? { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: engineDlqArn, maxReceiveCount: queue.redrivePolicy.maxReceiveCount }) }
      : {}),
  };
}

/**
 * CreateQueue, then SetQueueAttributes: fauxqs answers CreateQueue for an existing queue with its URL and keeps
 * its old attribute values, so a persisted queue gets the template's current ones this way.
 */
export async function provisionQueue(client: SQSClient, queue: QueueSpec, engineDlqArn: string | undefined): Promise<ProvisionedQueue> {
  const attributes = queueAttributes(queue, engineDlqArn);
  try {
    const { QueueUrl } = await client.send(
      new CreateQueueCommand({ QueueName: queue.name, Attributes: { ...attributes, ...(queue.fifo ? { FifoQueue: 'true' } : {}) } }),
    );
    if (!QueueUrl) throw new Error('CreateQueue answered no QueueUrl');
    await client.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: attributes }));
    const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    return { name: queue.name, arn: queue.arn, engineArn: Attributes?.['QueueArn'] ?? queue.arn, engineUrl: QueueUrl };
  } catch (error) {
    throw new ProvisionError(`queue ${queue.name}`, describe(error), { cause: error });
  }
}
