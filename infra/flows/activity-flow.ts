import { Duration, RemovalPolicy, TimeZone } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { PROMOTIONS_TABLE_KEY, STATS_BY_DAY_INDEX, STATS_BY_DAY_INDEX_KEY, STATS_TABLE_KEY } from '../../shared/activity/stats-item.ts';
import { ActivitySummarized, patternFor, ProductTrending } from '../../shared/events/index.ts';
import { acknowledge } from '../acknowledge.ts';
import { DeadLetterQueue } from '../constructs/dead-letter-queue.ts';
import { ConstructUsageError } from '../constructs/errors.ts';
import type { EventfulFunction } from '../constructs/eventful-function.ts';
import type { EventfulHttpApi } from '../constructs/eventful-http-api.ts';
import type { EventfulPlatform } from '../constructs/eventful-platform.ts';
import { FlowTable } from '../constructs/flow-table.ts';
import { InvokeFunction } from '../constructs/invoke-function.ts';
import { ENV } from '../../shared/runtime/environment.ts';

/** The tumbling window when none is given: product views per minute. */
export const DEFAULT_WINDOW_SECONDS = 60;

/** Product views in one window that make a product trending, when none is given. */
export const DEFAULT_TRENDING_THRESHOLD = 50;

/**
 * Lambda's limit on `TumblingWindowInSeconds`.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html
 */
export const MAX_WINDOW_SECONDS = 900;

/*
 * A failing batch is retried three times, bisected, then given up: its description goes to the
 * on-failure queue. A record still unprocessed after an hour goes there too: stats that late are
 * stale anyway, and the stream must move on for every other user. The description names shard and
 * sequence numbers only, so the stream's 24 hours of retention leave an operator 23 hours to read
 * the records themselves. https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html
 */
const AGGREGATE_RETRY_ATTEMPTS = 3;
const AGGREGATE_MAX_RECORD_AGE = Duration.hours(1);
const AGGREGATE_BATCH_SIZE = 100;

/*
 * The stream keeps records 24 hours, Kinesis's minimum and the retention its base price includes;
 * longer (extended) retention is billed per shard-hour, at more than the shard itself costs
 * ($0.020 against $0.015 in us-east-1). Raw activity only feeds the stats: once counted, nothing
 * needs it.
 * https://aws.amazon.com/kinesis/data-streams/pricing/
 */
const STREAM_RETENTION = Duration.hours(24);

/*
 * The summary runs at 00:05 UTC and summarizes the UTC day before: five minutes after midnight, the
 * last window of the day (ending at midnight) has closed and been written.
 */
const SUMMARY_SCHEDULE = scheduler.ScheduleExpression.cron({ minute: '5', hour: '0', timeZone: TimeZone.ETC_UTC });

/*
 * API functions answer a waiting client. The ingest makes one PutRecords call of up to 500 records
 * and retries the throttled ones with backoff: 10 s; stats are one Query: 5 s. Both stay far below
 * API Gateway's 30-second integration limit. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
 */
const INGEST_TIMEOUT = Duration.seconds(10);
const STATS_TIMEOUT = Duration.seconds(5);

/*
 * The final invocation of a window writes one stats item per product seen in it (and may publish
 * ProductTrending events); the summary queries a whole day of windows. A minute covers both with
 * SDK retries.
 */
const BATCH_WORK_TIMEOUT = Duration.seconds(60);

export interface ActivityFlowProps {
  readonly platform: EventfulPlatform;
  /** Where the flow adds `POST /activity` and `GET /products/{sku}/stats`. */
  readonly api: EventfulHttpApi;
  /**
   * The tumbling window of the aggregation, in seconds (1 to 900).
   * @default 60
   */
  readonly windowSeconds?: number;
  /**
   * Product views in one window that make the product trending (`TRENDING_THRESHOLD`).
   * @default 50
   */
  readonly trendingThreshold?: number;
  /**
   * Shards of the activity stream. Lambda aggregates tumbling windows per shard, so with more than
   * one, each shard's final invocation adds its part of a window to the stats item (the aggregator
   * merges parts idempotently, by shard).
   * @default 1 (1,000 records or 1 MB per second in)
   */
  readonly shardCount?: number;
  /**
   * How far behind the aggregator may read (the stream's `GetRecords.IteratorAgeMilliseconds`,
   * maximum over a minute, three minutes in a row) before the alarm.
   * @default Duration.minutes(5) (five one-minute windows late, well before records reach the one-hour maximum record age)
   */
  readonly iteratorAgeAlarmThreshold?: Duration;
}

/**
 * The activity flow of issue 5: user activity on a Kinesis stream, counted per product in tumbling
 * windows, with trending detection and a daily summary.
 *
 * - `POST /activity` (ingest-activity) writes 1 to 500 activity records to the stream, partitioned
 *   by user id;
 * - aggregate-activity reads the stream in tumbling windows (`windowSeconds`), carrying the counts
 *   in the window state, and writes each closed window to the ActivityStats table; a product whose
 *   views in a window reach `trendingThreshold` is published as `ProductTrending`, once;
 * - `GET /products/{sku}/stats` (get-product-stats) serves a product's closed windows;
 * - `ProductTrending` → promote-trending-product records a promotion (Promotions table);
 * - every day at 00:05 UTC, summarize-activity rolls the day before up into `ActivitySummarized`.
 *
 * The stream is provisioned rather than on-demand: an on-demand stream costs a fixed hourly price
 * about 2.7 times a shard's whatever the traffic ($0.04 against $0.015 in us-east-1), and starts
 * with the capacity of four shards, splitting every window's counts into four parts to merge (see
 * `shardCount`). One shard takes 1,000 records per second, far more than this demo's storefront
 * sends, and keeps each window's counts whole in one invocation; resharding is a deliberate change.
 * https://aws.amazon.com/kinesis/data-streams/pricing/
 */
export class ActivityFlow extends Construct {
  readonly stream: kinesis.Stream;
  /** Closed windows per product (`STATS_TABLE`): PK `sku`, SK `windowStart`, index `by-day`. */
  readonly stats: FlowTable;
  /** Promotions of trending products (`PROMOTIONS_TABLE`): PK `sku`, SK `windowStart`. */
  readonly promotions: FlowTable;
  /** Where the aggregator's failed stream batches are described (they stay in the stream 24 hours). */
  readonly aggregateFailures: DeadLetterQueue;
  /** The aggregator reads more than `iteratorAgeAlarmThreshold` behind. */
  readonly iteratorAgeAlarm: cloudwatch.Alarm;
  readonly summarySchedule: scheduler.Schedule;
  /** Where the summary schedule's undeliverable invocations go. */
  readonly summaryScheduleFailures: DeadLetterQueue;
  readonly windowSeconds: number;
  readonly trendingThreshold: number;
  readonly functions: {
    readonly ingestActivity: EventfulFunction;
    readonly aggregateActivity: EventfulFunction;
    readonly getProductStats: EventfulFunction;
    readonly promoteTrendingProduct: EventfulFunction;
    readonly summarizeActivity: EventfulFunction;
  };

  constructor(scope: Construct, id: string, props: ActivityFlowProps) {
    super(scope, id);
    const { platform, api } = props;
    const alarmTopic = platform.alarmTopic;
    this.windowSeconds = this.#integerIn('windowSeconds', props.windowSeconds ?? DEFAULT_WINDOW_SECONDS, 1, MAX_WINDOW_SECONDS);
    this.trendingThreshold = this.#integerIn('trendingThreshold', props.trendingThreshold ?? DEFAULT_TRENDING_THRESHOLD, 1, Number.MAX_SAFE_INTEGER);
    const shardCount = this.#integerIn('shardCount', props.shardCount ?? 1, 1, Number.MAX_SAFE_INTEGER);

    this.stream = new kinesis.Stream(this, 'Stream', {
      streamMode: kinesis.StreamMode.PROVISIONED,
      shardCount,
      retentionPeriod: STREAM_RETENTION,
      // The AWS managed key (aws/kinesis): no key policy to keep, no per-request KMS charge to
      // producers and consumers, which a customer managed key would add (cdk-nag AwsSolutions-KDS3).
      encryption: kinesis.StreamEncryption.MANAGED,
      // A day of raw activity in flight; the stats are kept in the stats table.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.stats = new FlowTable(this, 'ActivityStats', {
      environmentVariable: ENV.statsTable,
      partitionKey: { name: STATS_TABLE_KEY.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: STATS_TABLE_KEY.sortKey, type: dynamodb.AttributeType.STRING },
      globalSecondaryIndexes: [
        {
          indexName: STATS_BY_DAY_INDEX,
          partitionKey: { name: STATS_BY_DAY_INDEX_KEY.partitionKey, type: dynamodb.AttributeType.STRING },
          sortKey: { name: STATS_BY_DAY_INDEX_KEY.sortKey, type: dynamodb.AttributeType.STRING },
          projectionType: dynamodb.ProjectionType.ALL,
        },
      ],
      // Counted from activity the stream keeps only STREAM_RETENTION: once that has passed, no other
      // store holds what the counts were made of.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.promotions = new FlowTable(this, 'Promotions', {
      environmentVariable: ENV.promotionsTable,
      partitionKey: { name: PROMOTIONS_TABLE_KEY.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: PROMOTIONS_TABLE_KEY.sortKey, type: dynamodb.AttributeType.STRING },
      // ProductTrending could be replayed from the archive, but the archive keeps events 30 days:
      // older promotions exist nowhere else.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // POST /activity
    const ingestActivity = platform.createFunction(this, 'IngestActivity', {
      name: 'ingest-activity',
      description: 'POST /activity: validates 1 to 500 activity events and writes them to the activity stream, partitioned by user',
      invokedAsynchronously: false,
      timeout: INGEST_TIMEOUT,
    });
    this.grantWriteActivity(ingestActivity);
    api.addRoute(HttpMethod.POST, '/activity', ingestActivity, {
      withoutAuthorizerBecause:
        'Storefront tracking route, public by design in this demo: anonymous visitors send activity; the body is validated (1 to 500 events) and the stage is throttled. A production deployment adds a WAF rate rule and signed beacons or a JWT authorizer.',
    });

    // The stream → tumbling windows → aggregate-activity
    const aggregateActivity = platform.createFunction(this, 'AggregateActivity', {
      name: 'aggregate-activity',
      description: 'Counts activity per product in tumbling windows, writes each closed window and publishes ProductTrending once per crossing',
      invokedAsynchronously: false,
      timeout: BATCH_WORK_TIMEOUT,
      environment: { [ENV.trendingThreshold]: String(this.trendingThreshold) },
    });
    platform.grantPublish(aggregateActivity, [ProductTrending], { claimChecks: true });
    // Merges each window part into its item (conditional Put, then Update; a consistent Get to
    // resolve a race) and marks trending published, on the base table. Never deletes, never the index.
    this.stats.grant(aggregateActivity, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    this.aggregateFailures = new DeadLetterQueue(this, 'AggregateFailures', { purpose: 'the activity aggregator (activity stream batches)', alarmTopic });
    acknowledge(
      this.aggregateFailures.queue,
      'AwsSolutions-SQS3',
      "This queue is the aggregator's event source mapping on-failure destination, a dead-letter queue itself; cdk-nag only recognizes DLQs named in a RedrivePolicy or a DeadLetterConfig.",
    );
    aggregateActivity.function.addEventSource(
      new KinesisEventSource(this.stream, {
        // From the oldest record kept: activity sent before the mapping existed is counted too.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        tumblingWindow: Duration.seconds(this.windowSeconds),
        batchSize: AGGREGATE_BATCH_SIZE,
        bisectBatchOnError: true,
        retryAttempts: AGGREGATE_RETRY_ATTEMPTS,
        maxRecordAge: AGGREGATE_MAX_RECORD_AGE,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.aggregateFailures.queue),
        // One batch per shard at a time: each user's records (one partition key, one shard) are
        // processed in order, and a window's state is carried by one chain of invocations.
        parallelizationFactor: 1,
      }),
    );
    this.iteratorAgeAlarm = this.stream
      .metricGetRecordsIteratorAgeMilliseconds({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM })
      .createAlarm(this, 'IteratorAgeAlarm', {
        alarmDescription:
          'The activity aggregator reads the activity stream minutes behind: stats and trending are late, and records older than an hour go to its on-failure queue. See aggregate-activity errors and duration.',
        threshold: (props.iteratorAgeAlarmThreshold ?? Duration.minutes(5)).toMilliseconds(),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        // No reads means no records to be late on.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    this.iteratorAgeAlarm.addAlarmAction(new cwActions.SnsAction(alarmTopic));

    // GET /products/{sku}/stats
    const getProductStats = platform.createFunction(this, 'GetProductStats', {
      name: 'get-product-stats',
      description: "GET /products/{sku}/stats: serves a product's closed activity windows, newest first",
      invokedAsynchronously: false,
      timeout: STATS_TIMEOUT,
    });
    // One Query by sku on the base table. The table's own grants would add `<table>/index/*`.
    this.stats.grant(getProductStats, ['dynamodb:Query']);
    api.addRoute(HttpMethod.GET, '/products/{sku}/stats', getProductStats, {
      withoutAuthorizerBecause:
        'Storefront route, public by design in this demo: per-product activity counts are not personal data (no user ids are served) and the stage is throttled. A production deployment adds a WAF rate rule.',
    });

    // ProductTrending → promote-trending-product
    const promoteTrendingProduct = platform.createFunction(this, 'PromoteTrendingProduct', {
      name: 'promote-trending-product',
      description: 'Records a promotion for a trending product, once per product and window',
    });
    // A put conditional on the key being new: a repeated ProductTrending creates nothing.
    this.promotions.grant(promoteTrendingProduct, ['dynamodb:PutItem']);
    // Its handler is idempotent() on the event's idempotency key, and ProductTrending may arrive as a
    // claim check (aggregate-activity publishes with claim checks).
    platform.grantIdempotency(promoteTrendingProduct);
    platform.grantReadClaimChecks(promoteTrendingProduct);
    platform.backbone.subscribeFunction('PromoteTrending', {
      pattern: patternFor(ProductTrending),
      function: promoteTrendingProduct,
      description: 'Every trending product to the promotion hook',
    });

    // Every day at 00:05 UTC: summarize-activity
    const summarizeActivity = platform.createFunction(this, 'SummarizeActivity', {
      name: 'summarize-activity',
      description: 'Rolls the stats windows of the UTC day before up into ActivitySummarized',
      timeout: BATCH_WORK_TIMEOUT,
    });
    // Queries the by-day index only. The table's own grants would add `<table>/index/*`.
    this.stats.grant(summarizeActivity, ['dynamodb:Query'], { index: STATS_BY_DAY_INDEX });
    // A summary of many products may exceed the bus's entry size: its data then travels through S3.
    platform.grantPublish(summarizeActivity, [ActivitySummarized], { claimChecks: true });
    this.summaryScheduleFailures = new DeadLetterQueue(this, 'SummaryScheduleFailures', { purpose: 'the daily activity summary schedule', alarmTopic });
    acknowledge(
      this.summaryScheduleFailures.queue,
      'AwsSolutions-SQS3',
      "This queue is the summary schedule's dead-letter queue; cdk-nag only recognizes DLQs named in a RedrivePolicy or a DeadLetterConfig.",
    );
    this.summarySchedule = new scheduler.Schedule(this, 'SummarizeActivitySchedule', {
      description: 'Summarizes the activity of the UTC day before, at 00:05 UTC',
      schedule: SUMMARY_SCHEDULE,
      target: new InvokeFunction(summarizeActivity.function, {
        input: scheduler.ScheduleTargetInput.fromObject({ scheduledTime: scheduler.ContextAttribute.scheduledTime }),
        // As the bus's rules: a delivery that keeps failing lands in the alarmed DLQ the same
        // working day, where an operator redrives it (the function summarizes the day before the
        // scheduledTime it is given, so a late run still summarizes the right day).
        retryAttempts: 5,
        maxEventAge: Duration.hours(2),
        deadLetterQueue: this.summaryScheduleFailures.queue,
      }),
    });

    this.functions = { ingestActivity, aggregateActivity, getProductStats, promoteTrendingProduct, summarizeActivity };
  }

  /** Lets `fn` put records on the activity stream, and sets `ACTIVITY_STREAM_NAME` on it. */
  grantWriteActivity(fn: EventfulFunction): iam.Grant {
    fn.bindEnvironment(ENV.activityStreamName, this.stream.streamName);
    return this.stream.grantWrite(fn);
  }

  #integerIn(prop: string, value: number, min: number, max: number): number {
    if (!Number.isInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `a positive integer` : `an integer from ${min} to ${max}`;
      throw new ConstructUsageError(`${this.node.path}: ${prop} must be ${range}, got ${value}`);
    }
    return value;
  }
}
