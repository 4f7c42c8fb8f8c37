import type { QueueSpec } from '../../topology/types.ts';
import { SQS_DEFAULTS } from '../aws-defaults.ts';
import { InvalidTemplateValueError } from '../errors.ts';
import type { ResourceContext, TopologyDraft } from '../resource-context.ts';
import { isTrue } from '../resource-identities.ts';
import { jsonObject, optionalNumber, requiredString } from '../values.ts';

/** `AWS::SQS::Queue`, with AWS's defaults for every attribute the template leaves out. */
export function buildQueue(resource: ResourceContext, draft: TopologyDraft): void {
  const { attributes } = resource.identity();
  const fifo = isTrue(resource.prop('FifoQueue'));
  // High-throughput FIFO changes deduplication and throughput to per message group.
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/high-throughput-fifo.html
  if (resource.string('DeduplicationScope') === 'messageGroup' || resource.string('FifoThroughputLimit') === 'perMessageGroupId') {
    resource.report(
      'high-throughput FIFO (DeduplicationScope messageGroup, FifoThroughputLimit perMessageGroupId) is not emulated: deduplication applies to the whole queue',
    );
  }
  const redrivePolicy = redrivePolicyOf(resource);
  const spec: QueueSpec = {
    ...resource.resourceIdentity(),
    url: String(attributes['QueueUrl']),
    fifo,
    contentBasedDeduplication: isTrue(resource.prop('ContentBasedDeduplication')),
    visibilityTimeoutSeconds: resource.number('VisibilityTimeout') ?? SQS_DEFAULTS.visibilityTimeoutSeconds,
    messageRetentionSeconds: resource.number('MessageRetentionPeriod') ?? SQS_DEFAULTS.messageRetentionSeconds,
    delaySeconds: resource.number('DelaySeconds') ?? SQS_DEFAULTS.delaySeconds,
    receiveMessageWaitTimeSeconds: resource.number('ReceiveMessageWaitTimeSeconds') ?? SQS_DEFAULTS.receiveMessageWaitTimeSeconds,
    maximumMessageSizeBytes: resource.number('MaximumMessageSize') ?? SQS_DEFAULTS.maximumMessageSizeBytes,
    ...(redrivePolicy === undefined ? {} : { redrivePolicy }),
  };
  draft.topology.queues.push(spec);
}

/** `RedrivePolicy` is JSON: an object in most templates, its text in some. */
function redrivePolicyOf(resource: ResourceContext): QueueSpec['redrivePolicy'] {
  const policy = jsonObject(resource.prop('RedrivePolicy'), resource.location('RedrivePolicy'));
  if (policy === undefined) return undefined;
  const countLocation = resource.locationOf('RedrivePolicy', 'maxReceiveCount');
  const maxReceiveCount = optionalNumber(policy['maxReceiveCount'], countLocation);
  // SQS requires both fields: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
  if (maxReceiveCount === undefined) throw new InvalidTemplateValueError(countLocation, 'required, but missing');
  return {
    deadLetterTargetArn: requiredString(policy['deadLetterTargetArn'], resource.locationOf('RedrivePolicy', 'deadLetterTargetArn')),
    maxReceiveCount,
  };
}
