import { Base64Encoded, JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { DynamoDBStreamRecord } from '@aws-lambda-powertools/parser/schemas/dynamodb';
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { KinesisDataStreamRecord, KinesisDataStreamRecordPayload } from '@aws-lambda-powertools/parser/schemas/kinesis';
import { SqsRecordSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import { z } from 'zod';
import {
  InvalidEventError,
  parseDetail,
  toProblems,
  type CatalogEvent,
  type EventDefinition,
  type ValidationProblem,
} from '../events/index.ts';
import { resolveFromS3, type ClaimCheckResolver } from './claim-check.ts';

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
export type EventSourceKind = 'eventbridge' | 'sqs' | 'kinesis' | 'dynamodb';

export interface ParseOptions {
  /** Resolves claim-checked details before validation. Defaults to reading the payload from S3. */
  resolveClaimCheck?: ClaimCheckResolver;
  /**
   * DynamoDB streams only: the image that holds the event.
   * @default 'NewImage'
   */
  image?: 'NewImage' | 'OldImage';
  /**
   * DynamoDB streams only: maps the unmarshalled image to an event, for tables whose items are not
   * stored as `{ source?, detailType, detail }`.
   * @default the image itself
   */
  fromImage?: (image: Record<string, unknown>) => unknown;
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
  /** A Kinesis record whose data is base64 JSON of an EventBridge event or a `CatalogEvent`. */
  fromKinesisRecord(record: unknown): Promise<E>;
  /** A DynamoDB stream record whose (unmarshalled) image holds the event. */
  fromDynamoDBRecord(record: unknown): Promise<E>;
  /** Step one alone: unwrap the transport. Throws InvalidEventError naming the field. */
  envelope(kind: EventSourceKind, received: unknown): Envelope;
  /** Step two alone: check the type is accepted, resolve a claim check, validate the detail. */
  toEvent(envelope: Envelope): Promise<E>;
}

// An event as our own producers serialize it outside EventBridge (Kinesis data, event-store items).
const CatalogEventJson = z.object({
  source: z.string().min(1).optional(),
  detailType: z.string().min(1),
  detail: z.unknown(),
});

const SqsRecordWithEvent = SqsRecordSchema.extend({ body: JSONStringified(EventBridgeSchema) });
const KinesisRecordWithJson = KinesisDataStreamRecord.extend({
  kinesis: KinesisDataStreamRecordPayload.extend({ data: Base64Encoded(z.unknown()) }),
});

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, prefix: string, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InvalidEventError(what, toProblems(parsed.error, prefix));
  return parsed.data;
}

/** An EventBridge event (`detail-type`) or a serialized `CatalogEvent` (`detailType`), found at `path`. */
function liftEvent(value: unknown, path: string): Envelope {
  const prefixed = (field: string) => (path ? `${path}.${field}` : field);
  if (isObject(value) && 'detail-type' in value) {
    const event = parseOrThrow(EventBridgeSchema, value, path, 'EventBridge event');
    return {
      source: event.source,
      detailType: event['detail-type'],
      detail: event.detail,
      paths: { source: prefixed('source'), detailType: prefixed('detail-type'), detail: prefixed('detail') },
    };
  }
  const event = parseOrThrow(CatalogEventJson, value, path, 'Event');
  // Event stores may keep the detail as a JSON string (one attribute, no DynamoDB number-precision surprises).
  let detail = event.detail;
  if (typeof detail === 'string') {
    try {
      detail = JSON.parse(detail) as unknown;
    } catch {
      throw new InvalidEventError(event.detailType, [{ path: prefixed('detail'), message: 'expected a JSON object, got a string that is not JSON' }]);
    }
  }
  return {
    source: event.source,
    detailType: event.detailType,
    detail,
    paths: { source: prefixed('source'), detailType: prefixed('detailType'), detail: prefixed('detail') },
  };
}

/**
 * Builds an {@link EventParser} for the events a consumer accepts. Validation uses the catalog
 * (`parseDetail`); transports are unwrapped with the Powertools parser schemas (`EventBridgeSchema`,
 * `SqsRecordSchema`, `KinesisDataStreamRecord`, `DynamoDBStreamRecord`). Every failure is an
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
  const imageName = options.image ?? 'NewImage';
  const fromImage = options.fromImage ?? ((image: Record<string, unknown>) => image);

  function envelope(kind: EventSourceKind, received: unknown): Envelope {
    switch (kind) {
      case 'eventbridge':
        return liftEvent(parseOrThrow(EventBridgeSchema, received, '', 'EventBridge event'), '');
      case 'sqs':
        return liftEvent(parseOrThrow(SqsRecordWithEvent, received, '', 'SQS record').body, 'body');
      case 'kinesis':
        return liftEvent(parseOrThrow(KinesisRecordWithJson, received, '', 'Kinesis record').kinesis.data, 'kinesis.data');
      case 'dynamodb': {
        const record = parseOrThrow(DynamoDBStreamRecord, received, '', 'DynamoDB stream record');
        // The schema's transform unmarshalls Keys and images; its inferred type loses the field names.
        const change = record.dynamodb as { StreamViewType: string } & Partial<Record<'NewImage' | 'OldImage', Record<string, unknown>>>;
        const image = change[imageName];
        if (image === undefined) {
          // REMOVE records have no NewImage, KEYS_ONLY streams no image at all: filter them out at the
          // event source mapping (FilterCriteria) rather than failing here forever.
          throw new InvalidEventError('DynamoDB stream record', [
            { path: `dynamodb.${imageName}`, message: `required, absent from this ${record.eventName} record (${change.StreamViewType})` },
          ]);
        }
        return liftEvent(fromImage(image), `dynamodb.${imageName}`);
      }
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
    fromKinesisRecord: async (record) => toEvent(envelope('kinesis', record)),
    fromDynamoDBRecord: async (record) => toEvent(envelope('dynamodb', record)),
  };
}
