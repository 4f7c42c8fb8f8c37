import { z } from 'zod';
import type { EventDefinition } from './define-event.ts';

/**
 * JSON Schema (draft 4, the dialect EventBridge Schema Registry accepts as `JSONSchemaDraft4`)
 * of the whole EventBridge event of `definition`, so code bindings generated from the
 * registry see `source`, `detail-type` and `detail` as delivered.
 */
export function toJsonSchema(definition: EventDefinition): Record<string, unknown> {
  const envelope = z.object({
    version: z.string(),
    id: z.string(),
    'detail-type': z.literal(definition.detailType),
    source: z.literal(definition.source),
    account: z.string(),
    time: z.string(),
    region: z.string(),
    resources: z.array(z.string()),
    detail: definition.detail,
  });
  return {
    ...z.toJSONSchema(envelope, { target: 'draft-4', io: 'input' }),
    title: definition.detailType,
    description: definition.description,
  };
}
