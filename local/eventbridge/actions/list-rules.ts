import type { ListRulesRequest, ListRulesResponse } from '@aws-sdk/client-eventbridge';
import { defineAction } from './define-action.ts';
import { EVENT_BUS_NAME_OR_ARN, LIMIT, NEXT_TOKEN, RULE_NAME } from './members.ts';
import { paginate } from './paginate.ts';
import { apiRule } from './shapes.ts';

/** ListRules: the rules of one bus (default unless named), optionally those whose name starts with a prefix. */
export const listRules = defineAction<ListRulesRequest, ListRulesResponse>({
  members: { NamePrefix: RULE_NAME, EventBusName: EVENT_BUS_NAME_OR_ARN, NextToken: NEXT_TOKEN, Limit: LIMIT },
  run: (service, input) => {
    const rules = service
      .requireBus(input.EventBusName)
      .rules()
      .filter((rule) => rule.name.startsWith(input.NamePrefix ?? ''));
    const { page, nextToken } = paginate(rules, input.Limit, input.NextToken);
    return { Rules: page.map(apiRule), NextToken: nextToken };
  },
});
