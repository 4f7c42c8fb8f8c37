import type { DisableRuleRequest } from '@aws-sdk/client-eventbridge';
import { defineAction } from './define-action.ts';
import { EVENT_BUS_NAME_OR_ARN, REQUIRED_RULE_NAME } from './members.ts';

/** DisableRule: the rule stops matching events; deliveries already under way go on. */
export const disableRule = defineAction<DisableRuleRequest, Record<string, never>>({
  members: { Name: REQUIRED_RULE_NAME, EventBusName: EVENT_BUS_NAME_OR_ARN },
  run: (service, input) => {
    service.setRuleState(input.Name!, input.EventBusName, 'DISABLED');
    return {};
  },
});
