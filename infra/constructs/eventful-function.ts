import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import type { EnvironmentVariable } from '../../shared/runtime/environment.ts';
import { acknowledge } from '../acknowledge.ts';
import { DeadLetterQueue } from './dead-letter-queue.ts';
import { ConstructUsageError } from './errors.ts';
import { alarmOnAny } from './alarm-on-any.ts';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The CloudWatch namespace of every function's Powertools metrics. */
export const METRICS_NAMESPACE = 'eventful';

/** Log levels understood by both Lambda's advanced logging controls and Powertools Logger. */
export type FunctionLogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface EventfulFunctionProps {
  /**
   * The handler's folder under `functions/`, also its Powertools service name.
   * @example 'place-order' for `functions/place-order/handler.ts`
   */
  readonly name: string;
  /** What the function does, shown in the console. */
  readonly description: string;
  /**
   * The handler file, exporting `handler`.
   * @default `functions/<name>/handler.ts`
   */
  readonly entry?: string;
  /**
   * 10 s: an event consumer here makes a few DynamoDB, S3 or EventBridge calls of tens of
   * milliseconds each, so 10 s is ample headroom over a slow call with SDK retries, while a hung
   * call is cut short instead of billing (and holding an SQS message) for the 15-minute maximum.
   * Raise it for batch or file work, and keep a feeding queue's visibility timeout at 6× this.
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * 512 MB: Lambda gives CPU in proportion to memory (a full vCPU at 1,769 MB), and cold-start work
   * (loading the bundle, creating SDK clients, Powertools) is CPU-bound, so 512 MB roughly halves it
   * compared with 256 MB; above it our I/O-bound handlers wait on the network, not the CPU,
   * and would pay for idle memory.
   * https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * The function's settings (`TRENDING_THRESHOLD`, …), by their names in `ENV` (shared/runtime/environment.ts): configuration
   * only (secrets come from Secrets Manager). Where a resource is, grants set with
   * {@link EventfulFunction.bindEnvironment}.
   * @default none beyond the house ones
   */
  readonly environment?: Partial<Record<EnvironmentVariable, string>>;
  /**
   * The minimum level kept, applied both by Lambda (advanced logging controls) and by Powertools
   * Logger (`POWERTOOLS_LOG_LEVEL`), which are kept equal so Logger does not warn about a mismatch.
   * @default 'INFO'
   */
  readonly logLevel?: FunctionLogLevel;
  /**
   * How long logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Where the error alarm and the on-failure queue's alarm notify.
   * @default no alarm action
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Whether the function is invoked asynchronously (by EventBridge rules, S3, Scheduler). If so,
   * failed invocations are retried `asyncRetryAttempts` times, then sent to an encrypted on-failure
   * queue (alarmed) with Lambda's record of the error. Set `false` for functions only invoked
   * synchronously (API routes) or by event source mappings, which report failures their own way.
   * @default true
   */
  readonly invokedAsynchronously?: boolean;
  /**
   * Retries of a failed asynchronous invocation before it goes to the on-failure queue.
   * @default 2 (Lambda's default, made explicit)
   */
  readonly asyncRetryAttempts?: number;
  /**
   * How long Lambda keeps an asynchronous event it could not yet process before sending it to the on-failure queue.
   * @default Duration.hours(6) (Lambda's maximum and default)
   */
  readonly asyncMaxEventAge?: Duration;
  /**
   * Reserved concurrency, to protect a downstream dependency.
   * @default unreserved
   */
  readonly reservedConcurrentExecutions?: number;
}

/**
 * A Lambda function with the house defaults, so every function is deployed the same way:
 * - `NodejsFunction` from `functions/<name>/handler.ts` (export `handler`), bundled by esbuild as
 *   minified ESM with source maps; `NODE_OPTIONS=--enable-source-maps` makes stack traces point at
 *   the TypeScript;
 * - runtime `nodejs24.x` on arm64 (Graviton: about 20% cheaper per GB-second than x86_64);
 * - X-Ray active tracing; JSON structured logs to its own log group with a retention period, with
 *   one log level for Lambda and Powertools;
 * - Powertools configured by environment: service name = `name`, metrics namespace `eventful`;
 * - a role of its own with no managed policy: it may write its log group and X-Ray traces, and
 *   gets every other permission through grants;
 * - failed asynchronous invocations are retried twice, then land in an encrypted on-failure queue
 *   (a {@link DeadLetterQueue}, alarmed): never dropped;
 * - an alarm on any function error.
 *
 * @example
 * const placeOrder = new EventfulFunction(this, 'PlaceOrder', { name: 'place-order', description: 'Places an order' });
 * table.grantReadWriteData(placeOrder);
 */
export class EventfulFunction extends Construct implements iam.IGrantable {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** Where failed asynchronous invocations go; absent when `invokedAsynchronously` is false. */
  readonly onFailure: DeadLetterQueue | undefined;
  /** `Errors > 0` in a minute. */
  readonly errorAlarm: cloudwatch.Alarm;
  readonly #bound = new Map<EnvironmentVariable, string>();

  constructor(scope: Construct, id: string, props: EventfulFunctionProps) {
    super(scope, id);
    for (const [variable, value] of Object.entries(props.environment ?? {}) as [EnvironmentVariable, string][]) this.#bound.set(variable, value);
    const logLevel = props.logLevel ?? 'INFO';
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs function ${props.name}`,
    });
    // Instead of the AWSLambdaBasicExecutionRole managed policy, which allows every log group.
    this.logGroup.grantWrite(this.role);

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: props.entry ?? `${projectRoot}functions/${props.name}/handler.ts`,
      handler: 'handler',
      description: props.description,
      role: this.role,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: props.timeout ?? Duration.seconds(10),
      memorySize: props.memorySize ?? 512,
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel[logLevel],
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      ...(props.reservedConcurrentExecutions === undefined ? {} : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
      projectRoot,
      depsLockFilePath: `${projectRoot}package-lock.json`,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.name,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: logLevel,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        // Stack traces need the mappings only; the sources would double the asset for no reader.
        sourcesContent: false,
        // esbuild's per-bundle size report is noise in `npm start` and `cdk synth` output; warnings stay.
        logLevel: nodejs.LogLevel.WARNING,
        // index.meta.json beside the bundle: its inputs tell the local runtime's hot reload which functions a changed file is bundled into.
        metafile: true,
        mainFields: ['module', 'main'],
        // The nodejs24.x runtime ships the AWS SDK v3 (and its @smithy packages, which CDK's own
        // default also leaves out): leaving them out keeps bundles small and synth fast, and cold
        // starts measured about equal either way (~75 ms to create a client).
        externalModules: ['@aws-sdk/*', '@smithy/*'],
        // CommonJS dependencies bundled into ESM (aws-xray-sdk-core under Powertools Tracer) call
        // require() on Node built-ins, which an ESM bundle lacks: "Dynamic require of ... is not supported".
        banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
    });

    // xray:PutTraceSegments and xray:PutTelemetryRecords, added by `tracing`, only take Resource "*".
    acknowledge(
      this.role.node.findChild('DefaultPolicy'),
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray PutTraceSegments and PutTelemetryRecords do not support resource-level permissions (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html).',
    );

    if (props.invokedAsynchronously ?? true) {
      this.onFailure = new DeadLetterQueue(this, 'OnFailure', {
        purpose: `failed asynchronous invocations of function ${props.name}`,
        ...(props.alarmTopic ? { alarmTopic: props.alarmTopic } : {}),
      });
      acknowledge(
        this.onFailure.queue,
        'AwsSolutions-SQS3',
        "This queue is the function's on-failure destination, a dead-letter queue itself; cdk-nag only recognizes DLQs named in a RedrivePolicy or a DeadLetterConfig.",
      );
      this.function.configureAsyncInvoke({
        retryAttempts: props.asyncRetryAttempts ?? 2,
        maxEventAge: props.asyncMaxEventAge ?? Duration.hours(6),
        onFailure: new SqsDestination(this.onFailure.queue),
      });
    } else {
      this.onFailure = undefined;
    }

    this.errorAlarm = alarmOnAny(this, 'ErrorAlarm', this.function.metricErrors({ period: Duration.minutes(1), statistic: cloudwatch.Stats.SUM }), {
      description: `Function ${props.name} failed: see its logs and traces.`,
      ...(props.alarmTopic ? { topic: props.alarmTopic } : {}),
    });
  }

  get grantPrincipal(): iam.IPrincipal {
    return this.role;
  }

  /**
   * Tells the function where a resource it was just granted is: sets `variable` (a name from
   * `ENV`, the one the function reads; see shared/runtime/environment.ts) to `value`. Grants call it, the way `grantPublish` sets
   * `EVENT_BUS_NAME`, so a function never holds a permission without the variable or the reverse.
   * Binding the same variable again to the same value (a second grant on one table) is a no-op.
   *
   * @throws ConstructUsageError when `variable` is already bound to another value.
   */
  bindEnvironment(variable: EnvironmentVariable, value: string): void {
    const bound = this.#bound.get(variable);
    if (bound !== undefined && bound !== value) {
      throw new ConstructUsageError(`${this.node.path}: ${variable} is already bound to another resource: one variable names one resource`);
    }
    this.#bound.set(variable, value);
    this.function.addEnvironment(variable, value);
  }

  /**
   * Acknowledges one cdk-nag finding on this function's inline policy (the narrowest construct it is
   * about), e.g. a wildcard that a grant scoped to an S3 prefix produces. Call it after the grant.
   *
   * @throws ConstructUsageError when the role has no inline policy yet.
   */
  acknowledgePolicyFinding(id: string, reason: string): void {
    const policy = this.role.node.tryFindChild('DefaultPolicy');
    if (!policy) throw new ConstructUsageError(`${this.node.path}: acknowledge ${id} after the grant that causes it: the role has no policy yet`);
    acknowledge(policy, id, reason);
  }
}
