import type { IConstruct } from 'constructs';
import { ConstructUsageError } from '../constructs/errors.ts';

/**
 * Numeric settings from the app context (`npx cdk synth -c <key>=<n>`), for a demo, a test or a soak that needs
 * seconds-long windows or a minute-long payment window: absent keys are left out, so the flows keep their
 * defaults. The CDK CLI passes `-c` values as strings, an in-process app as given: both are read as numbers;
 * the flows check their range.
 *
 * @throws ConstructUsageError naming the key when a value is not a number.
 */
export function numbersFromContext<K extends string>(scope: IConstruct, keys: Readonly<Record<K, string>>): Partial<Record<K, number>> {
  const settings: Partial<Record<K, number>> = {};
  for (const [setting, key] of Object.entries(keys) as [K, string][]) {
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
