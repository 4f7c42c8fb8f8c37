import { describe, expect, it } from 'vitest';
import { sdkPackagesImported } from '../../../bench/suites/cold-start.ts';

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
