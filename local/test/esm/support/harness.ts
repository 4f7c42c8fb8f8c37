import { afterEach, expect } from 'vitest';
import type { ManualClock } from '../../../clock.ts';
import { EventSourceMappings, type EsmActivity, type EventSourceMappingsOptions } from '../../../esm/index.ts';
import type { DeliveryDetails } from '../../../lambda/index.ts';
import type { EventSourceMappingSpec, FunctionSpec } from '../../../topology/types.ts';
import { topology } from './topology.ts';

export interface Delivery {
  targetArn: string;
  // biome-ignore lint/suspicious/noExplicitAny: the record's fields are checked one by one
  payload: any; // any: the record's fields are checked one by one
  details: DeliveryDetails;
}

export interface RunningMappings {
  service: EventSourceMappings;
  activities: EsmActivity[];
  deliveries: Delivery[];
  activitiesOf<T extends EsmActivity['type']>(type: T): Extract<EsmActivity, { type: T }>[];
}

const running: EventSourceMappings[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.stop()));
});

/** Unused engines: their clients are never created, so any address will do. */
export const NO_ENDPOINT = 'http://127.0.0.1:9';

/** Starts the mappings with a recording `deliver` and activity log; stopped after each test. */
export async function startMappings(
  mappings: EventSourceMappingSpec[],
  options: Omit<EventSourceMappingsOptions, 'deliver' | 'endpoints'> & {
    endpoints: Partial<EventSourceMappingsOptions['endpoints']>;
    functions?: FunctionSpec[];
  },
): Promise<RunningMappings> {
  const activities: EsmActivity[] = [];
  const deliveries: Delivery[] = [];
  const { functions, endpoints, ...rest } = options;
  const service = new EventSourceMappings(topology(mappings, functions), {
    ...rest,
    endpoints: { sqs: NO_ENDPOINT, kinesis: NO_ENDPOINT, dynamodb: NO_ENDPOINT, ...endpoints },
    deliver: async (targetArn, payload, details) => {
      deliveries.push({ targetArn, payload, details });
    },
    onActivity: (activity) => {
      activities.push(activity);
      options.onActivity?.(activity);
    },
  });
  running.push(service);
  await service.start();
  return {
    service,
    activities,
    deliveries,
    activitiesOf: <T extends EsmActivity['type']>(type: T) =>
      activities.filter((activity): activity is Extract<EsmActivity, { type: T }> => activity.type === type),
  };
}

/** Retries an assertion until it holds (real time), then returns; fails with its last error after `timeoutMs`. */
export async function eventually(assertion: () => void | Promise<void>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Asserts that something stays true for a while (real time): nothing happened that should not have. */
export async function stillAfter(ms: number, assertion: () => void): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  assertion();
}

/**
 * Moves a manual clock forward in steps, letting real I/O (engine calls) run between steps, until `done` holds.
 * Fails after `timeoutMs` of real time.
 */
export async function driveUntil(clock: ManualClock, done: () => boolean, { stepMs = 1_000, timeoutMs = 8_000 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    expect(Date.now(), 'driving the clock took too long').toBeLessThan(deadline);
    await clock.advance(stepMs);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}
