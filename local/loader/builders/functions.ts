import type { DestinationConfig, FunctionSpec } from '../../topology/types.ts';
import { functionNameOf } from '../arns.ts';
import { LAMBDA_ASYNC_DEFAULTS, LAMBDA_DEFAULTS } from '../aws-defaults.ts';
import { functionCodeDir, type CodeLocations } from '../function-code.ts';
import type { ResourceContext, TopologyDraft } from '../resource-context.ts';
import { optionalRecord, optionalString, requiredString } from '../values.ts';

/**
 * Lambda's images for Node.js 16 and earlier bundle the AWS SDK for JavaScript v2 (`aws-sdk`); from Node.js 18
 * they bundle v3. https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html
 */
const LAST_NODE_RUNTIME_WITH_SDK_V2 = 16;

/**
 * Functions run on the host's Node.js. A runtime this many majors or more away from it (two LTS lines) is named
 * at start: what differs between the two versions follows the host.
 */
const NODE_MAJORS_NAMED_AT_START = 4;

/**
 * What a developer should know when a Node.js function runs on the host's Node instead of its own runtime: the
 * v2 SDK its image would have bundled, or a Node version far from the host's.
 */
export function runtimeStandInNotes(runtime: string, hostNodeVersion: string): string[] {
  const major = Number(/^nodejs(\d+)/.exec(runtime)?.[1] ?? 0);
  const hostMajor = Number(hostNodeVersion.split('.')[0]);
  const notes: string[] = [];
  if (major <= LAST_NODE_RUNTIME_WITH_SDK_V2) {
    notes.push(
      `runtime ${runtime} bundles the AWS SDK for JavaScript v2 (aws-sdk) in Lambda's image, which the local runtime does not provide: ` +
        `require('aws-sdk') fails unless the function's bundle includes it, and its calls (the v2 SDK ignores AWS_ENDPOINT_URL) are refused instead of reaching real AWS`,
    );
  }
  if (Math.abs(hostMajor - (major || hostMajor)) >= NODE_MAJORS_NAMED_AT_START || major <= LAST_NODE_RUNTIME_WITH_SDK_V2) {
    notes.push(`runtime ${runtime} runs locally on Node.js ${hostNodeVersion}: what differs between the two follows Node.js ${hostMajor}`);
  }
  return notes;
}

/** `AWS::Lambda::Function`: Node.js functions only; the Lambda emulator runs JavaScript bundles. */
export async function buildFunction(resource: ResourceContext, draft: TopologyDraft, code: CodeLocations): Promise<void> {
  const codeProperty = resource.record('Code') ?? {};
  if (resource.string('PackageType') === 'Image' || codeProperty['ImageUri'] !== undefined) {
    resource.report('container image functions do not run locally', 'error');
    return;
  }
  const runtime = resource.string('Runtime');
  if (runtime === undefined || !runtime.startsWith('nodejs')) {
    resource.report(`runtime ${runtime ?? '(none)'} is not emulated: only Node.js functions run locally`, 'error');
    return;
  }
  for (const reason of runtimeStandInNotes(runtime, process.versions.node)) resource.report(reason);
  const codeDir = await functionCodeDir(resource, codeProperty, code);
  if (codeDir === undefined) return;
  const identity = resource.resourceIdentity();
  const deadLetterArn = optionalString(resource.record('DeadLetterConfig')?.['TargetArn'], resource.locationOf('DeadLetterConfig', 'TargetArn'));
  const reservedConcurrency = resource.number('ReservedConcurrentExecutions');
  const spec: FunctionSpec = {
    ...identity,
    handler: resource.requiredString('Handler'),
    codeDir,
    runtime,
    architecture: resource.list('Architectures')?.[0] === 'arm64' ? 'arm64' : LAMBDA_DEFAULTS.architecture,
    timeoutSeconds: resource.number('Timeout') ?? LAMBDA_DEFAULTS.timeoutSeconds,
    memoryMb: resource.number('MemorySize') ?? LAMBDA_DEFAULTS.memoryMb,
    environment: environmentOf(resource),
    asyncConfig: {
      maximumRetryAttempts: LAMBDA_ASYNC_DEFAULTS.maximumRetryAttempts,
      maximumEventAgeSeconds: LAMBDA_ASYNC_DEFAULTS.maximumEventAgeSeconds,
      destinations: {},
    },
    ...(deadLetterArn === undefined ? {} : { deadLetterArn }),
    ...(reservedConcurrency === undefined ? {} : { reservedConcurrency }),
    logGroupName: logGroupOf(resource, identity.name),
    configuration: configurationOf(resource),
  };
  draft.topology.functions.push(spec);
}

/** What the Lambda API describes of a function (GetFunctionConfiguration) and the local runtime does not act on. */
function configurationOf(resource: ResourceContext): NonNullable<FunctionSpec['configuration']> {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const logging = resource.record('LoggingConfig') ?? {};
  const size = resource.record('EphemeralStorage')?.['Size'];
  const entries = {
    role: text(safely(() => resource.prop('Role'))),
    description: safely(() => resource.string('Description')),
    tracingMode: text(resource.record('TracingConfig')?.['Mode']),
    logging: {
      ...(text(logging['LogFormat']) ? { logFormat: text(logging['LogFormat']) } : {}),
      ...(text(logging['ApplicationLogLevel']) ? { applicationLogLevel: text(logging['ApplicationLogLevel']) } : {}),
      ...(text(logging['SystemLogLevel']) ? { systemLogLevel: text(logging['SystemLogLevel']) } : {}),
    },
    ephemeralStorageMb: typeof size === 'number' ? size : undefined,
  };
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined)) as NonNullable<FunctionSpec['configuration']>;
}

/** A property that may not resolve to a plain value locally (an intrinsic the loader leaves open): absent then. */
function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function environmentOf(resource: ResourceContext): Record<string, string> {
  const variables = optionalRecord(resource.record('Environment')?.['Variables'], resource.locationOf('Environment', 'Variables')) ?? {};
  return Object.fromEntries(
    Object.entries(variables).map(([name, value]) => [name, requiredString(value, resource.locationOf('Environment', 'Variables', name))]),
  );
}

/** `LoggingConfig.LogGroup` when set, else Lambda's default group. https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-loggroups.html */
function logGroupOf(resource: ResourceContext, functionName: string): string {
  const logging = resource.record('LoggingConfig') ?? {};
  if (logging['LogFormat'] === 'JSON' || logging['ApplicationLogLevel'] !== undefined || logging['SystemLogLevel'] !== undefined) {
    resource.report('property LoggingConfig is partly emulated: the JSON log format and log-level filtering are not applied to local output');
  }
  return optionalString(logging['LogGroup'], resource.locationOf('LoggingConfig', 'LogGroup')) ?? `/aws/lambda/${functionName}`;
}

/** `AWS::Lambda::EventInvokeConfig`: attached to its function once every function is known. */
export function buildEventInvokeConfig(resource: ResourceContext, draft: TopologyDraft): void {
  const destinations = resource.record('DestinationConfig') ?? {};
  const destination = (key: 'OnSuccess' | 'OnFailure'): string | undefined =>
    optionalString(
      optionalRecord(destinations[key], resource.locationOf('DestinationConfig', key))?.['Destination'],
      resource.locationOf('DestinationConfig', key, 'Destination'),
    );
  const onSuccess = destination('OnSuccess');
  const onFailure = destination('OnFailure');
  const config: DestinationConfig = { ...(onSuccess === undefined ? {} : { onSuccess }), ...(onFailure === undefined ? {} : { onFailure }) };
  const maximumRetryAttempts = resource.number('MaximumRetryAttempts');
  const maximumEventAgeSeconds = resource.number('MaximumEventAgeInSeconds');
  draft.invokeConfigs.push({
    at: resource,
    functionName: functionNameOf(resource.requiredString('FunctionName')),
    qualifier: resource.string('Qualifier') ?? '$LATEST',
    ...(maximumRetryAttempts === undefined ? {} : { maximumRetryAttempts }),
    ...(maximumEventAgeSeconds === undefined ? {} : { maximumEventAgeSeconds }),
    destinations: config,
  });
}

/** Applies each invoke config to its function. Locally every qualifier runs the same code, so `$LATEST`'s config wins. */
export function attachInvokeConfigs(draft: TopologyDraft): void {
  const ordered = [...draft.invokeConfigs].sort((a, b) => Number(b.qualifier === '$LATEST') - Number(a.qualifier === '$LATEST'));
  const configured = new Set<string>();
  for (const config of ordered) {
    const spec = draft.topology.functions.find((candidate) => candidate.name === config.functionName);
    if (spec === undefined) {
      config.at.report(`function ${config.functionName} is not part of the app: its asynchronous invocation config has no local effect`);
      continue;
    }
    if (configured.has(spec.name)) {
      config.at.report(`qualifier ${config.qualifier} is not emulated: every invocation of ${spec.name} uses one asynchronous invocation config`);
      continue;
    }
    configured.add(spec.name);
    spec.asyncConfig = {
      maximumRetryAttempts: config.maximumRetryAttempts ?? LAMBDA_ASYNC_DEFAULTS.maximumRetryAttempts,
      maximumEventAgeSeconds: config.maximumEventAgeSeconds ?? LAMBDA_ASYNC_DEFAULTS.maximumEventAgeSeconds,
      destinations: config.destinations,
    };
  }
}
