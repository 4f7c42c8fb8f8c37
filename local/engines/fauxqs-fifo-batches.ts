import { loadFauxqsSqsQueue } from './fauxqs-sqs-queue.ts';
/** A message as fauxqs's SqsQueue (dist/sqs/sqsStore.js) keeps one in flight. */
interface InflightEntry {
  message: QueuedMessage;
  visibilityDeadline: number;
}

/** A FIFO message as fauxqs keeps it: its sequence number is a decimal string, increasing in send order. */
interface QueuedMessage {
  messageGroupId?: string;
  sequenceNumber?: string;
}

/** The part of fauxqs's SqsQueue read and wrapped here. */
interface SqsQueueInternals {
  fifoLockedGroups: Map<string, number>;
  fifoMessages: Map<string, QueuedMessage[]>;
  inflightMessages: Map<string, InflightEntry>;
  dequeueFifo(maxCount: number, ...rest: unknown[]): { ReceiptHandle: string }[];
  processTimers(): void;
  changeVisibility(receiptHandle: string, timeoutSeconds: number): unknown;
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
 * A message that comes back (its visibility timeout expired, or was set to 0) is put back in its group in sequence
 * order: fauxqs moves each to the front of its group in turn, which reversed several returning together or
 * returning at different moments (the order depended on timing).
 * Returns `false` when this
 * fauxqs version does not have the method (FIFO batches then hold one message per group).
 */
export async function receiveFifoRunsPerGroup(): Promise<boolean> {
  const queue = await loadFauxqsSqsQueue<SqsQueueInternals>(['dequeueFifo', 'processTimers', 'changeVisibility']);
  if (!queue) return false;
  patch(queue.prototype);
  return true;
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
    return result
      .map((received, index) => ({ received, index, rank: order.indexOf(groupOf(received)) }))
      .sort((a, b) => a.rank - b.rank || a.index - b.index)
      .map(({ received }) => received);
  };
  const processTimers = prototype.processTimers;
  prototype.processTimers = function (this: SqsQueueInternals) {
    processTimers.call(this);
    if (this.isFifo()) inSequenceOrder(this.fifoMessages);
  };
  const changeVisibility = prototype.changeVisibility;
  prototype.changeVisibility = function (this: SqsQueueInternals, receiptHandle: string, timeoutSeconds: number) {
    const result = changeVisibility.call(this, receiptHandle, timeoutSeconds);
    if (this.isFifo()) inSequenceOrder(this.fifoMessages);
    return result;
  };
}

/** Sorts each group's waiting messages by sequence number (a message without one keeps its place after those with). */
function inSequenceOrder(groups: Map<string, QueuedMessage[]>): void {
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    group.sort((a, b) => compareSequence(a.sequenceNumber, b.sequenceNumber));
  }
}

function compareSequence(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  // Decimal strings of any length: shorter is smaller, then lexical.
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
