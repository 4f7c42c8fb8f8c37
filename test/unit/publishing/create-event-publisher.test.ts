import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput } from '@aws-sdk/client-eventbridge';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/runtime/errors.ts';
import { createEventPublisher, EventTooLargeError, PUT_EVENTS_MAX_REQUEST_BYTES } from '../../../shared/publishing/index.ts';
import { answerPutEvents, instantRetry, orderPlaced, eventOfEntrySize } from './fixtures.ts';

const eventBridge = mockClient(EventBridgeClient);
const s3 = mockClient(S3Client);

describe('createEventPublisher', () => {
  afterEach(() => {
    eventBridge.reset();
    s3.reset();
  });

  it('fails at creation, naming EVENT_BUS_NAME, when it is not set', () => {
    expect(() => createEventPublisher({ env: {} })).toThrow(new ConfigError([{ variable: 'EVENT_BUS_NAME', message: 'required but not set' }]));
  });

  it('publishes to the bus EVENT_BUS_NAME names, through one client created once', async () => {
    // Prepare
    answerPutEvents(eventBridge);
    const publish = createEventPublisher({ env: { EVENT_BUS_NAME: 'eventful-bus' } });

    // Act
    await publish([orderPlaced(1)]);
    await publish([orderPlaced(2)]);

    // Assess
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls.map((c) => (c.args[0].input as PutEventsCommandInput).Entries?.[0]?.EventBusName)).toEqual(['eventful-bus', 'eventful-bus']);
    expect(calls[0]?.thisValue).toBeInstanceOf(EventBridgeClient);
    expect(calls[1]?.thisValue).toBe(calls[0]?.thisValue);
  });

  it('reads the environment once: later changes do not move the bus', async () => {
    answerPutEvents(eventBridge);
    const env: Record<string, string | undefined> = { EVENT_BUS_NAME: 'first' };
    const publish = createEventPublisher({ env });

    env.EVENT_BUS_NAME = 'second';
    await publish([orderPlaced(1)]);

    expect((eventBridge.commandCalls(PutEventsCommand)[0]!.args[0].input as PutEventsCommandInput).Entries?.[0]?.EventBusName).toBe('first');
  });

  it('claim-checks oversized events into CLAIM_CHECK_BUCKET when it is set', async () => {
    answerPutEvents(eventBridge);
    s3.on(PutObjectCommand).resolves({});
    const publish = createEventPublisher({ env: { EVENT_BUS_NAME: 'eventful', CLAIM_CHECK_BUCKET: 'eventful-claims' } });

    const { published } = await publish([eventOfEntrySize(1, PUT_EVENTS_MAX_REQUEST_BYTES + 1)]);

    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input.Bucket).toBe('eventful-claims');
    expect(published[0]?.claimCheck?.bucket).toBe('eventful-claims');
  });

  it('rejects oversized events when CLAIM_CHECK_BUCKET is not set', async () => {
    const publish = createEventPublisher({ env: { EVENT_BUS_NAME: 'eventful' }, ...instantRetry() });

    await expect(publish([eventOfEntrySize(1, PUT_EVENTS_MAX_REQUEST_BYTES + 1)])).rejects.toThrow(EventTooLargeError);
    expect(eventBridge.calls()).toHaveLength(0);
  });
});
