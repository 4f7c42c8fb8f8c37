import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { LocalRuntime } from './start-local-runtime.ts';

/** The runtime did not become quiet in time; says what was still busy. */
export class NotQuietError extends Error {
  override readonly name = 'NotQuietError';
}

export interface QuietOptions {
  /** @default 60 000 */
  timeoutMs?: number;
}

/** How often the state is looked at: a polling interval, not a wait for anything to happen. */
const LOOK_INTERVAL_MS = 50;

/**
 * Resolves once everything the app was set doing has been done: no function running and no asynchronous
 * invocation waiting, no EventBridge delivery or replay in progress, every queue an event source mapping reads
 * empty (nothing visible, in flight or delayed), and every stream mapping's shards read to their end with nothing
 * held. Work moves between those stages without ever being in none (a function writes before it returns, a
 * delivery lands in its queue before it ends, a message is deleted after its invocation), so two looks in a row
 * that find all of them idle, the streams having read nothing new since the first, mean nothing is left, not
 * merely that nothing happened for a while. For tests that assert something did *not* happen.
 *
 * @throws NotQuietError naming what was still busy after `timeoutMs`.
 * @example
 * await postWebhook(duplicate);
 * await untilQuiet(runtime);
 * expect(await storedEvents(orderId)).toHaveLength(3);
 */
export async function untilQuiet(runtime: LocalRuntime, options: QuietOptions = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const sqs = new SQSClient({
    endpoint: runtime.endpointUrl,
    region: runtime.topology.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const queueUrls = new Map<string, string>();
  const mappedQueues = runtime.topology.eventSourceMappings
    .filter((mapping) => mapping.kind === 'sqs' && mapping.enabled)
    .map((mapping) => runtime.topology.queues.find((queue) => queue.arn === mapping.eventSourceArn)?.name)
    .filter((name): name is string => name !== undefined);
  try {
    let since = runtime.events.now();
    let idleLooks = 0;
    for (;;) {
      const busy = await busyParts(runtime, sqs, queueUrls, mappedQueues, since);
      if (busy.length === 0) {
        idleLooks += 1;
        if (idleLooks === 2) return;
      } else {
        idleLooks = 0;
        since = runtime.events.now();
        if (Date.now() > deadline) throw new NotQuietError(`the runtime was still busy after ${options.timeoutMs ?? 60_000} ms: ${busy.join(', ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, LOOK_INTERVAL_MS));
    }
  } finally {
    sqs.destroy();
  }
}

async function busyParts(runtime: LocalRuntime, sqs: SQSClient, queueUrls: Map<string, string>, queues: readonly string[], since: number): Promise<string[]> {
  const busy: string[] = [];
  const running = runtime.lambda.executions();
  if (running.length > 0) busy.push(`functions running (${running.map((e) => e.functionName).join(', ')})`);
  if (runtime.lambda.pendingAsyncInvocations > 0) busy.push(`${runtime.lambda.pendingAsyncInvocations} asynchronous invocations`);
  if (runtime.events.pending > 0) busy.push(`${runtime.events.pending} EventBridge deliveries`);
  for (const name of queues) {
    let url = queueUrls.get(name);
    if (!url) {
      url = (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl as string;
      queueUrls.set(name, url);
    }
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
      }),
    );
    const waiting = Object.values(Attributes).reduce((sum, count) => sum + Number(count ?? 0), 0);
    if (waiting > 0) busy.push(`queue ${name} (${waiting} messages)`);
  }
  if (!runtime.mappings.streamsIdleSince(since)) busy.push('stream mappings reading');
  return busy;
}
