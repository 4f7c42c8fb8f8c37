import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { catalog, type EventDefinition } from '../../shared/events/index.ts';
import { CLAIM_CHECK_PREFIX } from '../../shared/publishing/claim-check-store.ts';
import { ENV } from '../../shared/runtime/environment.ts';
import { EventBackbone } from './event-backbone.ts';
import { ConstructUsageError } from './errors.ts';
import { EventCatalogRegistry } from './event-catalog-registry.ts';
import { EventfulFunction, type EventfulFunctionProps } from './eventful-function.ts';
import { SecureQueue, type SecureQueueProps } from './secure-queue.ts';

/** How a function publishes, beyond which events. */
export interface PublishGrantOptions {
  /**
   * Whether events too large for the bus travel as claim checks: the function gets the bucket
   * (`CLAIM_CHECK_BUCKET`) and may put objects under `claim-checks/` (PutObject only). Without it,
   * the publisher refuses such an event (`EventTooLargeError`).
   * @default false
   */
  readonly claimChecks?: boolean;
}

/**
 * Every call Powertools' `DynamoDBPersistenceLayer` makes: GetItem (a record for the key),
 * PutItem (conditional: claim the key), UpdateItem (save the result), DeleteItem (forget the key when
 * the function throws, so a retry runs it again): the four commands its source sends, and the four
 * its documentation asks for. No Query, Scan or batch call.
 * https://docs.aws.amazon.com/powertools/typescript/latest/features/idempotency/#required-resources
 */
export const IDEMPOTENCY_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'] as const;

export interface EventfulPlatformProps {
  /**
   * The bus name (`EVENT_BUS_NAME`).
   * @default 'eventful'
   */
  readonly busName?: string;
  /**
   * How long the archive keeps events for replay.
   * @default Duration.days(30)
   */
  readonly archiveRetention?: Duration;
  /**
   * How long claim-check payloads are kept. Must outlive the archive, or replayed large events
   * lose their payload (a shorter one is refused).
   * @default `archiveRetention` plus 7 days
   */
  readonly claimCheckRetention?: Duration;
  /**
   * Where every alarm notifies.
   * @default a new encrypted, TLS-only topic owned by the backbone
   */
  readonly alarmTopic?: sns.ITopic;
}

/**
 * What every flow plugs into: the event backbone, the schema registry, the claim-check bucket and
 * the idempotency table. Flows create their functions and queues through it, so each is wired the
 * same way (house defaults, alarms on the platform's topic), and grant each function exactly the
 * part of the platform it uses: publishing given events, reading claim checks, idempotency records.
 * A function gets none of them by default.
 *
 * @example
 * // inside a flow construct:
 * const aggregate = platform.createFunction(this, 'Aggregate', { name: 'aggregate-activity', description: 'Counts activity' });
 * platform.grantPublish(aggregate, [ProductTrending], { claimChecks: true });
 * const work = platform.createQueue(this, 'ReserveStock');
 * platform.backbone.subscribeQueue('ReserveStock', { pattern: patternFor(OrderPlaced), queue: work, description: '…' });
 */
export class EventfulPlatform extends Construct {
  readonly backbone: EventBackbone;
  readonly registry: EventCatalogRegistry;
  /** Payloads too large for the bus, under `claim-checks/` (`CLAIM_CHECK_BUCKET`). */
  readonly claimCheckBucket: s3.Bucket;
  /** Server access logs of the claim-check bucket. */
  readonly accessLogsBucket: s3.Bucket;
  /** Powertools idempotency records (`IDEMPOTENCY_TABLE`). */
  readonly idempotencyTable: dynamodb.TableV2;
  /** Functions whose policy already acknowledges the claim-check prefix (once per policy). */
  readonly #acknowledgedClaimChecks = new WeakSet<EventfulFunction>();

  constructor(scope: Construct, id: string, props: EventfulPlatformProps = {}) {
    super(scope, id);
    const archiveRetention = props.archiveRetention ?? Duration.days(30);
    const claimCheckRetention = props.claimCheckRetention ?? archiveRetention.plus(Duration.days(7));
    if (claimCheckRetention.toDays() < archiveRetention.toDays()) {
      throw new ConstructUsageError(
        `${this.node.path}: claim checks kept ${claimCheckRetention.toDays()} days but archived events ${archiveRetention.toDays()} days: replays would lose their payloads`,
      );
    }

    this.backbone = new EventBackbone(this, 'Backbone', {
      archiveRetention,
      ...(props.busName ? { busName: props.busName } : {}),
      ...(props.alarmTopic ? { alarmTopic: props.alarmTopic } : {}),
    });
    this.registry = new EventCatalogRegistry(this, 'Catalog', { definitions: catalog });

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      // Server access log delivery supports SSE-S3 only, not SSE-KMS.
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.claimCheckBucket = new s3.Bucket(this, 'ClaimChecks', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'claim-checks/',
      lifecycleRules: [
        {
          id: 'expire-claim-checks',
          prefix: CLAIM_CHECK_PREFIX,
          expiration: claimCheckRetention,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      // Archived events point at these objects: deleting the stack must not break replays.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // The layout Powertools idempotency expects by default: partition key `id`, TTL attribute `expiration`.
    // https://docs.aws.amazon.com/powertools/typescript/latest/features/idempotency/#required-resources
    this.idempotencyTable = new dynamodb.TableV2(this, 'Idempotency', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      timeToLiveAttribute: 'expiration',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      // Records expire within hours: nothing worth keeping once the stack is gone.
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  /** Where every alarm notifies. */
  get alarmTopic(): sns.ITopic {
    return this.backbone.alarmTopic;
  }

  /**
   * A function in `scope` (usually the flow construct) with the house defaults and its alarms on the
   * platform's topic. It may use nothing of the platform until granted: {@link grantPublish},
   * {@link grantReadClaimChecks}, {@link grantIdempotency}.
   */
  createFunction(scope: Construct, id: string, props: Omit<EventfulFunctionProps, 'alarmTopic'>): EventfulFunction {
    return new EventfulFunction(scope, id, { ...props, alarmTopic: this.alarmTopic });
  }

  /** A queue in `scope` with the house defaults, its dead-letter alarm on the platform's topic. */
  createQueue(scope: Construct, id: string, props: Omit<SecureQueueProps, 'alarmTopic'> = {}): SecureQueue {
    return new SecureQueue(scope, id, { ...props, alarmTopic: this.alarmTopic });
  }

  /**
   * Lets `fn` publish `definitions` to the bus and tells it where (`EVENT_BUS_NAME`): PutEvents on
   * the bus for those events' sources and detail types only ({@link EventBackbone.grantPutEvents}),
   * and with `claimChecks`, PutObject under `claim-checks/` (`CLAIM_CHECK_BUCKET`).
   */
  grantPublish(fn: EventfulFunction, definitions: readonly EventDefinition[], options: PublishGrantOptions = {}): iam.Grant {
    const grant = this.backbone.grantPutEvents(fn, definitions);
    fn.bindEnvironment(ENV.eventBusName, this.backbone.bus.eventBusName);
    if (!options.claimChecks) return grant;
    fn.bindEnvironment(ENV.claimCheckBucket, this.claimCheckBucket.bucketName);
    return grant.combine(this.#grantClaimChecks(fn, 's3:PutObject'));
  }

  /**
   * Lets `fn` read claim checks (GetObject under `claim-checks/` only), for a consumer of events
   * whose producers publish with `claimChecks`. No variable: the reference in the event names the bucket.
   */
  grantReadClaimChecks(fn: EventfulFunction): iam.Grant {
    return this.#grantClaimChecks(fn, 's3:GetObject');
  }

  /**
   * Lets `fn` keep Powertools idempotency records (the toolkit's `idempotent()`) and tells it where
   * (`IDEMPOTENCY_TABLE`): exactly {@link IDEMPOTENCY_ACTIONS} on the table.
   */
  grantIdempotency(fn: EventfulFunction): iam.Grant {
    fn.bindEnvironment(ENV.idempotencyTable, this.idempotencyTable.tableName);
    return this.idempotencyTable.grant(fn, ...IDEMPOTENCY_ACTIONS);
  }

  /*
   * One object call under the prefix only: grantRead/grantPut would add s3:List*, s3:GetBucket*,
   * s3:Abort* and object-lock calls for nothing. Claim-check keys are per event, so the resource is a
   * prefix wildcard, which cdk-nag flags once per policy.
   */
  #grantClaimChecks(fn: EventfulFunction, action: 's3:GetObject' | 's3:PutObject'): iam.Grant {
    const grant = iam.Grant.addToPrincipal({
      grantee: fn,
      actions: [action],
      resourceArns: [this.claimCheckBucket.arnForObjects(`${CLAIM_CHECK_PREFIX}*`)],
    });
    if (!this.#acknowledgedClaimChecks.has(fn)) {
      this.#acknowledgedClaimChecks.add(fn);
      const bucketId = Stack.of(this).getLogicalId(this.claimCheckBucket.node.defaultChild as s3.CfnBucket);
      fn.acknowledgePolicyFinding(
        `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${CLAIM_CHECK_PREFIX}*]`,
        'Claim-check objects are keyed by event id, unknown until publish time: the grant is one object action (GetObject to read, PutObject to publish) under the claim-checks/ prefix only.',
      );
    }
    return grant;
  }
}
