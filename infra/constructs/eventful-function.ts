import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { acknowledge } from '../acknowledge.ts';
import { DeadLetterQueue } from './secure-queue.ts';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface EventfulFunctionProps {
  /** The handler's folder under `functions/`: the code is `functions/<name>/handler.ts`, export `handler`. */
  readonly name: string;
  /**
   * The handler file, for code outside `functions/` (test fixtures).
   * @default `functions/<name>/handler.ts`
   */
  readonly entry?: string;
  /** What the function does, shown in the console. */
  readonly description: string;
  /**
   * 10 s suits an event consumer doing a few DynamoDB or EventBridge calls; raise it for batch
   * or file work (and raise the visibility timeout of any queue feeding it to 6× this).
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * 512 MB: Lambda allocates CPU in proportion to memory, and at 512 MB on arm64 cold starts with
   * the SDK v3 and Powertools stay well under a second, for a cost close to 256 MB.
   * @default 512
   */
  readonly memorySize?: number;
  /** Extra environment variables (configuration only: secrets come from Secrets Manager). */
  readonly environment?: Record<string, string>;
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
   * Retries of a failed asynchronous invocation (EventBridge, S3, Scheduler) before it goes to
   * the on-failure destination.
   * @default 2 (the Lambda default, made explicit)
   */
  readonly asyncRetryAttempts?: number;
  /**
   * Reserved concurrency, to protect a downstream dependency.
   * @default unreserved
   */
  readonly reservedConcurrentExecutions?: number;
}

/**
 * A Lambda function with the house defaults, so every function is deployed the same way:
 * - `NodejsFunction` from `functions/<name>/handler.ts`, bundled by esbuild as minified ESM with
 *   source maps (`NODE_OPTIONS=--enable-source-maps` makes stack traces point at the TypeScript);
 * - runtime `nodejs24.x` on arm64 (Graviton: cheaper per GB-second for the same work);
 * - X-Ray active tracing, JSON structured logs to a log group with a retention period;
 * - Powertools configured by environment (service name = function name, namespace `eventful`);
 * - failed asynchronous invocations, after `asyncRetryAttempts`, land in an encrypted on-failure
 *   queue (a {@link DeadLetterQueue}, alarmed), never dropped;
 * - an alarm on any function error.
 */
export class EventfulFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  /** Where failed asynchronous invocations go, with AWS's destination record. */
  readonly onFailure: DeadLetterQueue;
  readonly errorAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: EventfulFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH });

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: props.entry ?? `${projectRoot}functions/${props.name}/handler.ts`,
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: props.timeout ?? Duration.seconds(10),
      memorySize: props.memorySize ?? 512,
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      ...(props.reservedConcurrentExecutions === undefined ? {} : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
      projectRoot,
      depsLockFilePath: `${projectRoot}package-lock.json`,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.name,
        POWERTOOLS_METRICS_NAMESPACE: 'eventful',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        // The nodejs24.x runtime ships the AWS SDK v3: leaving it out keeps bundles small and synth
        // fast; init with either choice measured the same here (~75 ms per client).
        externalModules: ['@aws-sdk/*'],
        // Some CommonJS dependencies call require() on Node built-ins, which ESM bundles lack.
        banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
    });

    this.onFailure = new DeadLetterQueue(this, 'OnFailure', {
      purpose: `failed asynchronous invocations of function ${props.name}`,
      ...(props.alarmTopic ? { alarmTopic: props.alarmTopic } : {}),
    });
    // The target DLQ of a rule only covers failures to deliver to Lambda; errors thrown by the
    // function during an asynchronous invocation are retried by Lambda and then sent here.
    this.function.configureAsyncInvoke({
      retryAttempts: props.asyncRetryAttempts ?? 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(this.onFailure.queue),
    });

    this.errorAlarm = this.function.metricErrors({ period: Duration.minutes(1), statistic: 'Sum' }).createAlarm(this, 'ErrorAlarm', {
      alarmDescription: `Function ${props.name} failed: see its logs.`,
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmTopic) this.errorAlarm.addAlarmAction(new cwActions.SnsAction(props.alarmTopic));

    const role = this.function.role!;
    acknowledge(
      role,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'The AWS managed basic execution role only lets the function write its own logs.',
    );
    acknowledge(
      role.node.tryFindChild('DefaultPolicy') ?? role,
      'AwsSolutions-IAM5[Resource::*]',
      'xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions.',
    );
  }
}
