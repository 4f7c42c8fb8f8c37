import { z } from 'zod';
import { InvalidEventError, toProblems } from './errors.ts';
import { buildMetadata, EventMetadataSchema, type EventContext, type EventMetadata } from './metadata.ts';

/**
 * One event type of the catalog: the single definition from which types, validation,
 * rule patterns, JSON Schemas and the catalog document are derived.
 */
export interface EventDefinition<TDetailType extends string = string, TData extends z.ZodType = z.ZodType> {
  /** EventBridge `source`, e.g. `eventful.orders`. */
  readonly source: string;
  /** EventBridge `detail-type`, unique in the catalog, e.g. `OrderPlaced`. */
  readonly detailType: TDetailType;
  /** Schema version carried in `detail.metadata.version`; bump it on a breaking change. */
  readonly version: number;
  /** One sentence on what happened, for the catalog document. */
  readonly description: string;
  /** The components that emit this event, for the catalog document. */
  readonly producers: readonly string[];
  /** Schema of `detail.data`. */
  readonly data: TData;
  /** Schema of the whole `detail`: `{ metadata, data }`. */
  readonly detail: z.ZodObject<{ metadata: typeof EventMetadataSchema; data: TData }>;
}

export type EventData<D extends EventDefinition> = z.infer<D['data']>;

/** The `detail` of every eventful event. */
export interface EventDetail<TData> {
  metadata: EventMetadata;
  data: TData;
}

/** An event ready to publish: validated, with its metadata. */
export interface CatalogEvent<D extends EventDefinition = EventDefinition> {
  source: D['source'];
  detailType: D['detailType'];
  detail: EventDetail<EventData<D>>;
}

export function defineEvent<const TDetailType extends string, TData extends z.ZodType>(spec: {
  source: string;
  detailType: TDetailType;
  version: number;
  description: string;
  producers: readonly string[];
  data: TData;
}): EventDefinition<TDetailType, TData> {
  return {
    ...spec,
    detail: z.object({ metadata: EventMetadataSchema, data: spec.data }),
  };
}

/**
 * Builds a validated event of type `definition` from its data.
 *
 * @throws InvalidEventError naming every invalid field (`data.items[0].quantity: ...`), before any I/O.
 * @example
 * const event = createEvent(OrderPlaced, { orderId, customerId, items, total }, causedBy(command));
 */
export function createEvent<D extends EventDefinition>(
  definition: D,
  data: z.input<D['data']>,
  context: EventContext = {},
): CatalogEvent<D> {
  const parsed = definition.data.safeParse(data);
  if (!parsed.success) throw new InvalidEventError(definition.detailType, toProblems(parsed.error, 'data'));
  return {
    source: definition.source,
    detailType: definition.detailType,
    detail: { metadata: buildMetadata(definition.version, context), data: parsed.data as EventData<D> },
  };
}

/**
 * Validates a received `detail` against its definition.
 *
 * @throws InvalidEventError naming every invalid field (`metadata.correlationId: ...`).
 */
export function parseDetail<D extends EventDefinition>(definition: D, detail: unknown): EventDetail<EventData<D>> {
  const parsed = definition.detail.safeParse(detail);
  if (!parsed.success) throw new InvalidEventError(definition.detailType, toProblems(parsed.error));
  return parsed.data as EventDetail<EventData<D>>;
}
