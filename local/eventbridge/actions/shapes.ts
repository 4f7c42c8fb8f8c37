import type { Archive, Replay, Rule, Target } from '@aws-sdk/client-eventbridge';
import type { TargetSpec } from '../../topology/types.ts';
import { withTargetDefaults } from '../compile-target.ts';
import { DEFAULT_RETRY_POLICY } from '../constants.ts';
import type { LocalArchive } from '../local-archive.ts';
import type { LocalReplay } from '../local-replay.ts';
import type { LocalRule } from '../local-rule.ts';

/*
 * Local records in the API's shapes and casing. Members that are undefined disappear when the response is
 * serialized, as AWS leaves absent members out.
 */

export function apiRule(rule: LocalRule): Rule {
  return {
    Name: rule.name,
    Arn: rule.arn,
    EventPattern: rule.eventPattern,
    State: rule.state,
    Description: rule.description,
    ScheduleExpression: rule.scheduleExpression,
    RoleArn: rule.roleArn,
    EventBusName: rule.busName,
  };
}

export function apiTarget(target: TargetSpec): Target {
  return {
    Id: target.id,
    Arn: target.arn,
    Input: target.input,
    InputPath: target.inputPath,
    InputTransformer: target.inputTransformer && { InputPathsMap: target.inputTransformer.inputPathsMap, InputTemplate: target.inputTransformer.inputTemplate },
    KinesisParameters: target.kinesisPartitionKeyPath === undefined ? undefined : { PartitionKeyPath: target.kinesisPartitionKeyPath },
    SqsParameters: target.sqsMessageGroupId === undefined ? undefined : { MessageGroupId: target.sqsMessageGroupId },
    RetryPolicy: { MaximumRetryAttempts: target.retryPolicy.maximumRetryAttempts, MaximumEventAgeInSeconds: target.retryPolicy.maximumEventAgeInSeconds },
    DeadLetterConfig: target.deadLetterArn === undefined ? undefined : { Arn: target.deadLetterArn },
  };
}

/** A `Target` from PutTargets as the local topology's TargetSpec, with AWS's defaults. */
export function targetSpecOf(target: Target): TargetSpec {
  return withTargetDefaults({
    id: target.Id!,
    arn: target.Arn!,
    input: target.Input,
    inputPath: target.InputPath,
    inputTransformer: target.InputTransformer && {
      inputTemplate: target.InputTransformer.InputTemplate!,
      inputPathsMap: target.InputTransformer.InputPathsMap,
    },
    kinesisPartitionKeyPath: target.KinesisParameters?.PartitionKeyPath,
    sqsMessageGroupId: target.SqsParameters?.MessageGroupId,
    deadLetterArn: target.DeadLetterConfig?.Arn,
    retryPolicy: {
      maximumRetryAttempts: target.RetryPolicy?.MaximumRetryAttempts ?? DEFAULT_RETRY_POLICY.maximumRetryAttempts,
      maximumEventAgeInSeconds: target.RetryPolicy?.MaximumEventAgeInSeconds ?? DEFAULT_RETRY_POLICY.maximumEventAgeInSeconds,
    },
  });
}

export function apiArchive(archive: LocalArchive, now: number): Archive & { ArchiveArn: string; Description?: string; EventPattern?: string } {
  return {
    ArchiveName: archive.name,
    ArchiveArn: archive.arn,
    EventSourceArn: archive.sourceArn,
    Description: archive.description,
    EventPattern: archive.eventPattern,
    State: archive.state,
    RetentionDays: archive.retentionDays,
    SizeBytes: archive.sizeBytes(now),
    EventCount: archive.eventCount(now),
    CreationTime: new Date(archive.creationTime),
  };
}

/** ListReplays' summary: no ARN, description or destination (DescribeReplay has them). */
export function apiReplaySummary(replay: LocalReplay): Replay {
  return {
    ReplayName: replay.name,
    EventSourceArn: replay.eventSourceArn,
    State: replay.state,
    StateReason: replay.stateReason,
    EventStartTime: new Date(replay.eventStartTime),
    EventEndTime: new Date(replay.eventEndTime),
    EventLastReplayedTime: replay.eventLastReplayedTime === undefined ? undefined : new Date(replay.eventLastReplayedTime),
    ReplayStartTime: new Date(replay.replayStartTime),
    ReplayEndTime: replay.replayEndTime === undefined ? undefined : new Date(replay.replayEndTime),
  };
}
