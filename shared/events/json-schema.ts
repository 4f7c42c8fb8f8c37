import * as z from '../validation/zod.ts';
import type { EventDefinition } from './define-event.ts';
import { EventMetadataSchema } from './metadata.ts';

/** Schema of `detail.data` at `version` of `definition` (the current one or one still read). */
export function dataSchemaAt(definition: EventDefinition, version: number): z.ZodMiniType {
  if (version === definition.version) return definition.data;
  const previous = definition.previousVersions.find((p) => p.version === version);
  if (!previous) throw new RangeError(`${definition.detailType} has no version ${version} (versions 1 to ${definition.version})`);
  return previous.data;
}

/**
 * JSON Schema (draft 4, the dialect EventBridge Schema Registry accepts as `JSONSchemaDraft4`)
 * of the whole EventBridge event of `definition` at `version` (default: the current one), so code
 * bindings generated from the registry see `source`, `detail-type` and `detail` as delivered.
 */
export function toJsonSchema(definition: EventDefinition, version = definition.version): Record<string, unknown> {
  const envelope = z.object({
    version: z.string(),
    id: z.string(),
    'detail-type': z.literal(definition.detailType),
    source: z.literal(definition.source),
    account: z.string(),
    time: z.string(),
    region: z.string(),
    resources: z.array(z.string()),
    detail: z.object({ metadata: z.extend(EventMetadataSchema, { version: z.literal(version) }), data: dataSchemaAt(definition, version) }),
  });
  return {
    ...z.toJSONSchema(envelope, { target: 'draft-4', io: 'input' }),
    title: version === definition.version ? definition.detailType : `${definition.detailType} v${version}`,
    description: definition.description,
  };
}
