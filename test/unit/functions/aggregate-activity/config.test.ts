import { describe, expect, it } from 'vitest';
import { DEFAULT_TRENDING_THRESHOLD, loadAggregateActivityConfig } from '../../../../functions/aggregate-activity/config.ts';
import { ConfigError } from '../../../../shared/runtime/index.ts';

describe('loadAggregateActivityConfig', () => {
  it.each([
    ['unset', undefined, DEFAULT_TRENDING_THRESHOLD],
    ['set', '3', 3],
  ])('reads the trending threshold when TRENDING_THRESHOLD is %s', (_case, value, threshold) => {
    // Act
    const config = loadAggregateActivityConfig({ STATS_TABLE: 'ActivityStats', TRENDING_THRESHOLD: value });
    // Assess
    expect(config).toEqual({ statsTable: 'ActivityStats', trendingThreshold: threshold });
  });

  it.each(['0', '-5', '2.5', 'fifty'])('fails naming TRENDING_THRESHOLD when it is %s', (value) => {
    // Act
    const load = () => loadAggregateActivityConfig({ STATS_TABLE: 'ActivityStats', TRENDING_THRESHOLD: value });
    // Assess
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(`TRENDING_THRESHOLD: expected a positive integer, got "${value}"`);
  });

  it('fails naming STATS_TABLE when it is missing', () => {
    // Act
    const load = () => loadAggregateActivityConfig({});
    // Assess
    expect(load).toThrow('STATS_TABLE: required but not set');
  });
});
