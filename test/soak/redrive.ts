import { ChangeMessageVisibilityCommand, DeleteMessageCommand, SendMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { causeOf } from './invariants/dead-letters.ts';
import type { SoakApp } from './soak-app.ts';
import { type DeadLetterQueue, peekDeadLetters } from './stores.ts';

/**
 * Hands every dead-lettered message that is not poison on purpose back to where it failed, as an operator would:
 * - a queue's DLQ: back to its source queue (what `eventful redrive` does);
 * - an EventBridge target's DLQ: to the target named by its TARGET_ARN attribute (a queue: sent; a function:
 *   invoked asynchronously);
 * - a Lambda on-failure record: its `requestPayload`, invoked asynchronously again.
 * Stream batch records (Kinesis, DynamoDB Streams) point at records instead of carrying them: not redrivable here.
 */
export async function redriveDeadLetters(app: SoakApp, poison: readonly string[]): Promise<{ redriven: number; notRedrivable: string[] }> {
  let redriven = 0;
  const notRedrivable: string[] = [];
  // Received and held (not made visible again) while they are handed back.
  for (const queue of await peekDeadLetters(app, { keepReceived: true })) {
    for (const message of queue.messages) {
      const onPurpose = causeOf(queue, message, poison).kind === 'poison on purpose';
      const done = !onPurpose && (await redriveOne(app, queue, message));
      if (!done) {
        if (!onPurpose) notRedrivable.push(`${queue.path}: ${String(message.Body).slice(0, 120)}`);
        await app.clients.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queue.url, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 }));
        continue;
      }
      await app.clients.sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: message.ReceiptHandle }));
      redriven += 1;
    }
  }
  return { redriven, notRedrivable };
}

async function redriveOne(app: SoakApp, queue: DeadLetterQueue, message: Message): Promise<boolean> {
  const body = message.Body ?? '';
  if (queue.sourceQueueUrl) {
    const attributes = Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).filter(([name]) => !['ErrorCode', 'ErrorMessage'].includes(name)));
    await app.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: queue.sourceQueueUrl,
        MessageBody: body,
        ...(Object.keys(attributes).length > 0 ? { MessageAttributes: attributes } : {}),
      }),
    );
    return true;
  }
  const target = message.MessageAttributes?.TARGET_ARN?.StringValue;
  if (target) return deliverTo(app, target, body);
  const record = safeJson(body) as { requestContext?: { functionArn?: string }; requestPayload?: unknown } | undefined;
  if (record?.requestContext?.functionArn && record.requestPayload !== undefined) {
    await app.runtime.lambda.invoke(record.requestContext.functionArn.replace(/:\$LATEST$/, ''), record.requestPayload, { invocationType: 'Event' });
    return true;
  }
  return false;
}

async function deliverTo(app: SoakApp, arn: string, body: string): Promise<boolean> {
  if (arn.startsWith('arn:aws:sqs:')) {
    const queue = app.runtime.topology.queues.find((q) => q.arn === arn);
    if (!queue) return false;
    await app.clients.sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: body }));
    return true;
  }
  if (arn.startsWith('arn:aws:lambda:')) {
    await app.runtime.lambda.invoke(arn, JSON.parse(body), { invocationType: 'Event' });
    return true;
  }
  return false;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
