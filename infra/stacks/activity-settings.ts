import type { IConstruct } from 'constructs';
import type { ActivityFlowProps } from '../flows/activity-flow.ts';
import { numbersFromContext } from './context-settings.ts';

/** The context keys of the activity flow's settings: `npx cdk synth -c eventful:activityWindowSeconds=5`. */
export const ACTIVITY_CONTEXT_KEYS = {
  windowSeconds: 'eventful:activityWindowSeconds',
  trendingThreshold: 'eventful:trendingThreshold',
} as const;

export type ActivitySettings = Pick<ActivityFlowProps, 'windowSeconds' | 'trendingThreshold'>;

/**
 * The activity flow's settings from the app context, for a demo or an end-to-end test that needs
 * windows closing in seconds: absent keys keep the flow's defaults.
 *
 * @throws ConstructUsageError naming the key when a value is not a number.
 */
export function activitySettingsFromContext(scope: IConstruct): ActivitySettings {
  return numbersFromContext(scope, ACTIVITY_CONTEXT_KEYS);
}
