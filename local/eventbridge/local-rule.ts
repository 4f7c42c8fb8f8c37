import type { RuleSpec } from '../topology/types.ts';
import type { CompiledTarget } from './compile-target.ts';

export type RuleState = RuleSpec['state'];

/** A rule on a bus with its targets compiled. Changed only through its bus, which keeps the match index right. */
export interface LocalRule {
  readonly name: string;
  readonly arn: string;
  readonly busName: string;
  /** The pattern as JSON text, as the API returns it. */
  eventPattern?: string;
  scheduleExpression?: string;
  state: RuleState;
  description?: string;
  roleArn?: string;
  /** Target id → target, in the order they were put. */
  readonly targets: Map<string, CompiledTarget>;
}
