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
 * An EventBridge Schema Registry holding one JSON Schema (draft 4) per catalog event and version,
 * generated from the same zod definition the code validates with, so the registry cannot drift from
 * the code. The current version is named `<source>@<detail-type>`, as EventBridge names the schemas it
 * discovers; each earlier version still read (events are kept forever) is `<source>@<detail-type>@v<n>`.
 * Code bindings can be downloaded from the console for any language.
 */
export class EventCatalogRegistry extends Construct {
  readonly registry: eventschemas.CfnRegistry;
  /** By schema name (`<source>@<detail-type>` for current versions, `…@v<n>` for earlier ones). */
  readonly schemas: ReadonlyMap<string, eventschemas.CfnSchema>;

  constructor(scope: Construct, id: string, props: EventCatalogRegistryProps) {
    super(scope, id);
    this.registry = new eventschemas.CfnRegistry(this, 'Registry', {
      registryName: props.registryName ?? 'eventful',
      description: 'The eventful event catalog, generated from shared/events',
    });
    this.schemas = new Map(
      props.definitions.flatMap((definition) =>
        [...definition.previousVersions.map((p) => p.version), definition.version].map((version) => {
          const current = version === definition.version;
          const schemaName = registrySchemaName(definition, version);
          const schema = new eventschemas.CfnSchema(this, current ? definition.detailType : `${definition.detailType}V${version}`, {
            // The attribute, not the plain name, so CloudFormation creates the registry first.
            registryName: this.registry.attrRegistryName,
            schemaName,
            type: 'JSONSchemaDraft4',
            description: current ? definition.description : `${definition.description} (version ${version}: still read, upcast to ${version + 1})`,
            content: JSON.stringify(toJsonSchema(definition, version)),
          });
          return [schemaName, schema] as const;
        }),
      ),
    );
  }
}

/** The registry's name for `version` of `definition`. */
export function registrySchemaName(definition: EventDefinition, version = definition.version): string {
  const name = `${definition.source}@${definition.detailType}`;
  return version === definition.version ? name : `${name}@v${version}`;
}
