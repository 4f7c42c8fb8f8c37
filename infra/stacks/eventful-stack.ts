import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { catalog } from '../../shared/events/index.ts';
import { CLAIM_CHECK_PREFIX } from '../../shared/publishing/claim-check-store.ts';
import { acknowledge } from '../acknowledge.ts';
import { EventBackbone } from '../constructs/event-backbone.ts';
import { EventCatalogRegistry } from '../constructs/event-catalog-registry.ts';

export interface EventfulStackProps extends StackProps {
  /**
   * How long the archive keeps events; claim checks are kept 7 days longer so replays find them.
   * @default Duration.days(30)
   */
  readonly archiveRetention?: Duration;
}

/**
 * The whole eventful system. Today: the platform every flow plugs into (the backbone, the schema
 * registry, the claim-check bucket, the idempotency table). Flows are added as constructs that
 * take `this` and call {@link EventfulStack.connect} on their functions.
 */
export class EventfulStack extends Stack {
  readonly backbone: EventBackbone;
  readonly registry: EventCatalogRegistry;
  readonly claimCheckBucket: s3.Bucket;
  readonly idempotencyTable: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props: EventfulStackProps = {}) {
    super(scope, id, props);
    const archiveRetention = props.archiveRetention ?? Duration.days(30);

    this.backbone = new EventBackbone(this, 'Backbone', { archiveRetention });
    this.registry = new EventCatalogRegistry(this, 'Catalog', { definitions: catalog });

    this.claimCheckBucket = new s3.Bucket(this, 'ClaimChecks', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-claim-checks', prefix: CLAIM_CHECK_PREFIX, expiration: archiveRetention.plus(Duration.days(7)) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.claimCheckBucket,
      'AwsSolutions-S1',
      'Claim-check payloads are written and read only by this app\'s functions, whose every access is in CloudTrail data events when enabled; server access logs would add a second bucket for no reader.',
    );

    // Powertools idempotency's default layout: partition key `id`, TTL attribute `expiration`.
    this.idempotencyTable = new dynamodb.TableV2(this, 'Idempotency', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      timeToLiveAttribute: 'expiration',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  /**
   * Wires a function to the platform: where to publish (EVENT_BUS_NAME, with put rights), where
   * claim checks live (CLAIM_CHECK_BUCKET, read/write) and the idempotency table (IDEMPOTENCY_TABLE, read/write).
   */
  connect(fn: lambda.Function): void {
    fn.addEnvironment('EVENT_BUS_NAME', this.backbone.bus.eventBusName);
    fn.addEnvironment('CLAIM_CHECK_BUCKET', this.claimCheckBucket.bucketName);
    fn.addEnvironment('IDEMPOTENCY_TABLE', this.idempotencyTable.tableName);
    this.backbone.grantPutEvents(fn);
    this.idempotencyTable.grantReadWriteData(fn);
    // Only the two object calls claim checks need, only under their prefix: bucket.grantReadWrite
    // would add List*, GetBucket*, DeleteObject* and Abort* for nothing.
    const claimChecks = this.claimCheckBucket.arnForObjects(`${CLAIM_CHECK_PREFIX}*`);
    iam.Grant.addToPrincipal({ grantee: fn, actions: ['s3:GetObject', 's3:PutObject'], resourceArns: [claimChecks] });
    const bucketLogicalId = this.getLogicalId(this.claimCheckBucket.node.defaultChild as s3.CfnBucket);
    acknowledge(
      fn.role?.node.tryFindChild('DefaultPolicy') ?? fn,
      `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/${CLAIM_CHECK_PREFIX}*]`,
      'Claim-check objects are keyed by event id, unknown until publish time; access is limited to GetObject/PutObject under the claim-checks/ prefix.',
    );
  }
}
