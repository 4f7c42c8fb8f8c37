import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createEventStore } from '../../shared/event-store/index.ts';
import { PaymentReceived } from '../../shared/events/index.ts';
import { createHandler, eventBridgeHandler, loadConfig, logger, metrics, tracer } from '../../shared/runtime/index.ts';
import { recordPayment } from './record-payment.ts';

/*
 * record-payment: target of the rule on PaymentReceived (asynchronous invocation: Lambda retries
 * twice, then the function's on-failure destination). Appends OrderPaid to the order, with
 * optimistic concurrency against a racing reservation or expiry.
 *
 * Money the order cannot simply take (overpaid, underpaid, wrong currency, paid twice, paid after
 * expiry or rejection, no such order) raises PaymentRequiresAttention, appended to the event store and
 * published by the outbox relay like every event (this function never publishes): a rule sends it to
 * the alarmed "payments needing attention" queue, where a person refunds or matches it.
 *
 * Only the payment webhook's PaymentReceived is trusted: the rule matches source `eventful.payments`
 * only, and the parser refuses the event (InvalidEventError naming `source`) when its source is not
 * the one the catalog gives PaymentReceived, before anything is read or written. Only the outbox
 * relay may publish that source (IAM `events:source`), and only what the event store holds.
 *
 * Environment: EVENT_STORE_TABLE.
 */

const { eventStoreTable } = loadConfig({ required: ['eventStoreTable'] });
const store = createEventStore({ tableName: eventStoreTable, client: tracer.captureAWSv3Client(new DynamoDBClient({})) });

export const handler = createHandler(
  eventBridgeHandler(PaymentReceived, async (payment) => {
    let outcome: Awaited<ReturnType<typeof recordPayment>>;
    try {
      outcome = await recordPayment(payment, { store });
    } catch (error) {
      logger.error('Payment could not be recorded: Lambda retries, then the on-failure destination keeps it', {
        orderId: payment.detail.data.orderId,
        paymentId: payment.detail.data.paymentId,
        error,
      });
      throw error;
    }
    switch (outcome.kind) {
      case 'recorded':
        metrics.addMetric('PaymentsRecorded', MetricUnit.Count, 1);
        logger.info('Payment recorded', { orderId: outcome.orderId, paymentId: outcome.paymentId, version: outcome.version, attention: outcome.attention });
        if (outcome.attention) metrics.addMetric('PaymentsRequiringAttention', MetricUnit.Count, 1);
        break;
      case 'attention':
        metrics.addMetric('PaymentsRequiringAttention', MetricUnit.Count, 1);
        logger.warn('Payment requires attention: PaymentRequiresAttention raised', {
          orderId: outcome.orderId,
          paymentId: outcome.paymentId,
          reason: outcome.reason,
        });
        break;
      case 'skipped':
        logger.info('Payment already handled', { orderId: outcome.orderId, paymentId: outcome.paymentId, reason: outcome.reason });
        break;
    }
    return outcome;
  }),
);
