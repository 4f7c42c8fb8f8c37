import { describe, expect, expectTypeOf, it } from 'vitest';
import { ConfigError, envVarOf, loadConfig } from '../../../shared/runtime/index.ts';

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

  it('types required settings as strings and the others as optional', () => {
    const config = loadConfig({ required: ['eventBusName'], env: valid });

    expectTypeOf(config.eventBusName).toEqualTypeOf<string>();
    expectTypeOf(config.idempotencyTable).toEqualTypeOf<string | undefined>();
  });

  it('maps each setting to its environment variable', () => {
    expect(envVarOf('claimCheckBucket')).toBe('CLAIM_CHECK_BUCKET');
  });
});
