import type { RemoveTargetsRequest, RemoveTargetsResponse } from '@aws-sdk/client-eventbridge';
import { defineAction } from './define-action.ts';
import { EVENT_BUS_NAME_OR_ARN, REQUIRED_RULE_NAME } from './members.ts';

/** RemoveTargets: ids the rule does not have are ignored. */
export const removeTargets = defineAction<RemoveTargetsRequest, RemoveTargetsResponse>({
  members: {
    Rule: REQUIRED_RULE_NAME,
    EventBusName: EVENT_BUS_NAME_OR_ARN,
    // biome-ignore lint/complexity/noUselessEscapeInRegex: the source is AWS's constraint text, quoted as is in ValidationException messages
    Ids: { type: 'list', required: true, min: 1, max: 100, member: { type: 'string', min: 1, max: 64, pattern: /[\.\-_A-Za-z0-9]+/ } },
    Force: { type: 'boolean' },
  },
  run: (service, input) => {
    service.removeTargets(input.Rule!, input.EventBusName, input.Ids!);
    return { FailedEntryCount: 0, FailedEntries: [] };
  },
});
