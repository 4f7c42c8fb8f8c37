import { ConfigError } from '../../shared/runtime/index.ts';

export interface IngestActivityConfig {
  /** The activity stream, from `ACTIVITY_STREAM_NAME`: a stream name, or a stream ARN. */
  stream: { streamName: string } | { streamArn: string };
}

// StreamName and StreamARN patterns: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html
const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;
const STREAM_ARN = /^arn:aws[\w-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/[a-zA-Z0-9_.-]{1,128}$/;

/**
 * Read once at cold start.
 *
 * @throws ConfigError naming `ACTIVITY_STREAM_NAME` when it is missing or neither a stream name nor a stream ARN.
 */
export function loadIngestActivityConfig(env: Record<string, string | undefined> = process.env): IngestActivityConfig {
  const value = env.ACTIVITY_STREAM_NAME;
  if (value === undefined || value === '') throw new ConfigError([{ variable: 'ACTIVITY_STREAM_NAME', message: 'required but not set' }]);
  if (STREAM_ARN.test(value)) return { stream: { streamArn: value } };
  if (STREAM_NAME.test(value)) return { stream: { streamName: value } };
  throw new ConfigError([{ variable: 'ACTIVITY_STREAM_NAME', message: `expected a Kinesis stream name or ARN, got ${JSON.stringify(value)}` }]);
}
