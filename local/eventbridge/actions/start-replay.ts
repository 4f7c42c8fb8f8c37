import type { StartReplayRequest, StartReplayResponse } from '@aws-sdk/client-eventbridge';
import { defineAction } from './define-action.ts';
import { ARN, REPLAY_NAME } from './members.ts';

/** StartReplay: answers `STARTING`; the replay runs after the response. */
export const startReplay = defineAction<StartReplayRequest, StartReplayResponse>({
  members: {
    ReplayName: { ...REPLAY_NAME, required: true },
    Description: { type: 'string', max: 512 },
    EventSourceArn: { ...ARN, required: true },
    EventStartTime: { type: 'timestamp', required: true },
    EventEndTime: { type: 'timestamp', required: true },
    Destination: {
      type: 'structure',
      required: true,
      members: { Arn: { ...ARN, required: true }, FilterArns: { type: 'list', member: ARN } },
    },
  },
  run: (service, input) => {
    const replay = service.startReplay({
      name: input.ReplayName!,
      description: input.Description,
      eventSourceArn: input.EventSourceArn!,
      eventStartTime: input.EventStartTime!.getTime(),
      eventEndTime: input.EventEndTime!.getTime(),
      destination: { arn: input.Destination!.Arn!, filterArns: input.Destination!.FilterArns },
    });
    return { ReplayArn: replay.arn, State: 'STARTING', ReplayStartTime: new Date(replay.replayStartTime) };
  },
});
