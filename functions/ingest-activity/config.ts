import { loadConfig } from '../../shared/runtime/index.ts';

export interface IngestActivityConfig {
  /** The activity stream, from `ACTIVITY_STREAM_NAME`: a stream name, or a stream ARN. */
  stream: { streamName: string } | { streamArn: string };
}

/**
 * Read once at cold start.
 *
 * @throws ConfigError naming `ACTIVITY_STREAM_NAME` when it is missing or neither a stream name nor a stream ARN.
 */
export function loadIngestActivityConfig(env: Record<string, string | undefined> = process.env): IngestActivityConfig {
  const { activityStreamName } = loadConfig({ required: ['activityStreamName'], env });
  // PutRecords takes either StreamName or StreamARN, and a name is never an ARN's prefix.
  return { stream: activityStreamName.startsWith('arn:') ? { streamArn: activityStreamName } : { streamName: activityStreamName } };
}
