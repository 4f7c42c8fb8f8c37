import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A message as fauxqs's SqsQueue (dist/sqs/sqsStore.js) keeps one in flight. */
interface InflightEntry {
  message: { messageGroupId?: string };
  visibilityDeadline: number;
}

/** The part of fauxqs's SqsQueue read and wrapped here. */
interface SqsQueueInternals {
  fifoLockedGroups: Map<string, number>;
  inflightMessages: Map<string, InflightEntry>;
  dequeueFifo(maxCount: number, ...rest: unknown[]): { ReceiptHandle: string }[];
  processTimers(): void;
  isFifo(): boolean;
}

const PATCHED = Symbol.for('eventful.fauxqs.fifoBatches');
/** fauxqs's own name for messages sent without a group (only standard-queue-like misuse reaches it). */
const DEFAULT_GROUP = '__default';

/**
 * Makes fauxqs's FIFO ReceiveMessage return several messages of one message group, in order, as SQS does ("Amazon
 * SQS first attempts to return as many messages with the same message group ID as possible", so a Lambda batch
 * holds a run of one group and partial batch responses stop at its first failure):
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues-understanding-logic.html
 *
 * fauxqs (2.4) takes one message per group per call and then locks the group. The wrapper asks it again for the
 * groups this same call took, with their locks lifted for the moment, until the call has its count or those groups
 * have nothing more; locks are counts, so each message taken adds one and each delete removes one, as before.
 * Groups locked by other receivers stay locked. The result is ordered group by group, each in queue order.
 * With several messages of a group in flight, fauxqs's timer would put them back reversed (it moves each expired
 * one to the front of its group in turn), so the expired ones are handed to it last first.
 * The module is reached by file path because the package exports only its entry point. Returns `false` when this
 * fauxqs version does not have the method (FIFO batches then hold one message per group).
 */
export async function receiveFifoRunsPerGroup(): Promise<boolean> {
  const queue = await loadSqsQueueClass();
  if (!queue) return false;
  patch(queue.prototype);
  return true;
}

async function loadSqsQueueClass(): Promise<{ prototype: SqsQueueInternals } | undefined> {
  const candidates = createRequire(import.meta.url).resolve.paths('fauxqs') ?? [];
  const file = candidates.map((dir) => join(dir, 'fauxqs', 'dist', 'sqs', 'sqsStore.js')).find((path) => existsSync(path));
  if (!file) return undefined;
  const module = (await import(pathToFileURL(file).href)) as { SqsQueue?: { prototype: SqsQueueInternals } };
  const prototype = module.SqsQueue?.prototype;
  return prototype && typeof prototype.dequeueFifo === 'function' && typeof prototype.processTimers === 'function' ? module.SqsQueue : undefined;
}

function patch(prototype: SqsQueueInternals & { [PATCHED]?: true }): void {
  if (prototype[PATCHED]) return;
  prototype[PATCHED] = true;
  const dequeueFifo = prototype.dequeueFifo;
  prototype.dequeueFifo = function (this: SqsQueueInternals, maxCount: number, ...rest: unknown[]) {
    const groupOf = (received: { ReceiptHandle: string }) => this.inflightMessages.get(received.ReceiptHandle)?.message.messageGroupId ?? DEFAULT_GROUP;
    const result = dequeueFifo.call(this, maxCount, ...rest);
    const taken = new Set(result.map(groupOf));
    while (result.length > 0 && result.length < Math.min(maxCount, 10)) {
      const held = new Map<string, number>();
      for (const group of taken) {
        held.set(group, this.fifoLockedGroups.get(group) ?? 0);
        this.fifoLockedGroups.delete(group);
      }
      // Only the groups just unlocked can give more: every other group was visited by the first call.
      const more = dequeueFifo.call(this, Math.min(maxCount, 10) - result.length, ...rest);
      for (const [group, count] of held) this.fifoLockedGroups.set(group, count + (this.fifoLockedGroups.get(group) ?? 0));
      if (more.length === 0) break;
      result.push(...more);
    }
    const order = [...new Set(result.map(groupOf))];
    return result.map((received, index) => ({ received, index, rank: order.indexOf(groupOf(received)) })).sort((a, b) => a.rank - b.rank || a.index - b.index).map(({ received }) => received);
  };
  const processTimers = prototype.processTimers;
  prototype.processTimers = function (this: SqsQueueInternals) {
    if (this.isFifo()) {
      const now = Date.now();
      const entries = [...this.inflightMessages];
      const expired = entries.filter(([, entry]) => entry.visibilityDeadline <= now);
      if (expired.length > 1) {
        this.inflightMessages.clear();
        for (const [handle, entry] of [...entries.filter(([, entry]) => entry.visibilityDeadline > now), ...expired.reverse()]) this.inflightMessages.set(handle, entry);
      }
    }
    processTimers.call(this);
  };
}
