import { ALL_FAULT_KINDS, FAULT_AREAS, isFaultKind, type FaultKind } from './catalogue.ts';

/** What `--chaos` asked for: a rate in [0, 1] per fault kind (0 for those not named) and the seed. */
export interface ChaosSpec {
  seed: number;
  rates: Record<FaultKind, number>;
}

/** A `--chaos` spec that cannot be read; the message names the part that is wrong. */
export class ChaosSpecError extends Error {
  override readonly name = 'ChaosSpecError';
  /** The `key=value` part at fault (the whole spec when it is empty). */
  readonly part: string;

  constructor(part: string, problem: string) {
    super(`--chaos "${part}": ${problem}`);
    this.part = part;
  }
}

const KEY_HELP = `use seed, rate, an area (${FAULT_AREAS.join(', ')}) or a kind (${ALL_FAULT_KINDS.join(', ')})`;

/**
 * Reads `seed=42,rate=0.05,lambda=0.1,lambda.timeout=0` (comma-separated `key=value`, in any order). `rate` sets
 * every kind, an area every kind of the area, a kind itself; the more specific wins whatever the order. The seed
 * is an integer (default 1); a rate a number from 0 to 1.
 *
 * @throws ChaosSpecError naming the part: unknown key, a key given twice, a bad number, a missing `=`.
 */
export function parseChaosSpec(text: string): ChaosSpec {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.every((part) => part === '')) throw new ChaosSpecError(text, `empty; expected comma-separated key=value, ${KEY_HELP}`);
  let seed = 1;
  let all: number | undefined;
  const areas = new Map<string, number>();
  const kinds = new Map<FaultKind, number>();
  const seen = new Set<string>();
  for (const part of parts) {
    if (part === '') throw new ChaosSpecError(text, 'has an empty part (two commas in a row, or one at an end)');
    const equals = part.indexOf('=');
    if (equals <= 0) throw new ChaosSpecError(part, 'expected key=value');
    const key = part.slice(0, equals).trim();
    const value = part.slice(equals + 1).trim();
    if (seen.has(key)) throw new ChaosSpecError(part, `${key} is given twice`);
    seen.add(key);
    if (key === 'seed') {
      if (!/^\d{1,10}$/.test(value) || Number(value) > 0xffffffff)
        throw new ChaosSpecError(part, `the seed must be an integer from 0 to ${0xffffffff}, got "${value}"`);
      seed = Number(value);
      continue;
    }
    const rate = parseRate(part, value);
    if (key === 'rate') all = rate;
    else if (FAULT_AREAS.includes(key)) areas.set(key, rate);
    else if (isFaultKind(key)) kinds.set(key, rate);
    else throw new ChaosSpecError(part, `unknown key "${key}"; ${KEY_HELP}`);
  }
  const rates = Object.fromEntries(ALL_FAULT_KINDS.map((kind) => [kind, kinds.get(kind) ?? areas.get(kind.split('.')[0] as string) ?? all ?? 0])) as Record<
    FaultKind,
    number
  >;
  return { seed, rates };
}

function parseRate(part: string, value: string): number {
  // Number('') is 0 and Number('0x1') is 1: only plain decimals are rates.
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(value)) throw new ChaosSpecError(part, `a rate must be a number from 0 to 1, got "${value}"`);
  const rate = Number(value);
  if (rate > 1) throw new ChaosSpecError(part, `a rate must be a number from 0 to 1, got ${value}`);
  return rate;
}

/** The spec as text again (`seed=42,lambda.error=0.05,…`), kinds at 0 left out: for logs and the admin API. */
export function describeChaosSpec(spec: ChaosSpec): string {
  const rates = ALL_FAULT_KINDS.filter((kind) => spec.rates[kind] > 0).map((kind) => `${kind}=${spec.rates[kind]}`);
  return [`seed=${spec.seed}`, ...rates].join(',');
}
