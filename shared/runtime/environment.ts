/**
 * The name of every environment variable a function reads, declared once for both sides: the
 * functions read them (`loadConfig`, the functions' own `config.ts`), and the infra sets each one in
 * the grant that gives the function the resource it names (`eventStore.grantAppend(fn)` sets
 * `EVENT_STORE_TABLE`), so a function never gets a resource without the variable or a variable
 * without the permission. Infra imports this module alone: it has no dependency.
 */
export const ENV = {
  // Resources, set by the grant that gives access to them.
  eventBusName: 'EVENT_BUS_NAME',
  claimCheckBucket: 'CLAIM_CHECK_BUCKET',
  idempotencyTable: 'IDEMPOTENCY_TABLE',
  eventStoreTable: 'EVENT_STORE_TABLE',
  productsTable: 'PRODUCTS_TABLE',
  ordersTable: 'ORDERS_TABLE',
  notificationsTable: 'NOTIFICATIONS_TABLE',
  statsTable: 'STATS_TABLE',
  promotionsTable: 'PROMOTIONS_TABLE',
  activityStreamName: 'ACTIVITY_STREAM_NAME',
  paymentWebhookSecretArn: 'PAYMENT_WEBHOOK_SECRET_ARN',
  deadLetterQueueUrl: 'DEAD_LETTER_QUEUE_URL',
  // Settings, set from the flow's props.
  paymentWindowMinutes: 'PAYMENT_WINDOW_MINUTES',
  orderCurrency: 'ORDER_CURRENCY',
  trendingThreshold: 'TRENDING_THRESHOLD',
} as const;

/** One of the variables of {@link ENV}. */
export type EnvironmentVariable = (typeof ENV)[keyof typeof ENV];
