import { describe, expect, it } from 'vitest';
import { COLD_START_GOAL, isSelected, sdkPackagesImported } from '../../../bench/suites/cold-start.ts';

describe('sdkPackagesImported', () => {
  it('lists the SDK packages a minified ESM bundle imports at init, once each, and not those it imports on first use', () => {
    // Prepare
    const bundle =
      'import{DynamoDBClient as a}from"@aws-sdk/client-dynamodb";import"@aws-sdk/lib-dynamodb";' +
      'import{GetItemCommand as b}from"@aws-sdk/client-dynamodb";async function s(){return import("@aws-sdk/client-sqs")}';

    // Act
    const packages = sdkPackagesImported(bundle);

    // Assess
    expect(packages).toEqual(['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb']);
  });
});

describe('isSelected', () => {
  it('selects every function when no selection is given, and only the named ones otherwise', () => {
    expect(isSelected('place-order', undefined)).toBe(true);
    expect(isSelected('place-order', ' ')).toBe(true);
    expect(isSelected('place-order', 'get-order, place-order')).toBe(true);
    expect(isSelected('place-order', 'get-order')).toBe(false);
    expect(isSelected('place-order', 'place')).toBe(false);
  });
});

describe('COLD_START_GOAL', () => {
  it('is met at 1.10 times the baseline and not above, so the table says yes or NO instead of reported', () => {
    const baseline = { name: 'clients only', value: 100, unit: 'ms', rme: 1, samples: 15 };
    const result = (ratio: number) => ({ ...baseline, name: 'bundle init', subject: 'bundle', value: ratio * 100, baseline, ratio });
    expect(COLD_START_GOAL.meets?.(result(1.1))).toBe(true);
    expect(COLD_START_GOAL.meets?.(result(1.11))).toBe(false);
  });
});
