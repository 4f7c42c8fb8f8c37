import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { catalog } from '../../shared/events/index.ts';
import { CLAIM_CHECK_PREFIX } from '../../shared/publishing/claim-check-store.ts';
import { EventBackbone } from './event-backbone.ts';
import { ConstructUsageError } from './errors.ts';
import { EventCatalogRegistry } from './event-catalog-registry.ts';
import { EventfulFunction, type EventfulFunctionProps } from './eventful-function.ts';
import { SecureQueue, type SecureQueueProps } from './secure-queue.ts';

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
 * same way: environment, least-privilege grants and alarms.
 *
 * @example
 * // inside a flow construct:
 * const placeOrder = platform.createFunction(this, 'PlaceOrder', { name: 'place-order', description: 'Places an order' });
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
   * A function in `scope` (usually the flow construct) with the house defaults, its alarms on the
   * platform's topic, {@link connect}ed.
   */
  createFunction(scope: Construct, id: string, props: Omit<EventfulFunctionProps, 'alarmTopic'>): EventfulFunction {
    const fn = new EventfulFunction(scope, id, { ...props, alarmTopic: this.alarmTopic });
    this.connect(fn);
    return fn;
  }

  /** A queue in `scope` with the house defaults, its dead-letter alarm on the platform's topic. */
  createQueue(scope: Construct, id: string, props: Omit<SecureQueueProps, 'alarmTopic'> = {}): SecureQueue {
    return new SecureQueue(scope, id, { ...props, alarmTopic: this.alarmTopic });
  }

  /**
   * Wires a function to the platform: where to publish (`EVENT_BUS_NAME`, with `events:PutEvents`
   * on the bus), where claim checks live (`CLAIM_CHECK_BUCKET`, GetObject and PutObject under
   * `claim-checks/` only) and the idempotency table (`IDEMPOTENCY_TABLE`, read and write).
   */
  connect(fn: EventfulFunction): void {
    fn.function.addEnvironment('EVENT_BUS_NAME', this.backbone.bus.eventBusName);
    fn.function.addEnvironment('CLAIM_CHECK_BUCKET', this.claimCheckBucket.bucketName);
    fn.function.addEnvironment('IDEMPOTENCY_TABLE', this.idempotencyTable.tableName);
    this.backbone.grantPutEvents(fn);
    this.idempotencyTable.grantReadWriteData(fn);
    // Exactly the two object calls a claim check needs, under its prefix only: grantRead/grantPut
    // would add s3:List*, s3:GetBucket*, s3:Abort* and object-lock calls for nothing.
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['s3:GetObject', 's3:PutObject'],
      resourceArns: [this.claimCheckBucket.arnForObjects(`${CLAIM_CHECK_PREFIX}*`)],
    });
    const bucketId = Stack.of(this).getLogicalId(this.claimCheckBucket.node.defaultChild as s3.CfnBucket);
    fn.acknowledgePolicyFinding(
      `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${CLAIM_CHECK_PREFIX}*]`,
      'Claim-check objects are keyed by event id, unknown until publish time: the grant is GetObject/PutObject under the claim-checks/ prefix only.',
    );
  }
}
