import type { PutTargetsRequest, PutTargetsResponse } from '@aws-sdk/client-eventbridge';
import { PUT_TARGETS_MAX_TARGETS } from '../constants.ts';
import { defineAction } from './define-action.ts';
import { EVENT_BUS_NAME_OR_ARN, REQUIRED_RULE_NAME, TARGET } from './members.ts';
import { targetSpecOf } from './shapes.ts';

/** PutTargets: adds or replaces targets (Lambda, SQS, Kinesis, event bus), checked as AWS checks them. */
export const putTargets = defineAction<PutTargetsRequest, PutTargetsResponse>({
  members: {
    Rule: REQUIRED_RULE_NAME,
    EventBusName: EVENT_BUS_NAME_OR_ARN,
    Targets: { type: 'list', required: true, min: 1, max: PUT_TARGETS_MAX_TARGETS, member: TARGET },
  },
  run: (service, input) => {
    service.putTargets(input.Rule!, input.EventBusName, input.Targets!.map(targetSpecOf));
    return { FailedEntryCount: 0, FailedEntries: [] };
  },
});
