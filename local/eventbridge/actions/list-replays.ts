import type { ListReplaysRequest, ListReplaysResponse } from '@aws-sdk/client-eventbridge';
import { defineAction } from './define-action.ts';
import { ARN, LIMIT, NEXT_TOKEN, REPLAY_NAME, REPLAY_STATE } from './members.ts';
import { paginate } from './paginate.ts';
import { apiReplaySummary } from './shapes.ts';

/** ListReplays: filtered by name prefix, state and archive. */
export const listReplays = defineAction<ListReplaysRequest, ListReplaysResponse>({
  members: { NamePrefix: REPLAY_NAME, State: REPLAY_STATE, EventSourceArn: ARN, NextToken: NEXT_TOKEN, Limit: LIMIT },
  run: (service, input) => {
    const replays = service
      .replays()
      .filter((replay) => replay.name.startsWith(input.NamePrefix ?? ''))
      .filter((replay) => input.State === undefined || replay.state === input.State)
      .filter((replay) => input.EventSourceArn === undefined || replay.eventSourceArn === input.EventSourceArn);
    const { page, nextToken } = paginate(replays, input.Limit, input.NextToken);
    return { Replays: page.map(apiReplaySummary), NextToken: nextToken };
  },
});
