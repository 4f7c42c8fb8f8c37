import type { EventSourceKind, EventSourceMappingSpec } from '../../topology/types.ts';
import { functionNameOf, parseArn } from '../arns.ts';
import { EVENT_SOURCE_MAPPING_DEFAULTS } from '../aws-defaults.ts';
import type { ResourceContext, TopologyDraft } from '../resource-context.ts';
import { jsonObject, optionalList, optionalNumber, optionalRecord, optionalString } from '../values.ts';

type StartingPosition = NonNullable<EventSourceMappingSpec['startingPosition']>;

/**
 * `AWS::Lambda::EventSourceMapping` for SQS, Kinesis and DynamoDB Streams, with AWS's defaults for each source
 * filled in. https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
 */
export function buildEventSourceMapping(resource: ResourceContext, draft: TopologyDraft): void {
  const source = eventSourceOf(resource);
  if (source === undefined) return;
  const { kind, arn } = source;
  const identity = resource.identity();
  const path = resource.path;
  const enabled = resource.boolean('Enabled');
  const maximumConcurrency = optionalNumber(
    resource.record('ScalingConfig')?.['MaximumConcurrency'],
    resource.locationOf('ScalingConfig', 'MaximumConcurrency'),
  );
  const defaults = EVENT_SOURCE_MAPPING_DEFAULTS[kind];
  const spec: EventSourceMappingSpec = {
    stackName: resource.stackName,
    logicalId: resource.logicalId,
    ...(path === undefined ? {} : { path }),
    uuid: identity.name,
    kind,
    functionName: functionNameOf(resource.requiredString('FunctionName')),
    eventSourceArn: arn,
    enabled: enabled ?? true,
    batchSize: resource.number('BatchSize') ?? defaults.batchSize,
    maximumBatchingWindowSeconds: resource.number('MaximumBatchingWindowInSeconds') ?? defaults.maximumBatchingWindowSeconds,
    filterPatterns: filterPatternsOf(resource),
    reportBatchItemFailures: (resource.list('FunctionResponseTypes') ?? []).includes('ReportBatchItemFailures'),
    ...(kind === 'sqs' ? sqsOnly(resource, maximumConcurrency) : streamsOnly(resource)),
  };
  draft.topology.eventSourceMappings.push(spec);
}

function eventSourceOf(resource: ResourceContext): { kind: EventSourceKind; arn: string } | undefined {
  const arn = resource.string('EventSourceArn');
  const parsed = arn === undefined ? undefined : parseArn(arn);
  if (arn !== undefined && parsed?.service === 'sqs') return { kind: 'sqs', arn };
  if (arn !== undefined && parsed?.service === 'dynamodb' && parsed.resource.includes('/stream/')) return { kind: 'dynamodb', arn };
  if (arn !== undefined && parsed?.service === 'kinesis' && parsed.resource.startsWith('stream/')) {
    const consumer = parsed.resource.indexOf('/consumer/');
    if (consumer < 0) return { kind: 'kinesis', arn };
    // arn:aws:kinesis:<region>:<account>:stream/<name>/consumer/<consumer>:<timestamp>
    resource.report('enhanced fan-out is not emulated: the mapping reads the stream with shared throughput locally');
    return { kind: 'kinesis', arn: arn.slice(0, arn.length - (parsed.resource.length - consumer)) };
  }
  resource.report(`event source ${arn ?? '(none)'} is not emulated: only SQS, Kinesis and DynamoDB Streams mappings run locally`);
  return undefined;
}

/** `FilterCriteria.Filters[].Pattern` is JSON text. https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html */
function filterPatternsOf(resource: ResourceContext): Record<string, unknown>[] {
  const filters = optionalList(resource.record('FilterCriteria')?.['Filters'], resource.locationOf('FilterCriteria', 'Filters')) ?? [];
  return filters.flatMap((filter, index) => {
    const location = resource.locationOf('FilterCriteria', 'Filters', index, 'Pattern');
    const pattern = jsonObject(optionalRecord(filter, resource.locationOf('FilterCriteria', 'Filters', index))?.['Pattern'], location);
    return pattern === undefined ? [] : [pattern];
  });
}

function sqsOnly(resource: ResourceContext, maximumConcurrency: number | undefined): Partial<EventSourceMappingSpec> {
  // On AWS, SQS mappings reject stream-only settings; say so rather than ignore them.
  for (const property of [
    'StartingPosition',
    'BisectBatchOnFunctionError',
    'MaximumRetryAttempts',
    'MaximumRecordAgeInSeconds',
    'ParallelizationFactor',
    'TumblingWindowInSeconds',
    'DestinationConfig',
  ]) {
    if (resource.has(property)) resource.report(`property ${property} does not apply to SQS event sources and is ignored locally`);
  }
  return maximumConcurrency === undefined ? {} : { maximumConcurrency };
}

function streamsOnly(resource: ResourceContext): Partial<EventSourceMappingSpec> {
  const defaults = EVENT_SOURCE_MAPPING_DEFAULTS.streams;
  const startingPosition = resource.string('StartingPosition') as StartingPosition | undefined;
  if (startingPosition === undefined) resource.report('StartingPosition is required for stream event sources: reading from LATEST locally', 'warning');
  const timestamp = resource.number('StartingPositionTimestamp');
  const onFailure = optionalString(
    optionalRecord(resource.record('DestinationConfig')?.['OnFailure'], resource.locationOf('DestinationConfig', 'OnFailure'))?.['Destination'],
    resource.locationOf('DestinationConfig', 'OnFailure', 'Destination'),
  );
  if (resource.record('ScalingConfig') !== undefined) resource.report('property ScalingConfig applies to SQS event sources only and is ignored locally');
  return {
    startingPosition: startingPosition ?? 'LATEST',
    ...(timestamp === undefined ? {} : { startingPositionTimestamp: timestamp }),
    bisectBatchOnFunctionError: resource.boolean('BisectBatchOnFunctionError') ?? defaults.bisectBatchOnFunctionError,
    maximumRetryAttempts: resource.number('MaximumRetryAttempts') ?? defaults.maximumRetryAttempts,
    maximumRecordAgeInSeconds: resource.number('MaximumRecordAgeInSeconds') ?? defaults.maximumRecordAgeInSeconds,
    parallelizationFactor: resource.number('ParallelizationFactor') ?? defaults.parallelizationFactor,
    tumblingWindowInSeconds: resource.number('TumblingWindowInSeconds') ?? defaults.tumblingWindowInSeconds,
    ...(onFailure === undefined ? {} : { onFailureDestination: onFailure }),
  };
}
