import { describe, expect, it } from 'vitest';
import { toCdkPattern } from '../../infra/constructs/to-cdk-pattern.ts';
import { OrderPlaced, patternFor } from '../../shared/events/index.ts';

describe('toCdkPattern', () => {
  it('converts the catalog spelling (detail-type) to CDK’s (detailType)', () => {
    expect(toCdkPattern(patternFor(OrderPlaced))).toEqual({ source: ['eventful.orders'], detailType: ['OrderPlaced'] });
  });

  it('keeps the content filter on detail', () => {
    const pattern = patternFor(OrderPlaced, { data: { totalMinor: [{ numeric: ['>', 0] }] } });

    expect(toCdkPattern(pattern).detail).toEqual({ data: { totalMinor: [{ numeric: ['>', 0] }] } });
  });
});
