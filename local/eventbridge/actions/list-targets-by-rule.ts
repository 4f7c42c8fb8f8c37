import type { ListTargetsByRuleRequest, ListTargetsByRuleResponse } from '@aws-sdk/client-eventbridge';
import { defineAction } from './define-action.ts';
import { EVENT_BUS_NAME_OR_ARN, LIMIT, NEXT_TOKEN, REQUIRED_RULE_NAME } from './members.ts';
import { paginate } from './paginate.ts';
import { apiTarget } from './shapes.ts';

/** ListTargetsByRule: the rule's targets in the order they were put. */
export const listTargetsByRule = defineAction<ListTargetsByRuleRequest, ListTargetsByRuleResponse>({
  members: { Rule: REQUIRED_RULE_NAME, EventBusName: EVENT_BUS_NAME_OR_ARN, NextToken: NEXT_TOKEN, Limit: LIMIT },
  run: (service, input) => {
    const targets = [...service.describeRule(input.Rule!, input.EventBusName).targets.values()];
    const { page, nextToken } = paginate(targets, input.Limit, input.NextToken);
    return { Targets: page.map((target) => apiTarget(target.spec)), NextToken: nextToken };
  },
});
