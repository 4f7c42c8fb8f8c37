import type { EventData, EventDefinition, EventDetail } from './define-event.ts';

/**
 * One EventBridge matcher, as documented in
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */
export type Matcher =
  | string
  | number
  | boolean
  | null
  | { prefix: string | { 'equals-ignore-case': string } }
  | { suffix: string | { 'equals-ignore-case': string } }
  | { 'equals-ignore-case': string }
  | { wildcard: string }
  | { exists: boolean }
  | { cidr: string }
  | { numeric: readonly (string | number)[] }
  | {
      'anything-but':
        | string
        | number
        | readonly (string | number)[]
        | { prefix: string }
        | { suffix: string }
        | { wildcard: string | readonly string[] }
        | { 'equals-ignore-case': string | readonly string[] };
    };

/**
 * A pattern over a value of type `T`: objects nest field by field, leaves take a list of matchers.
 * Arrays are matched element-wise by EventBridge, so a pattern on `T[]` is a pattern on `T`.
 * Misspelled fields fail to compile.
 */
export type PatternOf<T> = T extends readonly (infer U)[]
  ? PatternOf<U>
  : T extends object
    ? { [K in keyof T]?: PatternOf<T[K]> } & { $or?: readonly PatternOf<T>[] }
    : readonly Matcher[];

export interface EventPatternFor {
  source: string[];
  'detail-type': string[];
  detail?: object;
}

/**
 * The rule pattern matching events of `definition`, optionally narrowed by content.
 *
 * @example
 * patternFor(OrderPlaced, { data: { total: [{ numeric: ['>=', 1000] }] } })
 */
export function patternFor<D extends EventDefinition>(definition: D, detail?: PatternOf<EventDetail<EventData<D>>>): EventPatternFor {
  return {
    source: [definition.source],
    'detail-type': [definition.detailType],
    ...(detail ? { detail: detail as object } : {}),
  };
}
