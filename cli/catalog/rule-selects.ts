import type { EventDefinition } from '../../shared/events/index.ts';

/**
 * Whether a rule pattern can match events of `definition`, judged on `source` and `detail-type`
 * only: content filters on `detail` narrow which events of the type a consumer gets, not whether
 * it consumes the type. Matchers other than exact values and prefixes count as "may match", so
 * the catalog errs on listing a consumer rather than hiding one.
 */
export function ruleSelects(pattern: Record<string, unknown>, definition: Pick<EventDefinition, 'source' | 'detailType'>): boolean {
  return fieldAllows(pattern['source'], definition.source) && fieldAllows(pattern['detail-type'], definition.detailType);
}

function fieldAllows(matchers: unknown, value: string): boolean {
  if (matchers === undefined) return true;
  if (!Array.isArray(matchers)) return true;
  return matchers.some((matcher) => {
    if (typeof matcher === 'string') return matcher === value;
    if (typeof matcher === 'object' && matcher !== null && 'prefix' in matcher && typeof matcher.prefix === 'string') {
      return value.startsWith(matcher.prefix);
    }
    return typeof matcher === 'object' && matcher !== null;
  });
}
