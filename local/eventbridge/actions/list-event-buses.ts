import type { ListEventBusesRequest, ListEventBusesResponse } from '@aws-sdk/client-eventbridge';
import { defineAction } from './define-action.ts';
import { LIMIT, NEXT_TOKEN } from './members.ts';
import { paginate } from './paginate.ts';

/** ListEventBuses: the default bus and the topology's buses, sorted by name. */
export const listEventBuses = defineAction<ListEventBusesRequest, ListEventBusesResponse>({
  // biome-ignore lint/complexity/noUselessEscapeInRegex: the source is AWS's constraint text, quoted as is in ValidationException messages
  members: { NamePrefix: { type: 'string', min: 1, max: 256, pattern: /[\/\.\-_A-Za-z0-9]+/ }, NextToken: NEXT_TOKEN, Limit: LIMIT },
  run: (service, input) => {
    const buses = service.buses().filter((bus) => bus.name.startsWith(input.NamePrefix ?? ''));
    const { page, nextToken } = paginate(buses, input.Limit, input.NextToken);
    return {
      EventBuses: page.map((bus) => ({ Name: bus.name, Arn: bus.arn, CreationTime: new Date(bus.creationTime), LastModifiedTime: new Date(bus.creationTime) })),
      NextToken: nextToken,
    };
  },
});
