import { describe, expect, expectTypeOf, it } from 'vitest';
import { ConfigError, ENV, loadConfig } from '../../../shared/runtime/index.ts';

const valid = { EVENT_BUS_NAME: 'eventful', CLAIM_CHECK_BUCKET: 'eventful-claims', IDEMPOTENCY_TABLE: 'eventful-idempotency' };

describe('loadConfig', () => {
  it('reads every setting by its camelCase name', () => {
    expect(loadConfig({ env: valid })).toEqual({ eventBusName: 'eventful', claimCheckBucket: 'eventful-claims', idempotencyTable: 'eventful-idempotency' });
  });

  it('leaves optional settings out when they are not set', () => {
    expect(loadConfig({ env: { EVENT_BUS_NAME: 'eventful' } })).toEqual({ eventBusName: 'eventful' });
  });

  it('accepts an event bus ARN', () => {
    const arn = 'arn:aws:events:us-east-1:123456789012:event-bus/eventful';

    expect(loadConfig({ env: { EVENT_BUS_NAME: arn } }).eventBusName).toBe(arn);
  });

  it('fails naming every required variable that is missing or empty', () => {
    const attempt = () => loadConfig({ required: ['eventBusName', 'idempotencyTable'], env: { IDEMPOTENCY_TABLE: '' } });

    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow('EVENT_BUS_NAME: required but not set; IDEMPOTENCY_TABLE: required but not set');
  });

  it.each([
    ['CLAIM_CHECK_BUCKET', 'Not_A_Bucket'],
    ['IDEMPOTENCY_TABLE', 'x'],
    ['EVENT_BUS_NAME', 'bus name with spaces'],
  ])('fails naming %s when it is malformed, with the value', (variable, value) => {
    const attempt = () => loadConfig({ env: { ...valid, [variable]: value } });

    expect(attempt).toThrow(new RegExp(`^${variable}: expected .*, got "${value}"$`));
  });

  it.each([
    ['eventStoreTable', 'EVENT_STORE_TABLE'],
    ['productsTable', 'PRODUCTS_TABLE'],
    ['ordersTable', 'ORDERS_TABLE'],
    ['notificationsTable', 'NOTIFICATIONS_TABLE'],
    ['statsTable', 'STATS_TABLE'],
    ['promotionsTable', 'PROMOTIONS_TABLE'],
  ] as const)('reads the flows table %s from %s and rejects a name DynamoDB would not take', (key, variable) => {
    expect(loadConfig({ required: [key], env: { [variable]: 'Eventful-Table_1' } })[key]).toBe('Eventful-Table_1');
    expect(() => loadConfig({ required: [key], env: { [variable]: 'a b' } })).toThrow(`${variable}: expected a DynamoDB table name`);
  });

  it.each(['activity', 'arn:aws:kinesis:eu-west-1:123456789012:stream/activity'])('accepts %s as the activity stream', (value) => {
    expect(loadConfig({ required: ['activityStreamName'], env: { ACTIVITY_STREAM_NAME: value } }).activityStreamName).toBe(value);
  });

  it('rejects an activity stream that is neither a stream name nor a stream ARN', () => {
    const attempt = () => loadConfig({ env: { ACTIVITY_STREAM_NAME: 'arn:aws:sqs:eu-west-1:123456789012:activity' } });

    expect(attempt).toThrow('ACTIVITY_STREAM_NAME: expected a Kinesis stream name or ARN, got "arn:aws:sqs:eu-west-1:123456789012:activity"');
  });

  it("names the function's own faulty variables after its settings, in one error", () => {
    const attempt = () =>
      loadConfig({ required: ['ordersTable'], env: {}, alsoFailing: [{ variable: 'TRENDING_THRESHOLD', message: 'expected a positive integer, got "x"' }] });

    expect(attempt).toThrow('ORDERS_TABLE: required but not set; TRENDING_THRESHOLD: expected a positive integer, got "x"');
  });

  it('types required settings as strings and the others as optional', () => {
    const config = loadConfig({ required: ['eventBusName'], env: valid });

    expectTypeOf(config.eventBusName).toEqualTypeOf<string>();
    expectTypeOf(config.idempotencyTable).toEqualTypeOf<string | undefined>();
  });

  it('reads each setting from the variable ENV names for it, the name the infra sets', () => {
    // Prepare: every setting, each under its ENV name only.
    const settings = [
      'eventBusName',
      'claimCheckBucket',
      'idempotencyTable',
      'eventStoreTable',
      'productsTable',
      'ordersTable',
      'notificationsTable',
      'statsTable',
      'promotionsTable',
      'activityStreamName',
    ] as const;
    const env = Object.fromEntries(settings.map((setting) => [ENV[setting], `eventful-${setting.toLowerCase()}`]));

    // Act
    const config = loadConfig({ env });

    // Assess
    expect(Object.keys(config).sort()).toEqual([...settings].sort());
  });
});
