import { tableNameFromEnv } from '../../shared/activity/index.ts';
import { ConfigError } from '../../shared/runtime/index.ts';

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
  const statsTable = tableNameFromEnv('STATS_TABLE', env);
  const raw = env.TRENDING_THRESHOLD;
  if (raw === undefined || raw === '') return { statsTable, trendingThreshold: DEFAULT_TRENDING_THRESHOLD };
  const trendingThreshold = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(trendingThreshold) || trendingThreshold < 1) {
    throw new ConfigError([{ variable: 'TRENDING_THRESHOLD', message: `expected a positive integer, got ${JSON.stringify(raw)}` }]);
  }
  return { statsTable, trendingThreshold };
}
