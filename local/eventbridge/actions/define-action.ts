import type { EventBridgeService } from '../eventbridge-service.ts';
import { validate, type Members } from './validate.ts';

/** One API action: its request members with their constraints, and what it does once the request is valid. */
export interface EventsAction {
  readonly members: Members;
  /** Validates the request body (parsed JSON) and runs the action; resolves with the response in AWS's casing. */
  handle(service: EventBridgeService, body: unknown): unknown;
}

/**
 * Declares an action, dynalite-style: `members` check the input (AWS-shaped `ValidationException` and
 * `SerializationException`), `run` does the work with the input typed as the SDK types it.
 *
 * @example
 * export const enableRule = defineAction<EnableRuleRequest, EnableRuleResponse>({
 *   members: { Name: REQUIRED_RULE_NAME, EventBusName: EVENT_BUS_NAME_OR_ARN },
 *   run: (service, input) => { service.setRuleState(input.Name!, input.EventBusName, 'ENABLED'); return {}; },
 * });
 */
export function defineAction<Input, Output>(action: { members: Members; run: (service: EventBridgeService, input: Input) => Output }): EventsAction {
  return {
    members: action.members,
    handle: (service, body) => action.run(service, validate<Input>(body, action.members)),
  };
}
