import type { DescribeRuleRequest, DescribeRuleResponse } from '@aws-sdk/client-eventbridge';
import { defineAction } from './define-action.ts';
import { EVENT_BUS_NAME_OR_ARN, REQUIRED_RULE_NAME } from './members.ts';
import { apiRule } from './shapes.ts';

/** DescribeRule: `Rule <name> does not exist on EventBus <bus>.` when it does not. */
export const describeRule = defineAction<DescribeRuleRequest, DescribeRuleResponse>({
  members: { Name: REQUIRED_RULE_NAME, EventBusName: EVENT_BUS_NAME_OR_ARN },
  run: (service, input) => ({ ...apiRule(service.describeRule(input.Name!, input.EventBusName)), CreatedBy: service.accountId }),
});
