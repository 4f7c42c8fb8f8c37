import type { CancelReplayRequest, CancelReplayResponse } from '@aws-sdk/client-eventbridge';
import { defineAction } from './define-action.ts';
import { REPLAY_NAME } from './members.ts';

/** CancelReplay: `CANCELLING` now, `CANCELLED` before the replay's next minute of events. */
export const cancelReplay = defineAction<CancelReplayRequest, CancelReplayResponse>({
  members: { ReplayName: { ...REPLAY_NAME, required: true } },
  run: (service, input) => {
    const replay = service.cancelReplay(input.ReplayName!);
    return { ReplayArn: replay.arn, State: replay.state, StateReason: replay.stateReason };
  },
});
