import { LIST_LIMIT_MAX, RETRY_POLICY_LIMITS } from '../constants.ts';
import type { MemberRule } from './validate.ts';

/*
 * Member constraints shared by several actions, as the EventBridge API reference states them
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/).
 */

// biome-ignore lint/complexity/noUselessEscapeInRegex: the source is AWS's constraint text, quoted as is in ValidationException messages
const NAME_PATTERN = /[\.\-_A-Za-z0-9]+/;

export const RULE_NAME: MemberRule = { type: 'string', min: 1, max: 64, pattern: NAME_PATTERN };
export const REQUIRED_RULE_NAME: MemberRule = { ...RULE_NAME, required: true };
export const ARCHIVE_NAME: MemberRule = { type: 'string', min: 1, max: 48, pattern: NAME_PATTERN };
export const REPLAY_NAME: MemberRule = { type: 'string', min: 1, max: 64, pattern: NAME_PATTERN };
export const EVENT_BUS_NAME_OR_ARN: MemberRule = {
  type: 'string',
  min: 1,
  max: 1600,
  // biome-ignore lint/complexity/noUselessEscapeInRegex: the source is AWS's constraint text, quoted as is in ValidationException messages
  pattern: /(arn:aws[\w-]*:events:[a-z]{2}-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[\/\.\-_A-Za-z0-9]+/,
};
export const ARN: MemberRule = { type: 'string', min: 1, max: 1600 };
export const NEXT_TOKEN: MemberRule = { type: 'string', min: 1, max: 2048 };
export const LIMIT: MemberRule = { type: 'integer', min: 1, max: LIST_LIMIT_MAX };
export const RULE_STATE: MemberRule = { type: 'string', enum: ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'] };
export const REPLAY_STATE: MemberRule = { type: 'string', enum: ['STARTING', 'RUNNING', 'CANCELLING', 'COMPLETED', 'CANCELLED', 'FAILED'] };
export const ARCHIVE_STATE: MemberRule = { type: 'string', enum: ['ENABLED', 'DISABLED', 'CREATING', 'UPDATING', 'CREATE_FAILED', 'UPDATE_FAILED'] };

export const TARGET: MemberRule = {
  type: 'structure',
  members: {
    Id: { type: 'string', required: true, min: 1, max: 64, pattern: NAME_PATTERN },
    Arn: { ...ARN, required: true },
    RoleArn: ARN,
    Input: { type: 'string', max: 8192 },
    InputPath: { type: 'string', max: 256 },
    InputTransformer: {
      type: 'structure',
      members: {
        // biome-ignore lint/complexity/noUselessEscapeInRegex: the source is AWS's constraint text, quoted as is in ValidationException messages
        InputPathsMap: { type: 'map', max: 100, key: { type: 'string', min: 1, max: 256, pattern: /[A-Za-z0-9\_\-]+/ }, value: { type: 'string', max: 256 } },
        InputTemplate: { type: 'string', required: true, min: 1, max: 8192 },
      },
    },
    KinesisParameters: { type: 'structure', members: { PartitionKeyPath: { type: 'string', required: true, max: 256 } } },
    SqsParameters: { type: 'structure', members: { MessageGroupId: { type: 'string' } } },
    RetryPolicy: {
      type: 'structure',
      members: {
        MaximumRetryAttempts: { type: 'integer', ...RETRY_POLICY_LIMITS.maximumRetryAttempts },
        MaximumEventAgeInSeconds: { type: 'integer', ...RETRY_POLICY_LIMITS.maximumEventAgeInSeconds },
      },
    },
    DeadLetterConfig: { type: 'structure', members: { Arn: ARN } },
  },
};
