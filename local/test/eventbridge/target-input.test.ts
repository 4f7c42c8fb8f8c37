import { describe, expect, it } from 'vitest';
import type { TargetSpec } from '../../topology/types.ts';
import { entryOf, orderPlaced } from './support/entries.ts';
import { harness } from './support/harness.ts';
import { BILLING_FUNCTION, DEAD_LETTERS, ORDERS_QUEUE, rule, target, topology } from './support/topology.ts';

function placedTo(settings: Partial<TargetSpec>, ruleName = 'placed') {
  return harness(
    topology({ rules: [rule(ruleName, { eventPattern: { 'detail-type': ['OrderPlaced'] }, targets: [target('queue', ORDERS_QUEUE, settings)] })] }),
  );
}

describe('what a target receives', () => {
  it.each([
    ['the whole event without settings', {}, (payload: string) => expect(JSON.parse(payload)).toMatchObject({ version: '0', 'detail-type': 'OrderPlaced' })],
    ['the constant Input, as written', { input: '{ "job": "rebuild" }' }, (payload: string) => expect(payload).toBe('{ "job": "rebuild" }')],
    [
      'the object at InputPath',
      { inputPath: '$.detail.data' },
      (payload: string) => expect(JSON.parse(payload)).toMatchObject({ orderId: 'o-1', totalMinor: 2500 }),
    ],
    ['a string at InputPath, as a JSON string', { inputPath: '$.detail.data.orderId' }, (payload: string) => expect(payload).toBe('"o-1"')],
    ['the event at InputPath $', { inputPath: '$' }, (payload: string) => expect(JSON.parse(payload)).toMatchObject({ source: 'eventful.orders' })],
  ])('%s', async (_case, settings, assess) => {
    // Prepare
    const { service, callsTo, activitiesOf } = placedTo(settings);

    // Act
    service.putEvents([entryOf(orderPlaced())]);

    // Assess
    await expect.poll(() => activitiesOf('delivered')).toHaveLength(1);
    assess(callsTo(ORDERS_QUEUE)[0]!.payload);
  });

  it('fills an input transformer with event values, the rule and the ingestion time on the service clock', async () => {
    // Prepare
    const { service, clock, callsTo, activitiesOf } = harness(
      topology({
        rules: [
          rule('placed', {
            eventPattern: { 'detail-type': ['OrderPlaced'] },
            targets: [
              target('billing', BILLING_FUNCTION, {
                inputTransformer: {
                  inputPathsMap: { order: '$.detail.data.orderId', lines: '$.detail.data.items' },
                  inputTemplate:
                    '{"order": <order>, "lines": <lines>, "rule": "<aws.events.rule-name>", "ruleArn": <aws.events.rule-arn>, "at": "<aws.events.event.ingestion-time>"}',
                },
              }),
            ],
          }),
        ],
      }),
    );

    // Act
    service.putEvents([entryOf(orderPlaced({ orderId: 'o-9' }), { Time: new Date('2025-06-01T00:00:00Z') })]);

    // Assess
    await expect.poll(() => activitiesOf('delivered')).toHaveLength(1);
    expect(JSON.parse(callsTo(BILLING_FUNCTION)[0]!.payload)).toEqual({
      order: 'o-9',
      lines: [{ sku: 'SKU-1', quantity: 2, unitPriceMinor: 1250 }],
      rule: 'placed',
      ruleArn: 'arn:aws:events:us-east-1:123456789012:rule/placed',
      at: new Date(clock.now()).toISOString().replace('.000Z', 'Z'),
    });
  });

  it('does not deliver when the transformer output is not JSON, and dead-letters the event with INVALID_JSON', async () => {
    // Prepare
    const { service, callsTo, activitiesOf } = placedTo({
      deadLetterArn: DEAD_LETTERS,
      inputTransformer: { inputPathsMap: { data: '$.detail.data' }, inputTemplate: '{"data": "<data>"}' },
    });

    // Act
    const { Entries } = service.putEvents([entryOf(orderPlaced())]);

    // Assess
    await expect.poll(() => activitiesOf('dead-lettered')).toHaveLength(1);
    expect(callsTo(ORDERS_QUEUE)).toHaveLength(0);
    expect(JSON.parse(callsTo(DEAD_LETTERS)[0]!.payload)).toMatchObject({ id: Entries[0]!.EventId });
    expect(callsTo(DEAD_LETTERS)[0]!.messageAttributes).toMatchObject({
      ERROR_CODE: { dataType: 'String', stringValue: 'INVALID_JSON' },
      RETRY_ATTEMPTS: { stringValue: '0' },
    });
  });

  it('drops the event when InputPath finds nothing, and says so', async () => {
    // Prepare
    const { service, callsTo, activitiesOf } = placedTo({ inputPath: '$.detail.data.nothing' });

    // Act
    service.putEvents([entryOf(orderPlaced())]);

    // Assess
    await expect.poll(() => activitiesOf('dropped')).toHaveLength(1);
    expect(activitiesOf('dropped')[0]).toMatchObject({ reason: 'invalid-input', errorCode: 'INVALID_PARAMETER' });
    expect(callsTo(ORDERS_QUEUE)).toHaveLength(0);
  });
});
