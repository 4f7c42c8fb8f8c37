import type { PutEventsRequest, PutEventsResponse } from '@aws-sdk/client-eventbridge';
import { defineAction } from './define-action.ts';
import { EVENT_BUS_NAME_OR_ARN } from './members.ts';

/** PutEvents: per-entry results; whole-call errors for the entry count and total size (checked by the service). */
export const putEvents = defineAction<PutEventsRequest, PutEventsResponse>({
  members: {
    Entries: {
      type: 'list',
      required: true,
      member: {
        type: 'structure',
        members: {
          Time: { type: 'timestamp' },
          Source: { type: 'string' },
          Resources: { type: 'list', member: { type: 'string', max: 2048 } },
          DetailType: { type: 'string' },
          Detail: { type: 'string' },
          EventBusName: EVENT_BUS_NAME_OR_ARN,
          TraceHeader: { type: 'string', min: 1, max: 500 },
        },
      },
    },
    EndpointId: { type: 'string', min: 1, max: 50 },
  },
  run: (service, input) => service.putEvents(input.Entries ?? []),
});
