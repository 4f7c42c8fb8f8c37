import * as z from '../validation/zod.ts';
import { InvalidEventDefinitionError, InvalidEventError, toProblems, type ValidationProblem } from './errors.ts';
import { buildMetadata, EventMetadataSchema, type EventContext, type EventMetadata } from './metadata.ts';

/**
 * A version of an event type that is no longer written but may still be read: events are kept
 * forever (event store, archive, a queue's backlog), so every version ever written stays readable.
 */
export interface PreviousVersion<TData extends z.ZodMiniType = z.ZodMiniType> {
  /** The schema version this entry describes, as carried in `detail.metadata.version`. */
  readonly version: number;
  /** Schema of `detail.data` at this version. */
  readonly data: TData;
  /**
   * Turns data of this version into data of the next one (`version + 1`). Pure, total and lossless
   * for every value `data` accepts: its output is validated against the next version's schema.
   */
  readonly upcast: (data: z.infer<TData>) => unknown;
}

/**
 * One event type of the catalog: the single definition from which types, validation,
 * rule patterns, JSON Schemas and the catalog document are derived.
 */
export interface EventDefinition<TDetailType extends string = string, TData extends z.ZodMiniType = z.ZodMiniType> {
  /** EventBridge `source`, e.g. `eventful.orders`. */
  readonly source: string;
  /** EventBridge `detail-type`, unique in the catalog, e.g. `OrderPlaced`. */
  readonly detailType: TDetailType;
  /** The current schema version: what writers write in `detail.metadata.version`. */
  readonly version: number;
  /** One sentence on what happened, for the catalog document. */
  readonly description: string;
  /** The components that emit this event, for the catalog document. */
  readonly producers: readonly string[];
  /** Schema of `detail.data` at the current version. */
  readonly data: TData;
  /** Schema of the whole `detail` at the current version: `{ metadata, data }`. */
  readonly detail: z.ZodMiniObject<{ metadata: typeof EventMetadataSchema; data: TData }>;
  /** Every earlier version, oldest first (1, 2, … `version - 1`), each with its upcaster to the next. */
  readonly previousVersions: readonly PreviousVersion[];
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

/**
 * Declares an event type. A breaking change is a new `version` with the old schema moved into
 * `previousVersions`, together with its upcaster (see README "Changing an event"):
 *
 * @example
 * export const OrderPlaced = defineEvent({
 *   source: Sources.orders, detailType: 'OrderPlaced', version: 2, description, producers, data: OrderPlacedV2,
 *   previousVersions: [previousVersion(1, OrderPlacedV1, (v1): z.input<typeof OrderPlacedV2> => ({ ...v1, channel: 'web' }))],
 * });
 *
 * @throws InvalidEventDefinitionError when `previousVersions` is not exactly 1 … `version - 1` in order,
 * so a new version without its upcaster fails as soon as the catalog is loaded.
 */
export function defineEvent<const TDetailType extends string, TData extends z.ZodMiniType>(spec: {
  source: string;
  detailType: TDetailType;
  version: number;
  description: string;
  producers: readonly string[];
  data: TData;
  previousVersions?: readonly PreviousVersion[];
}): EventDefinition<TDetailType, TData> {
  const previousVersions = spec.previousVersions ?? [];
  checkVersionHistory(spec.detailType, spec.version, previousVersions);
  return {
    ...spec,
    previousVersions,
    detail: z.object({ metadata: EventMetadataSchema, data: spec.data }),
  };
}

/** An entry of `previousVersions`, typed so the upcaster sees the data of its own version. */
export function previousVersion<TData extends z.ZodMiniType>(version: number, data: TData, upcast: (data: z.infer<TData>) => unknown): PreviousVersion {
  return { version, data, upcast: upcast as PreviousVersion['upcast'] };
}

function checkVersionHistory(detailType: string, version: number, previous: readonly PreviousVersion[]): void {
  if (!Number.isInteger(version) || version < 1) throw new InvalidEventDefinitionError(detailType, `version must be a positive integer, got ${version}`);
  const listed = previous.map((p) => p.version);
  const expected = Array.from({ length: version - 1 }, (_, index) => index + 1);
  if (listed.length !== expected.length || listed.some((v, index) => v !== expected[index])) {
    throw new InvalidEventDefinitionError(
      detailType,
      `version ${version} needs previousVersions ${JSON.stringify(expected)} (each with its upcaster to the next), got ${JSON.stringify(listed)}`,
    );
  }
}

/**
 * Builds a validated event of type `definition` from its data, always at the current version.
 *
 * @throws InvalidEventError naming every invalid field (`data.items[0].quantity: ...`), before any I/O.
 * @example
 * const event = createEvent(OrderPlaced, { orderId, customerId, items, total }, causedBy(command));
 */
export function createEvent<D extends EventDefinition>(definition: D, data: z.input<D['data']>, context: EventContext = {}): CatalogEvent<D> {
  const parsed = definition.data.safeParse(data);
  if (!parsed.success) throw new InvalidEventError(definition.detailType, toProblems(parsed.error, 'data'));
  return {
    source: definition.source,
    detailType: definition.detailType,
    detail: { metadata: buildMetadata(definition.version, context), data: parsed.data as EventData<D> },
  };
}

const VersionOnly = z.object({ metadata: z.object({ version: z.unknown() }) });

/**
 * Validates a received or loaded `detail` against its definition and brings it to the current
 * version: a detail written at an earlier version is validated against that version's schema, then
 * upcast step by step (each step's output validated against the next schema). The result carries the
 * current version in `metadata.version`, since that is the shape its data now has; the stored or
 * published bytes keep the version they were written at.
 *
 * @throws InvalidEventError naming every invalid field (`metadata.correlationId: ...`), or
 * `metadata.version` when the detail was written at a version this code does not know (a newer writer).
 */
export function parseDetail<D extends EventDefinition>(definition: D, detail: unknown): EventDetail<EventData<D>> {
  const version = writtenVersion(definition, detail);
  if (version === definition.version) return parseAt(definition, definition.detail, detail);

  const metadata = EventMetadataSchema.safeParse((detail as { metadata: unknown }).metadata);
  if (!metadata.success) throw new InvalidEventError(definition.detailType, toProblems(metadata.error, 'metadata'));
  let data: unknown = (detail as { data: unknown }).data;
  for (const step of definition.previousVersions.slice(version - 1)) {
    const parsed = step.data.safeParse(data);
    if (!parsed.success) throw new InvalidEventError(definition.detailType, upcastProblems(parsed.error, step.version, version));
    data = step.upcast(parsed.data);
  }
  const current = definition.data.safeParse(data);
  if (!current.success) throw new InvalidEventError(definition.detailType, upcastProblems(current.error, definition.version, version));
  return { metadata: { ...metadata.data, version: definition.version }, data: current.data as EventData<D> };
}

/** The version `detail` says it was written at, checked against the versions `definition` can read. */
function writtenVersion(definition: EventDefinition, detail: unknown): number {
  const carried = VersionOnly.safeParse(detail);
  // Without a readable version, the current schema's own errors say best what is wrong.
  if (!carried.success) return definition.version;
  const { version } = carried.data.metadata;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return definition.version;
  if (version > definition.version) {
    throw new InvalidEventError(definition.detailType, [
      {
        path: 'metadata.version',
        message: `version ${version} is newer than this code reads (1 to ${definition.version}): deploy the consumer that knows it, then redrive`,
      },
    ]);
  }
  return version;
}

function parseAt<D extends EventDefinition>(definition: D, schema: z.ZodMiniType, detail: unknown): EventDetail<EventData<D>> {
  const parsed = schema.safeParse(detail);
  if (!parsed.success) throw new InvalidEventError(definition.detailType, toProblems(parsed.error));
  return parsed.data as EventDetail<EventData<D>>;
}

/** Problems found while reading an older version, saying which version's schema refused what. */
function upcastProblems(error: z.core.$ZodError, atVersion: number, writtenAt: number): ValidationProblem[] {
  const note = atVersion === writtenAt ? ` (as written at version ${writtenAt})` : ` (after upcasting from version ${writtenAt} to ${atVersion})`;
  return toProblems(error, 'data').map((problem) => ({ ...problem, message: problem.message + note }));
}
