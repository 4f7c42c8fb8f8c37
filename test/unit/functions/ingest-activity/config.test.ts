import { describe, expect, it } from 'vitest';
import { loadIngestActivityConfig } from '../../../../functions/ingest-activity/config.ts';
import { ConfigError } from '../../../../shared/runtime/index.ts';

describe('loadIngestActivityConfig', () => {
  it.each([
    ['a stream name', 'eventful-activity', { streamName: 'eventful-activity' }],
    ['a stream ARN', 'arn:aws:kinesis:eu-west-1:123456789012:stream/activity', { streamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/activity' }],
  ])('reads %s from ACTIVITY_STREAM_NAME', (_case, value, stream) => {
    // Act
    const config = loadIngestActivityConfig({ ACTIVITY_STREAM_NAME: value });
    // Assess
    expect(config.stream).toEqual(stream);
  });

  it.each([
    ['missing', undefined, 'ACTIVITY_STREAM_NAME: required but not set'],
    ['not a stream', 'my stream!', 'ACTIVITY_STREAM_NAME: expected a Kinesis stream name or ARN, got "my stream!"'],
  ])('fails naming the variable when it is %s', (_case, value, message) => {
    // Act
    const load = () => loadIngestActivityConfig({ ACTIVITY_STREAM_NAME: value });
    // Assess
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });
});
