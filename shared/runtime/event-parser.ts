import * as z from '../validation/zod.ts';
import { InvalidEventError, parseDetail, toProblems, type CatalogEvent, type EventDefinition, type ValidationProblem } from '../events/index.ts';
import { resolveFromS3, type ClaimCheckResolver } from './claim-check.ts';
import { EventBridgeEnvelope, jsonStringified, SqsRecordEnvelope } from './envelope-schemas.ts';

/** What a consumer accepts: one catalog definition, or several. */
export type Accepted = EventDefinition | readonly EventDefinition[];

type Members<A> = A extends readonly (infer D)[] ? D : A;

/**
 * The catalog event a consumer of `A` receives: `CatalogEvent<D>` for one definition, a union
 * discriminated on `detailType` for several.
 *
 * @example
 * type E = EventOf<[typeof OrderPaid, typeof OrderExpired]>;
 * // CatalogEvent<typeof OrderPaid> | CatalogEvent<typeof OrderExpired>
 */
export type EventOf<A extends Accepted> = Members<A> extends infer D ? (D extends EventDefinition ? CatalogEvent<D> : never) : never;

/** Where an event came from; decides how its envelope is unwrapped. */
export type EventSourceKind = 'eventbridge' | 'sqs';

export interface ParseOptions {
  /** Resolves claim-checked details before validation. Defaults to reading the payload from S3. */
  resolveClaimCheck?: ClaimCheckResolver;
}

/** An event lifted out of its transport, not validated yet. */
export interface Envelope {
  source: string | undefined;
  detailType: string;
  detail: unknown;
  /** Paths from the root of what the function received to each field, to name invalid ones. */
  paths: { source: string; detailType: string; detail: string };
}

/**
 * Parses what a function receives into validated catalog events. Compile it once, at module scope.
 */
export interface EventParser<E> {
  /** A full EventBridge event, as a Lambda target of a rule receives it. */
  fromEventBridge(event: unknown): Promise<E>;
  /** An SQS record whose body is the full EventBridge event (a rule targeting a queue). */
  fromSqsRecord(record: unknown): Promise<E>;
  /** Step one alone: unwrap the transport. Throws InvalidEventError naming the field. */
  envelope(kind: EventSourceKind, received: unknown): Envelope;
  /** Step two alone: check the type is accepted, resolve a claim check, validate the detail. */
  toEvent(envelope: Envelope): Promise<E>;
}

const SqsRecordWithEvent = z.extend(SqsRecordEnvelope, { body: jsonStringified(EventBridgeEnvelope) });

function parseOrThrow<S extends z.ZodMiniType>(schema: S, value: unknown, prefix: string, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InvalidEventError(what, toProblems(parsed.error, prefix));
  return parsed.data;
}

/** The envelope of an EventBridge event, validated already, found at `path` of what the function received. */
function liftEvent(event: z.output<typeof EventBridgeEnvelope>, path: string): Envelope {
  const prefixed = (field: string) => (path ? `${path}.${field}` : field);
  return {
    source: event.source,
    detailType: event['detail-type'],
    detail: event.detail,
    paths: { source: prefixed('source'), detailType: prefixed('detail-type'), detail: prefixed('detail') },
  };
}

/**
 * Builds an {@link EventParser} for the events a consumer accepts. Validation uses the catalog
 * (`parseDetail`); transports are unwrapped with the Powertools parser's envelope schemas, restated in
 * ./envelope-schemas.ts so zod tree-shakes. Every failure is an
 * InvalidEventError whose paths start at what the function received, e.g.
 * `body.detail.data.items[0].quantity` for an SQS record.
 *
 * @example
 * const parser = createEventParser([OrderPaid, OrderExpired]);
 * const event = await parser.fromSqsRecord(record);
 * if (event.detailType === 'OrderPaid') event.detail.data.paymentId; // typed
 */
export function createEventParser<const A extends Accepted>(accepted: A, options: ParseOptions = {}): EventParser<EventOf<A>> {
  const definitions: readonly EventDefinition[] = Array.isArray(accepted) ? accepted : [accepted as EventDefinition];
  const byDetailType = new Map(definitions.map((d) => [d.detailType, d]));
  const expected = definitions.map((d) => JSON.stringify(d.detailType)).join(', ');
  const resolveClaimCheck = options.resolveClaimCheck ?? resolveFromS3;

  function envelope(kind: EventSourceKind, received: unknown): Envelope {
    switch (kind) {
      case 'eventbridge':
        return liftEvent(parseOrThrow(EventBridgeEnvelope, received, '', 'EventBridge event'), '');
      case 'sqs':
        return liftEvent(parseOrThrow(SqsRecordWithEvent, received, '', 'SQS record').body, 'body');
    }
  }

  async function toEvent(lifted: Envelope): Promise<EventOf<A>> {
    const definition = byDetailType.get(lifted.detailType);
    const { paths } = lifted;
    if (!definition) {
      throw new InvalidEventError(lifted.detailType, [
        { path: paths.detailType, message: `expected one of ${expected}, got ${JSON.stringify(lifted.detailType)}` },
      ]);
    }
    if (lifted.source !== undefined && lifted.source !== definition.source) {
      throw new InvalidEventError(lifted.detailType, [
        { path: paths.source, message: `expected ${JSON.stringify(definition.source)}, got ${JSON.stringify(lifted.source)}` },
      ]);
    }
    const resolved = await resolveClaimCheck(lifted.detail);
    let detail;
    try {
      detail = parseDetail(definition, resolved);
    } catch (error) {
      if (!(error instanceof InvalidEventError)) throw error;
      const problems: ValidationProblem[] = error.problems.map((p) => ({ ...p, path: p.path ? `${paths.detail}.${p.path}` : paths.detail }));
      throw new InvalidEventError(error.detailType, problems);
    }
    return { source: definition.source, detailType: definition.detailType, detail } as EventOf<A>;
  }

  return {
    envelope,
    toEvent,
    fromEventBridge: async (event) => toEvent(envelope('eventbridge', event)),
    fromSqsRecord: async (record) => toEvent(envelope('sqs', record)),
  };
}
