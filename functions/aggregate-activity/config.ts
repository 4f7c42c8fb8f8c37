import { loadConfig, type ConfigProblem } from '../../shared/runtime/index.ts';
import { ENV } from '../../shared/runtime/environment.ts';

/** Product views in one window that make a product trending, when TRENDING_THRESHOLD is not set. */
export const DEFAULT_TRENDING_THRESHOLD = 50;

export interface AggregateActivityConfig {
  /** `STATS_TABLE`: closed windows per product (PK `sku`, SK `windowStart`). */
  statsTable: string;
  /** `TRENDING_THRESHOLD`: a positive integer, default 50. */
  trendingThreshold: number;
}

/**
 * Read once at cold start.
 *
 * @throws ConfigError naming `STATS_TABLE` or `TRENDING_THRESHOLD` when missing or malformed.
 */
export function loadAggregateActivityConfig(env: Record<string, string | undefined> = process.env): AggregateActivityConfig {
  const problems: ConfigProblem[] = [];
  const raw = env[ENV.trendingThreshold];
  const trendingThreshold = raw === undefined || raw === '' ? DEFAULT_TRENDING_THRESHOLD : Number(raw);
  if (raw !== undefined && raw !== '' && (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(trendingThreshold) || trendingThreshold < 1)) {
    problems.push({ variable: ENV.trendingThreshold, message: `expected a positive integer, got ${JSON.stringify(raw)}` });
  }
  const { statsTable } = loadConfig({ required: ['statsTable'], env, alsoFailing: problems });
  return { statsTable, trendingThreshold };
}
