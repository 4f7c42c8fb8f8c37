import * as eventschemas from 'aws-cdk-lib/aws-eventschemas';
import { Construct } from 'constructs';
import { toJsonSchema, type EventDefinition } from '../../shared/events/index.ts';

export interface EventCatalogRegistryProps {
  /** The event types to register, usually the whole `catalog`. */
  readonly definitions: readonly EventDefinition[];
  /**
   * @default 'eventful'
   */
  readonly registryName?: string;
}

/**
 * An EventBridge Schema Registry holding one JSON Schema (draft 4) per catalog event, generated
 * from the same zod definition the code validates with, so the registry cannot drift from the code.
 * Schemas are named `<source>@<detail-type>`, as EventBridge names the schemas it discovers, and
 * code bindings can be downloaded from the console for any language.
 */
export class EventCatalogRegistry extends Construct {
  readonly registry: eventschemas.CfnRegistry;
  /** By detail-type. */
  readonly schemas: ReadonlyMap<string, eventschemas.CfnSchema>;

  constructor(scope: Construct, id: string, props: EventCatalogRegistryProps) {
    super(scope, id);
    this.registry = new eventschemas.CfnRegistry(this, 'Registry', {
      registryName: props.registryName ?? 'eventful',
      description: 'The eventful event catalog, generated from shared/events',
    });
    this.schemas = new Map(
      props.definitions.map((definition) => [
        definition.detailType,
        new eventschemas.CfnSchema(this, definition.detailType, {
          // The attribute, not the plain name, so CloudFormation creates the registry first.
          registryName: this.registry.attrRegistryName,
          schemaName: `${definition.source}@${definition.detailType}`,
          type: 'JSONSchemaDraft4',
          description: definition.description,
          content: JSON.stringify(toJsonSchema(definition)),
        }),
      ]),
    );
  }
}
