import type { IConstruct } from 'constructs';
import { ConstructUsageError } from '../constructs/errors.ts';
import type { ActivityFlowProps } from '../flows/activity-flow.ts';

/** The context keys of the activity flow's settings: `npx cdk synth -c eventful:activityWindowSeconds=5`. */
export const ACTIVITY_CONTEXT_KEYS = {
  windowSeconds: 'eventful:activityWindowSeconds',
  trendingThreshold: 'eventful:trendingThreshold',
} as const;

export type ActivitySettings = Pick<ActivityFlowProps, 'windowSeconds' | 'trendingThreshold'>;

/**
 * The activity flow's settings from the app context, for a demo or an end-to-end test that needs
 * windows closing in seconds: absent keys keep the flow's defaults. The CDK CLI passes `-c` values as
 * strings, an in-process app as given: both are read as numbers; the flow checks their range.
 *
 * @throws ConstructUsageError naming the key when a value is not a number.
 */
export function activitySettingsFromContext(scope: IConstruct): ActivitySettings {
  const settings: { -readonly [K in keyof ActivitySettings]: number } = {};
  for (const [setting, key] of Object.entries(ACTIVITY_CONTEXT_KEYS) as [keyof ActivitySettings, string][]) {
    const value: unknown = scope.node.tryGetContext(key);
    if (value === undefined) continue;
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isFinite(number)) {
      throw new ConstructUsageError(`context ${key} must be a number, got ${JSON.stringify(value)}`);
    }
    settings[setting] = number;
  }
  return settings;
}
