import { randomUUID } from 'node:crypto';
import type { EventSourceKind, EventSourceMappingSpec, FunctionSpec } from '../../../topology/types.ts';
import type { EventSourceTopology } from '../../../esm/index.ts';

export const REGION = 'us-east-1';
export const ACCOUNT = '000000000000';
export const FUNCTION_NAME = 'consumer';

let counter = 0;

/** An `AWS::Lambda::EventSourceMapping` as the loader resolves it, with Lambda's defaults for its kind. */
export function mappingSpec(kind: EventSourceKind, eventSourceArn: string, overrides: Partial<EventSourceMappingSpec> = {}): EventSourceMappingSpec {
  counter += 1;
  return {
    stackName: 'EsmTestStack',
    logicalId: `ConsumerMapping${counter}`,
    uuid: randomUUID(),
    kind,
    functionName: FUNCTION_NAME,
    eventSourceArn,
    enabled: true,
    batchSize: kind === 'sqs' ? 10 : 100,
    maximumBatchingWindowSeconds: 0,
    filterPatterns: [],
    reportBatchItemFailures: false,
    ...(kind === 'sqs' ? {} : { startingPosition: 'TRIM_HORIZON' as const }),
    ...overrides,
  };
}

export const queueArn = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;
export const streamArn = (name: string) => `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${name}`;
/** The template's stream ARN: its label is the loader's, not DynamoDB Local's. */
export const tableStreamArn = (table: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${table}/stream/2026-01-01T00:00:00.000`;
export const functionArn = (name = FUNCTION_NAME) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;

export function topology(mappings: EventSourceMappingSpec[], functions: FunctionSpec[] = []): EventSourceTopology {
  return { accountId: ACCOUNT, region: REGION, functions, queues: [], tables: [], streams: [], eventSourceMappings: mappings };
}

/** The consumer function as the loader gives it, with the timeout a test sets (mappings read only its timeout). */
export function consumerFunction(timeoutSeconds: number): FunctionSpec {
  return {
    stackName: 'EsmTestStack',
    logicalId: 'Consumer',
    name: FUNCTION_NAME,
    arn: functionArn(),
    handler: 'index.handler',
    codeDir: '/nonexistent',
    runtime: 'nodejs22.x',
    architecture: 'x86_64',
    timeoutSeconds,
    memoryMb: 128,
    environment: {},
    asyncConfig: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 21_600, destinations: {} },
    logGroupName: `/aws/lambda/${FUNCTION_NAME}`,
  };
}
