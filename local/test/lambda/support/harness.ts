import { afterEach } from 'vitest';
import {
  LambdaService,
  type Deliver,
  type DeliveryDetails,
  type FunctionLogLine,
  type LambdaActivity,
  type LambdaServiceOptions,
} from '../../../lambda/index.ts';
import type { FunctionSpec } from '../../../topology/types.ts';
import { ACCOUNT, REGION } from './fixture-app.ts';

export interface Delivery {
  targetArn: string;
  payload: unknown;
  details: DeliveryDetails;
}

export interface Harness {
  service: LambdaService;
  activities: LambdaActivity[];
  logs: FunctionLogLine[];
  deliveries: Delivery[];
  /** Activities of one type, typed. */
  activitiesOf<T extends LambdaActivity['type']>(type: T): Extract<LambdaActivity, { type: T }>[];
}

const running: LambdaService[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.stop()));
});

/** A LambdaService that records what it logs, reports and delivers; stopped after each test. */
export function harness(functions: FunctionSpec[], options: Partial<LambdaServiceOptions> & { deliver?: Deliver } = {}): Harness {
  const activities: LambdaActivity[] = [];
  const logs: FunctionLogLine[] = [];
  const deliveries: Delivery[] = [];
  const service = new LambdaService(functions, {
    endpointUrl: 'http://127.0.0.1:9',
    region: REGION,
    accountId: ACCOUNT,
    onLog: (line) => logs.push(line),
    onActivity: (activity) => activities.push(activity),
    ...options,
    deliver: async (targetArn, payload, details) => {
      deliveries.push({ targetArn, payload, details });
      await options.deliver?.(targetArn, payload, details);
    },
  });
  running.push(service);
  return {
    service,
    activities,
    logs,
    deliveries,
    activitiesOf: <T extends LambdaActivity['type']>(type: T) =>
      activities.filter((activity): activity is Extract<LambdaActivity, { type: T }> => activity.type === type),
  };
}
