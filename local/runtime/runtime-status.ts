import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { FunctionUsage, LambdaService } from '../lambda/index.ts';
import type { SchedulerService } from '../scheduler/index.ts';
import type { LocalTopology } from '../topology/types.ts';

/** `GET /_eventful/status`: what `eventful status` prints, one screen of the running app. */
export interface RuntimeStatus {
  buses: { name: string; rules: { name: string; state: string; on: string; targets: string[] }[] }[];
  queues: { name: string; fifo: boolean; visible: number; inFlight: number; delayed: number; deadLetterQueue?: string; error?: string }[];
  /** Queues that are some resource's dead-letter queue or on-failure destination, with what sends there. */
  deadLetterQueues: { name: string; messages: number; for: string[] }[];
  streams: { name: string; kind: 'kinesis' | 'dynamodb'; detail: string; consumers: string[] }[];
  schedules: { name: string; kind: 'schedule' | 'rule'; expression: string; state: string; nextFireTime?: string; lastFireTime?: string }[];
  /**
   * Each function that has run since the start: its environments alive now, and what `LambdaService.usage()` counts
   * (environments started and stopped by reason, the CPU time of their inits and answered invocations).
   */
  functions: (FunctionUsage & { alive: number })[];
}

const nameOfArn = (arn: string) => arn.split(/[:/]/).at(-1) ?? arn;

/** The event pattern or schedule a rule fires on, in a few characters (`detail-type: OrderPlaced, OrderPaid`). */
function ruleTrigger(pattern: Record<string, unknown> | undefined, schedule: string | undefined): string {
  if (schedule) return schedule;
  if (!pattern) return '';
  return Object.entries(pattern)
    .map(
      ([key, value]) =>
        `${key}: ${Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ') : JSON.stringify(value)}`,
    )
    .join('; ');
}

/**
 * Collects the status of a running app: its buses and rules, each queue's depth read from the SQS engine, the
 * dead-letter queues with their message counts and what they catch, its streams with their consumers, its
 * schedules with their next fire times, and its functions' environments and CPU time.
 */
export async function runtimeStatus(parts: {
  topology: LocalTopology;
  sqsEndpoint: string;
  scheduler: SchedulerService;
  lambda: Pick<LambdaService, 'usage' | 'instanceCount'>;
}): Promise<RuntimeStatus> {
  const { topology } = parts;
  const sqs = new SQSClient({ endpoint: parts.sqsEndpoint, region: topology.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const deadLetterSources = new Map<string, string[]>();
    const catches = (arn: string | undefined, source: string) => {
      if (arn?.includes(':sqs:')) deadLetterSources.set(arn, [...(deadLetterSources.get(arn) ?? []), source]);
    };
    for (const queue of topology.queues) catches(queue.redrivePolicy?.deadLetterTargetArn, `queue ${queue.name}`);
    for (const fn of topology.functions) {
      catches(fn.asyncConfig.destinations.onFailure, `function ${fn.name} (on failure)`);
      catches(fn.deadLetterArn, `function ${fn.name}`);
    }
    for (const rule of topology.rules) for (const target of rule.targets) catches(target.deadLetterArn, `rule ${rule.name} → ${target.id}`);
    for (const mapping of topology.eventSourceMappings) catches(mapping.onFailureDestination, `${mapping.kind} → ${mapping.functionName}`);
    for (const schedule of topology.schedules) catches(schedule.target.deadLetterArn, `schedule ${schedule.name}`);

    const queues = await Promise.all(
      topology.queues.map(async (queue) => {
        const base = {
          name: queue.name,
          fifo: queue.fifo,
          ...(queue.redrivePolicy ? { deadLetterQueue: nameOfArn(queue.redrivePolicy.deadLetterTargetArn) } : {}),
        };
        try {
          const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queue.name }));
          const { Attributes = {} } = await sqs.send(
            new GetQueueAttributesCommand({
              QueueUrl,
              AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
            }),
          );
          return {
            ...base,
            visible: Number(Attributes.ApproximateNumberOfMessages ?? 0),
            inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
            delayed: Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0),
          };
        } catch (error) {
          return { ...base, visible: 0, inFlight: 0, delayed: 0, error: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    const depthOf = new Map(queues.map((queue) => [queue.name, queue.visible + queue.inFlight + queue.delayed]));
    const consumersOf = (arn: string) => topology.eventSourceMappings.filter((m) => m.eventSourceArn === arn).map((m) => m.functionName);

    return {
      // The default bus is in no template, yet rules (scheduled ones above all) live on it.
      buses: [...new Set([...topology.eventBuses.map((bus) => bus.name), ...topology.rules.map((rule) => rule.eventBusName)])].map((busName) => ({
        name: busName,
        rules: topology.rules
          .filter((rule) => rule.eventBusName === busName)
          .map((rule) => ({
            name: rule.name,
            state: rule.state,
            on: ruleTrigger(rule.eventPattern, rule.scheduleExpression),
            targets: rule.targets.map((target) => `${target.kind} ${nameOfArn(target.arn)}`),
          })),
      })),
      queues,
      deadLetterQueues: topology.queues
        .filter((queue) => deadLetterSources.has(queue.arn))
        .map((queue) => ({ name: queue.name, messages: depthOf.get(queue.name) ?? 0, for: deadLetterSources.get(queue.arn) ?? [] })),
      streams: [
        ...topology.streams.map((stream) => ({
          name: stream.name,
          kind: 'kinesis' as const,
          detail: stream.mode === 'ON_DEMAND' ? 'on demand' : `${stream.shardCount} shard${stream.shardCount === 1 ? '' : 's'}`,
          consumers: consumersOf(stream.arn),
        })),
        ...topology.tables
          .filter((table) => table.stream)
          .map((table) => ({
            name: table.name,
            kind: 'dynamodb' as const,
            detail: table.stream?.viewType ?? '',
            consumers: consumersOf(table.stream?.arn ?? ''),
          })),
      ],
      schedules: parts.scheduler.list().map((entry) => ({
        name: entry.name,
        kind: entry.kind,
        expression: entry.expression,
        state: entry.state,
        ...(entry.nextFireTime ? { nextFireTime: entry.nextFireTime } : {}),
        ...(entry.lastFireTime ? { lastFireTime: entry.lastFireTime } : {}),
      })),
      functions: parts.lambda.usage().map((usage) => ({ ...usage, alive: parts.lambda.instanceCount(usage.functionName) })),
    };
  } finally {
    sqs.destroy();
  }
}
