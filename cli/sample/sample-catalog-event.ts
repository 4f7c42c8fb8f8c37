import { z } from 'zod';
import { buildMetadata, type CatalogEvent, definitionOf } from '../../shared/events/index.ts';
import { type JsonSchema, type SampleOptions, sampleFromSchema } from './sample-from-schema.ts';

/**
 * A valid catalog event of `detailType` (its `source`, `detailType` and `detail` with fresh metadata), its data
 * generated from the zod schema of the current version and checked against it.
 *
 * @throws UnknownEventTypeError listing the catalog's detail types.
 */
export function sampleCatalogEvent(detailType: string, options: SampleOptions = {}): CatalogEvent {
  const definition = definitionOf(detailType);
  const schema = z.toJSONSchema(definition.data, { io: 'input' }) as JsonSchema;
  // parse: a sample the schema refuses is a bug of the generator, said here rather than by the consumer.
  const data = definition.data.parse(sampleFromSchema(schema, options));
  return { source: definition.source, detailType: definition.detailType, detail: { metadata: buildMetadata(definition.version), data } };
}
