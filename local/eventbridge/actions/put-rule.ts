import type { PutRuleRequest, PutRuleResponse, RuleState } from '@aws-sdk/client-eventbridge';
import { defineAction } from './define-action.ts';
import { ARN, EVENT_BUS_NAME_OR_ARN, REQUIRED_RULE_NAME, RULE_STATE } from './members.ts';

/** PutRule: creates or updates a rule at runtime (not written back to the template). */
export const putRule = defineAction<PutRuleRequest, PutRuleResponse>({
  members: {
    Name: REQUIRED_RULE_NAME,
    ScheduleExpression: { type: 'string', max: 256 },
    EventPattern: { type: 'string', max: 4096 },
    State: RULE_STATE,
    Description: { type: 'string', max: 512 },
    RoleArn: ARN,
    Tags: { type: 'list', member: { type: 'structure', members: { Key: { type: 'string', required: true }, Value: { type: 'string', required: true } } } },
    EventBusName: EVENT_BUS_NAME_OR_ARN,
  },
  run: (service, input) => {
    const rule = service.putRule({
      name: input.Name!,
      eventBusName: input.EventBusName,
      eventPattern: input.EventPattern,
      scheduleExpression: input.ScheduleExpression,
      state: input.State === undefined ? undefined : localState(input.State),
      description: input.Description,
      roleArn: input.RoleArn,
    });
    return { RuleArn: rule.arn };
  },
});

/** Management-event delivery from CloudTrail is not emulated: such a rule is simply enabled. */
function localState(state: RuleState): 'ENABLED' | 'DISABLED' {
  return state === 'DISABLED' ? 'DISABLED' : 'ENABLED';
}
