import { Duration, Tags } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { LOCAL_DEFAULT_TAG, LOCAL_VALUE_FROM_ENV_TAG } from '@eventful/local/conventions';
import { PaymentReceived, PaymentRequiresAttention, patternFor } from '../../../shared/events/index.ts';
import { PAYMENT_WEBHOOK_SERVICE, WEBHOOK_DELIVERY_CONFLICTS_METRIC } from '../../../shared/payments/webhook-metrics.ts';
import { DEV_PAYMENT_WEBHOOK_SECRET, PAYMENT_WEBHOOK_AGGREGATE_PREFIX, PAYMENT_WEBHOOK_SECRET_ENV } from '../../../shared/payments/webhook-secret.ts';
import { ENV } from '../../../shared/runtime/environment.ts';
import { acknowledge } from '../../acknowledge.ts';
import type { EventStoreTable } from '../../constructs/event-store-table.ts';
import { METRICS_NAMESPACE, type EventfulFunction } from '../../constructs/eventful-function.ts';
import type { EventfulHttpApi } from '../../constructs/eventful-http-api.ts';
import type { EventfulPlatform } from '../../constructs/eventful-platform.ts';
import type { SecureQueue } from '../../constructs/secure-queue.ts';
import { API_TIMEOUT } from './api-timeout.ts';
import { alarmOnAny } from '../../constructs/alarm-on-any.ts';

export interface PaymentWebhookProps {
  readonly platform: EventfulPlatform;
  /** Where it adds `POST /webhooks/payments`. */
  readonly api: EventfulHttpApi;
  readonly eventStore: EventStoreTable;
}

/**
 * Payments: `POST /webhooks/payments` (payment-webhook) verifies the signature and records the
 * delivery as `PaymentReceived` or `PaymentFailed` (a delivery id reused with another body: 409,
 * alarmed); `PaymentReceived` → record-payment records `OrderPaid`, and `PaymentRequiresAttention`
 * for money a person must refund or match, which a rule sends to an alarmed queue.
 */
export class PaymentWebhook extends Construct {
  /** The HMAC secret shared with the payment provider (`PAYMENT_WEBHOOK_SECRET_ARN`). */
  readonly secret: secretsmanager.Secret;
  readonly webhook: EventfulFunction;
  readonly recordPayment: EventfulFunction;
  /** PaymentRequiresAttention events, for a person; alarmed as soon as one is waiting. */
  readonly needingAttention: SecureQueue;
  readonly needingAttentionAlarm: cloudwatch.Alarm;
  /** payment-webhook answered 409 to a delivery id reused with another body. */
  readonly deliveryConflictsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, { platform, api, eventStore }: PaymentWebhookProps) {
    super(scope, id);
    const alarmTopic = platform.alarmTopic;

    // POST /webhooks/payments
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: 'HMAC-SHA256 key the payment provider signs webhooks with (Webhook-Signature); set it to the value the provider shows',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    // Offline, the local runtime serves the value of $PAYMENT_WEBHOOK_SECRET, else the development default.
    Tags.of(this.secret).add(LOCAL_VALUE_FROM_ENV_TAG, PAYMENT_WEBHOOK_SECRET_ENV);
    Tags.of(this.secret).add(LOCAL_DEFAULT_TAG, DEV_PAYMENT_WEBHOOK_SECRET);
    acknowledge(
      this.secret,
      'AwsSolutions-SMG4',
      'The payment provider signs webhooks with this shared key: rotating it is a coordinated change on both sides (new key at the provider, both accepted during the overlap), which an automatic rotation Lambda cannot make.',
    );
    this.webhook = platform.createFunction(this, 'PaymentWebhook', {
      name: PAYMENT_WEBHOOK_SERVICE,
      description: 'POST /webhooks/payments: verifies the signature and records the delivery as PaymentReceived or PaymentFailed',
      invokedAsynchronously: false,
      timeout: API_TIMEOUT,
    });
    this.grantReadSecret(this.webhook);
    // Deliveries only: it cannot read or write an order's events.
    eventStore.grantLoad(this.webhook, { aggregatePrefix: PAYMENT_WEBHOOK_AGGREGATE_PREFIX });
    eventStore.grantAppend(this.webhook, { aggregatePrefix: PAYMENT_WEBHOOK_AGGREGATE_PREFIX });
    api.addRoute(HttpMethod.POST, '/webhooks/payments', this.webhook, {
      withoutAuthorizerBecause:
        'Called by the payment provider, which cannot present our tokens: the function authenticates every request by its HMAC-SHA256 Webhook-Signature over the raw body and rejects timestamps more than 300 s off.',
    });
    // A delivery id reused with another body (answered 409) may be a provider bug or a forged replay.
    const deliveryConflicts = new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: WEBHOOK_DELIVERY_CONFLICTS_METRIC,
      dimensionsMap: { service: PAYMENT_WEBHOOK_SERVICE },
      period: Duration.minutes(1),
      statistic: cloudwatch.Stats.SUM,
    });
    this.deliveryConflictsAlarm = alarmOnAny(this, 'DeliveryConflictsAlarm', deliveryConflicts, {
      description: 'A payment webhook delivery id came again with a different body (answered 409): check with the payment provider.',
      topic: alarmTopic,
    });

    // PaymentReceived → record-payment
    this.recordPayment = platform.createFunction(this, 'RecordPayment', {
      name: 'record-payment',
      description: 'Records OrderPaid on the order a received payment covers',
    });
    eventStore.grantLoad(this.recordPayment);
    eventStore.grantAppend(this.recordPayment);
    platform.backbone.subscribeFunction('PaymentReceivedToRecordPayment', {
      pattern: patternFor(PaymentReceived),
      function: this.recordPayment,
      description: 'Every received payment to the order it pays',
    });

    // PaymentRequiresAttention → the alarmed queue a person works from (refunds, matching by hand).
    this.needingAttention = platform.createQueue(this, 'PaymentsNeedingAttention', {
      // A person reads these, maybe days later: SQS's maximum retention.
      retentionPeriod: Duration.days(14),
    });
    platform.backbone.subscribeQueue('PaymentsNeedingAttention', {
      pattern: patternFor(PaymentRequiresAttention),
      queue: this.needingAttention,
      description: 'Payments a person must refund or match (overpaid, paid twice, paid after expiry, unknown order) to the attention queue',
    });
    this.needingAttentionAlarm = alarmOnAny(
      this,
      'PaymentsNeedingAttentionAlarm',
      this.needingAttention.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),
      {
        description: 'Payments need a person: read PaymentRequiresAttention events from the queue, refund or match each, then delete it.',
        topic: alarmTopic,
      },
    );
  }

  /** Lets `fn` read the webhook secret, and sets `PAYMENT_WEBHOOK_SECRET_ARN` on it. */
  grantReadSecret(fn: EventfulFunction): iam.Grant {
    fn.bindEnvironment(ENV.paymentWebhookSecretArn, this.secret.secretArn);
    return this.secret.grantRead(fn);
  }
}
