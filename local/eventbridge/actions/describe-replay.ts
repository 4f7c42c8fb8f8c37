import type { DescribeReplayRequest, DescribeReplayResponse } from '@aws-sdk/client-eventbridge';
import { defineAction } from './define-action.ts';
import { REPLAY_NAME } from './members.ts';
import { apiReplaySummary } from './shapes.ts';

/** DescribeReplay: state (STARTING → RUNNING → COMPLETED, or CANCELLING → CANCELLED) and progress. */
export const describeReplay = defineAction<DescribeReplayRequest, DescribeReplayResponse>({
  members: { ReplayName: { ...REPLAY_NAME, required: true } },
  run: (service, input) => {
    const replay = service.requireReplay(input.ReplayName!);
    return {
      ...apiReplaySummary(replay),
      ReplayArn: replay.arn,
      Description: replay.description,
      Destination: { Arn: replay.destination.arn, FilterArns: replay.destination.filterArns },
    };
  },
});
