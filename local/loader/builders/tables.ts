import type { KeyElement, TableSpec } from '../../topology/types.ts';
import type { TemplateLocation } from '../errors.ts';
import { DYNAMODB_DEFAULTS } from '../aws-defaults.ts';
import type { ResourceContext, TopologyDraft } from '../resource-context.ts';
import { at, optionalBoolean, optionalList, optionalRecord, optionalString, requiredString } from '../values.ts';

type SecondaryIndex = TableSpec['globalSecondaryIndexes'][number];

/** `AWS::DynamoDB::Table` and `AWS::DynamoDB::GlobalTable` (its replica in the local region). */
export function buildTable(resource: ResourceContext, draft: TopologyDraft): void {
  if (resource.type === 'AWS::DynamoDB::GlobalTable') reportReplicaFeatures(resource, draft.topology.region);
  const { attributes } = resource.identity();
  const viewType = optionalString(resource.record('StreamSpecification')?.['StreamViewType'], resource.locationOf('StreamSpecification', 'StreamViewType'));
  const ttl = resource.record('TimeToLiveSpecification');
  const ttlEnabled = optionalBoolean(ttl?.['Enabled'], resource.locationOf('TimeToLiveSpecification', 'Enabled'));
  const ttlAttribute = optionalString(ttl?.['AttributeName'], resource.locationOf('TimeToLiveSpecification', 'AttributeName'));
  const spec: TableSpec = {
    ...resource.resourceIdentity(),
    keySchema: keySchemaOf(resource.prop('KeySchema'), resource.location('KeySchema')),
    attributeDefinitions: (resource.list('AttributeDefinitions') ?? []).map((item, index) => {
      const location = resource.locationOf('AttributeDefinitions', index);
      const definition = optionalRecord(item, location) ?? {};
      return {
        attributeName: requiredString(definition['AttributeName'], at(location, 'AttributeName')),
        attributeType: requiredString(definition['AttributeType'], at(location, 'AttributeType')) as 'S' | 'N' | 'B',
      };
    }),
    globalSecondaryIndexes: indexesOf(resource, 'GlobalSecondaryIndexes'),
    localSecondaryIndexes: indexesOf(resource, 'LocalSecondaryIndexes'),
    billingMode: resource.string('BillingMode') === 'PAY_PER_REQUEST' ? 'PAY_PER_REQUEST' : DYNAMODB_DEFAULTS.billingMode,
    ...(viewType === undefined ? {} : { stream: { viewType: viewType as NonNullable<TableSpec['stream']>['viewType'], arn: String(attributes['StreamArn']) } }),
    ...(ttlEnabled === true && ttlAttribute !== undefined ? { timeToLiveAttribute: ttlAttribute } : {}),
  };
  draft.topology.tables.push(spec);
}

function keySchemaOf(value: unknown, location: TemplateLocation): KeyElement[] {
  return (optionalList(value, location) ?? []).map((item, index) => {
    const element = optionalRecord(item, at(location, index)) ?? {};
    return {
      attributeName: requiredString(element['AttributeName'], at(at(location, index), 'AttributeName')),
      keyType: requiredString(element['KeyType'], at(at(location, index), 'KeyType')) === 'RANGE' ? 'RANGE' : 'HASH',
    };
  });
}

/** Indexes keep their `Projection` in the CreateTable shape (`ProjectionType`, `NonKeyAttributes`); throughput settings have no local effect. */
function indexesOf(resource: ResourceContext, property: string): SecondaryIndex[] {
  return (resource.list(property) ?? []).map((item, index) => {
    const location = resource.locationOf(property, index);
    const definition = optionalRecord(item, location) ?? {};
    return {
      indexName: requiredString(definition['IndexName'], at(location, 'IndexName')),
      keySchema: keySchemaOf(definition['KeySchema'], at(location, 'KeySchema')),
      projection: optionalRecord(definition['Projection'], at(location, 'Projection')) ?? { ProjectionType: 'ALL' },
    };
  });
}

function reportReplicaFeatures(resource: ResourceContext, region: string): void {
  const replicas = resource.list('Replicas') ?? [];
  const local = replicas
    .map((item, index) => optionalRecord(item, resource.locationOf('Replicas', index)) ?? {})
    .find((replica) => replica['Region'] === region);
  if (local === undefined) {
    resource.report(`the global table has no replica in ${region}: it runs locally as if it had one`);
    return;
  }
  if (local['KinesisStreamSpecification'] !== undefined) {
    resource.report('property Replicas[].KinesisStreamSpecification is not emulated: item changes are not copied to the Kinesis data stream locally');
  }
}
