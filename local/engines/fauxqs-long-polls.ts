import { setImmediate as nextTurn } from 'node:timers/promises';
import { loadFauxqsSqsQueue } from './fauxqs-sqs-queue.ts';

/** The part of fauxqs's SqsQueue (dist/sqs/sqsStore.js) read and wrapped here. */
interface SqsQueueInternals {
  messages: unknown[];
  waitForMessages(waitTimeSeconds: number): Promise<void>;
  cancelWaiters(): void;
  hasAvailableFifoMessages(): boolean;
  isFifo(): boolean;
}

const PATCHED = Symbol.for('eventful.fauxqs.longPolls');
/** Grows each time fauxqs cancels a queue's waiters (the queue deleted, the server closing): they must end, not wait again. */
const CANCELLED = Symbol.for('eventful.fauxqs.cancelledWaits');

/**
 * Makes a long poll (`ReceiveMessage` with `WaitTimeSeconds`) wait its whole time unless it gets a message, as SQS
 * does ("the call waits … for a message to arrive in the queue before returning; if a message is available, the
 * call returns sooner", https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html).
 *
 * fauxqs (2.4) wakes every receiver waiting on a queue when one message arrives: one takes it and the others answer
 * empty at once, long before their wait is over. With an event source mapping's five pollers (and SDK users' own long
 * polls) each message sent made four empty answers and four new requests. Here a woken receiver lets the others run
 * first (one turn of the event loop, in which the first one takes what arrived) and waits again, for what is left of
 * its time, when nothing is left for it. A queue whose waiters fauxqs cancels (deleted, server closing) answers at once.
 * Returns `false` when this fauxqs version does not have the methods (long polls then end early as fauxqs has them).
 */
export async function longPollsWaitTheirTime(): Promise<boolean> {
  const queue = await loadFauxqsSqsQueue<SqsQueueInternals>(['waitForMessages', 'cancelWaiters', 'hasAvailableFifoMessages', 'isFifo']);
  if (!queue) return false;
  patch(queue.prototype);
  return true;
}

type Patched = SqsQueueInternals & { [PATCHED]?: true; [CANCELLED]?: number };

function patch(prototype: Patched): void {
  if (prototype[PATCHED]) return;
  prototype[PATCHED] = true;
  const waitForMessages = prototype.waitForMessages;
  const cancelWaiters = prototype.cancelWaiters;
  prototype.cancelWaiters = function (this: Patched) {
    this[CANCELLED] = (this[CANCELLED] ?? 0) + 1;
    cancelWaiters.call(this);
  };
  prototype.waitForMessages = async function (this: Patched, waitTimeSeconds: number) {
    const deadline = Date.now() + waitTimeSeconds * 1000;
    const cancelled = this[CANCELLED] ?? 0;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) return;
      await waitForMessages.call(this, left / 1000);
      // Woken together, receivers take turns: each looks once those woken before it have taken their messages.
      await nextTurn();
      if ((this[CANCELLED] ?? 0) !== cancelled || Date.now() >= deadline) return;
      if (this.isFifo() ? this.hasAvailableFifoMessages() : this.messages.length > 0) return;
    }
  };
}
