import type { DeleteRuleRequest } from '@aws-sdk/client-eventbridge';
import { defineAction } from './define-action.ts';
import { EVENT_BUS_NAME_OR_ARN, REQUIRED_RULE_NAME } from './members.ts';

/** DeleteRule: succeeds for a rule that does not exist; refuses a rule that still has targets. */
export const deleteRule = defineAction<DeleteRuleRequest, Record<string, never>>({
  members: { Name: REQUIRED_RULE_NAME, EventBusName: EVENT_BUS_NAME_OR_ARN, Force: { type: 'boolean' } },
  run: (service, input) => {
    service.deleteRule(input.Name!, input.EventBusName);
    return {};
  },
});
