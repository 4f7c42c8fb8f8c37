import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ProductImported } from '../../shared/events/index.ts';
import { REPORTS_PREFIX } from '../../shared/imports/reports-prefix.ts';
import { acknowledge } from '../acknowledge.ts';
import { DeadLetterQueue } from '../constructs/dead-letter-queue.ts';
import type { EventfulFunction } from '../constructs/eventful-function.ts';
import type { EventfulPlatform } from '../constructs/eventful-platform.ts';
import type { ProductCatalog } from '../constructs/product-catalog.ts';
import type { SecureQueue } from '../constructs/secure-queue.ts';
import { alarmOnAny } from '../constructs/alarm-on-any.ts';

/*
 * A file of 100k rows imports in about a minute; the rest of Lambda's 15-minute maximum is margin
 * for throttling, and the function stops early with a report naming the line to split at when a
 * file is too large. https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html
 */
const IMPORT_TIMEOUT = Duration.minutes(15);

/*
 * Memory buys CPU: parsing and validating rows is CPU-bound, and what one file holds in memory is
 * bounded by the chunk size, not by the file. https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
 */
const IMPORT_MEMORY_MB = 1024;

/*
 * Six times the function timeout, as AWS recommends for a queue feeding Lambda: a message whose
 * import is still running is not handed to a second invocation.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
 */
const IMPORT_VISIBILITY_TIMEOUT = Duration.minutes(IMPORT_TIMEOUT.toMinutes() * 6);

/*
 * Two imports at once (the lowest maximum concurrency an SQS mapping takes): each already writes
 * and publishes with eight calls in flight, and imports are rare, bulk work that must not eat the
 * account's PutEvents quota shared with the live flows.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
 */
const IMPORT_MAX_CONCURRENCY = 2;

export interface ProductImportsProps {
  readonly platform: EventfulPlatform;
  /** The product catalog (`PRODUCTS_TABLE`) imported rows create or update. */
  readonly catalog: ProductCatalog;
  /**
   * How long import reports (under `reports/`) are kept.
   * @default Duration.days(90)
   */
  readonly reportRetention?: Duration;
}

/**
 * Product imports of issue 5 (splitter, claim check): a CSV put into the imports bucket becomes
 * products in the catalog, `ProductImported` events, and a report next to it.
 *
 * bucket (EventBridge notifications on) → S3 "Object Created" on the account's default bus → a rule
 * matching this bucket and keys ending in `.csv` → an SQS queue → import-products, one file per
 * invocation, which streams the file, writes the rows to Products in batches, publishes them as
 * events, and writes `reports/<key>.report.json`.
 *
 * The queue between the rule and the function turns a failed import into a retry of that file
 * (then its alarmed DLQ) instead of an asynchronous invocation's two retries, and lets imports run
 * at a bounded concurrency.
 */
export class ProductImports extends Construct {
  /** Where CSV files are dropped; its generated name contains `imports`. */
  readonly bucket: s3.Bucket;
  readonly queue: SecureQueue;
  /** Object Created (key suffix `.csv`, any case) of this bucket, on the default bus. */
  readonly rule: events.Rule;
  /** Object events the rule could not deliver to the queue after its retries. */
  readonly ruleDeadLetterQueue: DeadLetterQueue;
  /** `FailedInvocations > 0` for the rule in a minute. */
  readonly failedInvocationsAlarm: cloudwatch.Alarm;
  readonly importProducts: EventfulFunction;

  constructor(scope: Construct, id: string, props: ProductImportsProps) {
    super(scope, id);
    const { platform, catalog } = props;
    const alarmTopic = platform.alarmTopic;

    // No explicit name: CloudFormation (and the local runtime) generate `<stack>-<logical id>-<suffix>`,
    // lowercased, and this construct's id puts `imports` in the logical id. An explicit name would
    // make the stack deployable once per account and region.
    this.bucket = new s3.Bucket(this, 'Imports', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: platform.accessLogsBucket,
      serverAccessLogsPrefix: 'imports/',
      lifecycleRules: [
        { id: 'expire-reports', prefix: REPORTS_PREFIX, expiration: props.reportRetention ?? Duration.days(90) },
        // Large files arrive as multipart uploads; abandoned parts are billed until aborted.
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      // Uploaded files and their reports are the record of what was imported.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // S3 sends every object event of the bucket to the account's default bus, where the rule below
    // picks the CSV files. Set on the bucket itself, as CloudFormation supports, rather than with
    // `eventBridgeEnabled: true`: CDK applies that through a custom resource, a Lambda function
    // whose role carries the AWSLambdaBasicExecutionRole managed policy (cdk-nag AwsSolutions-IAM4)
    // and which rewrites the bucket's notifications at deploy time. Both run the same way locally.
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-eventbridgeconfiguration.html
    (this.bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };

    this.queue = platform.createQueue(this, 'ImportQueue', { visibilityTimeout: IMPORT_VISIBILITY_TIMEOUT });
    this.importProducts = platform.createFunction(this, 'ImportProducts', {
      name: 'import-products',
      description: 'Imports a product CSV dropped in the imports bucket: rows to Products and ProductImported events, a report under reports/',
      invokedAsynchronously: false,
      timeout: IMPORT_TIMEOUT,
      memorySize: IMPORT_MEMORY_MB,
    });
    this.importProducts.function.addEventSource(
      new SqsEventSource(this.queue.queue, {
        // One file per invocation: a file takes minutes, and a failure retries that file only.
        batchSize: 1,
        reportBatchItemFailures: true,
        maxConcurrency: IMPORT_MAX_CONCURRENCY,
      }),
    );
    this.#grantImport(this.importProducts, catalog);
    // One ProductImported per row; an event larger than the bus takes travels through S3.
    platform.grantPublish(this.importProducts, [ProductImported], { claimChecks: true });

    this.ruleDeadLetterQueue = new DeadLetterQueue(this, 'RuleDeadLetter', { purpose: 'rule ImportsObjectCreated (default bus)', alarmTopic });
    acknowledge(
      this.ruleDeadLetterQueue.queue,
      'AwsSolutions-SQS3',
      "This queue is the dead-letter queue of the imports rule's target; cdk-nag only recognizes DLQs named in a RedrivePolicy or a DeadLetterConfig.",
    );
    // On the default bus, where S3 sends: the backbone's subscriptions are on the custom bus.
    this.rule = new events.Rule(this, 'ObjectCreated', {
      description: 'CSV files created in the imports bucket to the product import queue',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [this.bucket.bucketName] },
          // `.CSV` from a spreadsheet export is a CSV file too. Reports end in `.report.json`.
          object: { key: events.Match.suffixEqualsIgnoreCase('.csv') },
        },
      },
      targets: [
        new targets.SqsQueue(this.queue.queue, {
          deadLetterQueue: this.ruleDeadLetterQueue.queue,
          // As the backbone's rules: retried for two hours, then the alarmed DLQ.
          retryAttempts: 10,
          maxEventAge: Duration.hours(2),
        }),
      ],
    });

    // Rules on the default bus report with the RuleName dimension alone.
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html
    const failedInvocations = new cloudwatch.Metric({
      namespace: 'AWS/Events',
      metricName: 'FailedInvocations',
      dimensionsMap: { RuleName: this.rule.ruleName },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(1),
    });
    this.failedInvocationsAlarm = alarmOnAny(this, 'FailedInvocationsAlarm', failedInvocations, {
      description: 'The imports rule failed to deliver S3 object events to the import queue after retries: they are in its dead-letter queue.',
      topic: alarmTopic,
    });
  }

  /**
   * Exactly what an import does: read any object of the bucket, write its report under `reports/`
   * only (so an import can never overwrite the files it imports), and batch-write products.
   * `grantRead`/`grantPut` would add s3:List*, s3:GetBucket*, s3:Abort* and more for nothing.
   */
  #grantImport(fn: EventfulFunction, catalog: ProductCatalog): void {
    iam.Grant.addToPrincipal({ grantee: fn, actions: ['s3:GetObject'], resourceArns: [this.bucket.arnForObjects('*')] });
    iam.Grant.addToPrincipal({ grantee: fn, actions: ['s3:PutObject'], resourceArns: [this.bucket.arnForObjects(`${REPORTS_PREFIX}*`)] });
    // Rows are written with BatchWriteItem (25 puts a call), never read, updated or deleted one by one.
    catalog.grant(fn, ['dynamodb:BatchWriteItem']);

    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    fn.acknowledgePolicyFinding(
      `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
      'Users choose the keys of the files they drop in the imports bucket: the function reads any object of that bucket only (GetObject, nothing else).',
    );
    fn.acknowledgePolicyFinding(
      `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${REPORTS_PREFIX}*]`,
      'Report keys follow the imported file keys, unknown in advance: the function may PutObject under reports/ only, so it cannot overwrite the files it imports.',
    );
  }
}
