import * as eventschemas from 'aws-cdk-lib/aws-eventschemas';
import { Construct } from 'constructs';
import { toJsonSchema, type EventDefinition } from '../../shared/events/index.ts';

export interface EventCatalogRegistryProps {
  /** The event types to register. */
  readonly definitions: readonly EventDefinition[];
  /**
   * @default 'eventful'
   */
  readonly registryName?: string;
}

/**
 * An EventBridge Schema Registry holding one JSON Schema (draft 4) per catalog event, generated from
 * the same zod definition the code validates with, so the registry cannot drift from the code.
 * Schema names are `<source>@<detail-type>`, as EventBridge names discovered schemas.
 */
export class EventCatalogRegistry extends Construct {
  readonly registry: eventschemas.CfnRegistry;
  readonly schemas: eventschemas.CfnSchema[];

  constructor(scope: Construct, id: string, props: EventCatalogRegistryProps) {
    super(scope, id);
    const registryName = props.registryName ?? 'eventful';
    this.registry = new eventschemas.CfnRegistry(this, 'Registry', {
      registryName,
      description: 'The eventful event catalog, generated from shared/events',
    });
    this.schemas = props.definitions.map((definition) => {
      const schema = new eventschemas.CfnSchema(this, definition.detailType, {
        registryName,
        schemaName: `${definition.source}@${definition.detailType}`,
        type: 'JSONSchemaDraft4',
        description: definition.description,
        content: JSON.stringify(toJsonSchema(definition)),
      });
      schema.node.addDependency(this.registry);
      return schema;
    });
  }
}
