import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { startEndpoint } from '../../local/endpoint/index.ts';
import { EventBridgeService, type EventBridgeTopology, handleEventsRequest } from '../../local/eventbridge/index.ts';
import type { PublishableEvent } from '../../shared/publishing/index.ts';
import { PUT_EVENTS_MAX_ENTRIES, publishEvents } from '../../shared/publishing/index.ts';
import { orderPlacedEvents } from '../fixtures/order-placed-events.ts';
import type { Comparison } from '../types.ts';

const EVENT_COUNT = 10_000;
/** One event per call is timed on fewer events: 10,000 round trips in a row would take most of a minute. */
const SINGLE_EVENT_COUNT = 1_000;
const PER = 1_000;
const EXPECTED_CALLS = EVENT_COUNT / PUT_EVENTS_MAX_ENTRIES;
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const BUS = 'eventful';
// Never contacted: only EventBridge requests reach this endpoint.
const NO_ENGINE = { endpoint: 'http://127.0.0.1:9' };

const identity = (name: string, arn: string) => ({ stackName: 'Bench', logicalId: name.replaceAll(/[^A-Za-z0-9]/g, ''), name, arn });

/** The app's bus with one rule on its orders, to a queue that takes every delivery at once. */
function topology(): EventBridgeTopology {
  const queue = `arn:aws:sqs:${REGION}:${ACCOUNT}:billing`;
  return {
    accountId: ACCOUNT,
    region: REGION,
    eventBuses: [identity(BUS, `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/${BUS}`)],
    rules: [
      {
        ...identity('orders-placed', `arn:aws:events:${REGION}:${ACCOUNT}:rule/${BUS}/orders-placed`),
        eventBusName: BUS,
        eventPattern: { 'detail-type': ['OrderPlaced'] },
        state: 'ENABLED',
        targets: [{ id: 'billing', arn: queue, kind: 'sqs', retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 } }],
      },
    ],
    archives: [],
    buckets: [],
  };
}

/**
 * Issue 9, goal 5: the app's publisher (`publishEvents`: validate, size, pack 10 entries a call within 256 KiB) sending
 * 10,000 OrderPlaced events through the local runtime's endpoint (SigV4 checks, routing, the EventBridge service
 * matching the bus's rule and delivering), with the `PutEvents` calls counted where they arrive; against the same
 * publisher sending one event per call. Both sides as milliseconds per 1,000 events, each observation timing both.
 */
export async function localPublishingComparisons(): Promise<Comparison[]> {
  const service = new EventBridgeService(topology(), {
    targets: { lambda: async () => {}, sqs: async () => {}, kinesis: async () => {}, eventBus: async () => {} },
  });
  let putEventsCalls = 0;
  const endpoint = await startEndpoint({
    port: 0,
    engines: { dynamodb: NO_ENGINE, kinesis: NO_ENGINE, sqs: NO_ENGINE, s3: NO_ENGINE },
    topology: { accountId: ACCOUNT, region: REGION },
    eventsHandler: (target, body) => {
      if (target.endsWith('.PutEvents')) putEventsCalls++;
      return handleEventsRequest(service, target, body);
    },
  });
  const client = new EventBridgeClient({ endpoint: endpoint.url, region: REGION, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  const events: PublishableEvent[] = orderPlacedEvents(EVENT_COUNT);
  const options = { client, eventBusName: BUS };
  const callsPerObservation: number[] = [];

  const timed = async (publish: () => Promise<number>): Promise<{ ms: number; calls: number }> => {
    await service.drained();
    putEventsCalls = 0;
    const started = performance.now();
    const published = await publish();
    const ms = performance.now() - started;
    if (published === 0) throw new Error('nothing was published');
    return { ms, calls: putEventsCalls };
  };

  return [
    {
      name: `publish ${EVENT_COUNT.toLocaleString('en-US')} events to the local endpoint`,
      goal: `exactly ${EXPECTED_CALLS.toLocaleString('en-US')} PutEvents calls (${PUT_EVENTS_MAX_ENTRIES} entries each, counted at the endpoint); time reported against one event per call`,
      meets: () => callsPerObservation.length > 0 && callsPerObservation.every((calls) => calls === EXPECTED_CALLS),
      subjectName: `publishEvents, batched (ms per ${PER.toLocaleString('en-US')} events)`,
      baselineName: `publishEvents, one event per call (ms per ${PER.toLocaleString('en-US')} events)`,
      verify: async () => {
        const { published } = await publishEvents(events.slice(0, 25), options);
        if (published.length !== 25) throw new Error(`the endpoint took ${published.length} of 25 events`);
      },
      observe: async () => {
        const batched = await timed(async () => (await publishEvents(events, options)).published.length);
        callsPerObservation.push(batched.calls);
        const single = await timed(async () => {
          let published = 0;
          for (const event of events.slice(0, SINGLE_EVENT_COUNT)) published += (await publishEvents([event], options)).published.length;
          return published;
        });
        if (single.calls !== SINGLE_EVENT_COUNT) throw new Error(`one event per call made ${single.calls} calls for ${SINGLE_EVENT_COUNT} events`);
        return { subject: (batched.ms * PER) / EVENT_COUNT, baseline: (single.ms * PER) / SINGLE_EVENT_COUNT };
      },
      // Each observation publishes 11,000 events: a few seconds on an idle machine, so few observations.
      warmups: 1,
      observations: 2,
      dispose: async () => {
        client.destroy();
        await service.drained();
        service.stop();
        await endpoint.close();
      },
    },
  ];
}
