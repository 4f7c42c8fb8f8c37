/** One invariant checked from the stores: its name says what must hold, `detail` what was found. */
export interface InvariantResult {
  name: string;
  passed: boolean;
  detail: string;
}

/** A result from the violations found: passed when there are none; the detail names the first few. */
export function fromViolations(name: string, checked: string, violations: string[]): InvariantResult {
  if (violations.length === 0) return { name, passed: true, detail: checked };
  const shown = violations.slice(0, 5).join('; ');
  return { name, passed: false, detail: `${checked}; ${violations.length} violation(s): ${shown}${violations.length > 5 ? '; …' : ''}` };
}

/** Items grouped by a key. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
