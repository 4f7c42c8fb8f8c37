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
  /**
   * Upcasters by the schema version they read: `upcasters[1]` turns version 1 data into version 2.
   * Readers apply them (parseDetail) to what they load or receive, so old events stay readable.
   */
  readonly upcasters?: Readonly<Record<number, Upcaster>>;
  /** Schema of the whole `detail`: `{ metadata, data }`. */
  readonly detail: z.ZodObject<{ metadata: typeof EventMetadataSchema; data: TData }>;
}

export type EventData<D extends EventDefinition> = z.infer<D['data']>;

/** Turns the data of one schema version into the data of the next. */
export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

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
  upcasters?: Readonly<Record<number, Upcaster>>;
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
 * Validates a received or loaded `detail` against its definition, after upcasting an older schema
 * version to the current one with the definition's upcasters.
 *
 * @throws InvalidEventError naming every invalid field (`metadata.correlationId: ...`).
 */
export function parseDetail<D extends EventDefinition>(definition: D, detail: unknown): EventDetail<EventData<D>> {
  const parsed = definition.detail.safeParse(upcast(definition, detail));
  if (!parsed.success) throw new InvalidEventError(definition.detailType, toProblems(parsed.error));
  return parsed.data as EventDetail<EventData<D>>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The detail at the definition's version, when upcasters lead there from its version; else as given. */
function upcast(definition: EventDefinition, detail: unknown): unknown {
  if (!definition.upcasters || !isRecord(detail) || !isRecord(detail.metadata) || !isRecord(detail.data)) return detail;
  let version = detail.metadata.version;
  let data = detail.data;
  while (typeof version === 'number' && version < definition.version) {
    const next = definition.upcasters[version];
    if (!next) break;
    data = next(data);
    version += 1;
  }
  return data === detail.data ? detail : { ...detail, metadata: { ...detail.metadata, version }, data };
}
