import type { EnableRuleRequest } from '@aws-sdk/client-eventbridge';
import { defineAction } from './define-action.ts';
import { EVENT_BUS_NAME_OR_ARN, REQUIRED_RULE_NAME } from './members.ts';

/** EnableRule: the rule matches events again. */
export const enableRule = defineAction<EnableRuleRequest, Record<string, never>>({
  members: { Name: REQUIRED_RULE_NAME, EventBusName: EVENT_BUS_NAME_OR_ARN },
  run: (service, input) => {
    service.setRuleState(input.Name!, input.EventBusName, 'ENABLED');
    return {};
  },
});
