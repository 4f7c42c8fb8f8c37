import type * as events from 'aws-cdk-lib/aws-events';
import type { EventPatternFor } from '../../shared/events/index.ts';

/**
 * The catalog's pattern (`patternFor(...)`, spelled as EventBridge spells it: `detail-type`) in
 * CDK's shape (`detailType`), which CDK turns back into `detail-type` in the template.
 *
 * @example
 * new events.Rule(this, 'Rule', { eventBus, eventPattern: toCdkPattern(patternFor(OrderPlaced)) });
 */
export function toCdkPattern(pattern: EventPatternFor): events.EventPattern {
  return {
    source: pattern.source,
    detailType: pattern['detail-type'],
    // `PatternOf<T>` already type-checked the detail against the event's schema; CDK types it loosely.
    ...(pattern.detail ? { detail: pattern.detail as Record<string, unknown> } : {}),
  };
}
