import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { createEventStore } from '../../shared/event-store/index.ts';
import { WEBHOOK_DELIVERY_CONFLICTS_METRIC } from '../../shared/payments/webhook-metrics.ts';
import { header, json, parseJsonBody, rawBodyBytes, type HttpResponse } from '../../shared/http/index.ts';
import { createHandler, currentCorrelationId, logger, metrics, tracer } from '../../shared/runtime/index.ts';
import { loadPaymentWebhookConfig } from './config.ts';
import { readWebhookSecret } from './read-webhook-secret.ts';
import { bodyHashOf, recordDelivery } from './record-delivery.ts';
import { translatePayment } from './translate-payment.ts';
import { PaymentWebhookPayload } from './webhook-payload.ts';
import { verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER, WebhookSignatureError } from './webhook-signature.ts';

/*
 * payment-webhook: HTTP API `POST /webhooks/payments` (docs/openapi.yaml), called by the payment provider.
 *
 * 1. The signature is verified on the raw body bytes before anything reads the body: 401 {"message"}
 *    for a missing or malformed Webhook-Signature, a timestamp more than 300 s off, or no matching v1.
 * 2. The body is validated: 400 {"message", "errors"} naming each bad field.
 * 3. The payload is translated into PaymentReceived / PaymentFailed and stored as version 1 of
 *    `payment-webhook#<id>`; the outbox relay publishes it. A redelivery finds version 1 taken.
 *    The body's hash is stored with it: the same id again with the same body is a redelivery, with
 *    another body it is refused with 409 {"message"} and counted (metric WebhookDeliveryConflicts, alarmed).
 * 4. 202 {"received": true}, plus "duplicate": true for a redelivery: answered quickly, the order is
 *    paid asynchronously (record-payment).
 *
 * Environment: EVENT_STORE_TABLE, PAYMENT_WEBHOOK_SECRET_ARN.
 */

const config = loadPaymentWebhookConfig();
const store = createEventStore({ tableName: config.eventStoreTable, client: tracer.captureAWSv3Client(new DynamoDBClient({})) });

export async function handlePaymentWebhook(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  const secret = await readWebhookSecret(config.secretId);
  try {
    verifyWebhookSignature(header(event, WEBHOOK_SIGNATURE_HEADER), rawBodyBytes(event), secret);
  } catch (error) {
    if (!(error instanceof WebhookSignatureError)) throw error;
    metrics.addMetric('WebhookSignatureRejected', MetricUnit.Count, 1);
    logger.warn('Webhook rejected: signature not verified', { problem: error.problem, reason: error.message });
    return json(401, { message: error.message });
  }

  const parsed = parseJsonBody(event, PaymentWebhookPayload, 'The webhook payload');
  if (!parsed.success) {
    logger.warn('Webhook rejected: signed, but the payload is malformed', { response: parsed.response.body });
    return parsed.response;
  }
  const payload = parsed.data;
  const payment = translatePayment(payload, { correlationId: currentCorrelationId() ?? randomUUID() });
  const outcome = await recordDelivery(payload.id, payment, bodyHashOf(rawBodyBytes(event)), { store });

  const details = { deliveryId: payload.id, type: payload.type, orderId: payload.data.orderId, paymentId: payload.data.paymentId };
  if (outcome.kind === 'conflict') {
    metrics.addMetric(WEBHOOK_DELIVERY_CONFLICTS_METRIC, MetricUnit.Count, 1);
    logger.error('Webhook delivery id reused with a different body: refused, not taken for a redelivery', details);
    return json(409, { message: `Delivery ${payload.id} was recorded before with a different body: a delivery id names one notification` });
  }
  if (outcome.kind === 'duplicate') {
    metrics.addMetric('WebhookDuplicates', MetricUnit.Count, 1);
    logger.info('Webhook delivery already recorded: nothing stored again', details);
    return json(202, { received: true, duplicate: true });
  }
  metrics.addMetric('WebhookDeliveriesRecorded', MetricUnit.Count, 1);
  logger.info(`Webhook delivery recorded as ${payment.detailType}`, { ...details, eventId: payment.detail.metadata.eventId });
  return json(202, { received: true });
}

export const handler = createHandler(handlePaymentWebhook);
