import * as z from '../../shared/validation/zod.ts';
import { MAX_EVENTS_PER_REQUEST, parseActivityEventId } from '../../shared/activity/index.ts';

/*
 * The event ids a window already counted, so that a record written twice (a client's retry of `POST /activity`
 * with the same Idempotency-Key after a 5xx: same ids, same shard) counts once.
 *
 * Compact, because it rides in the tumbling-window state, which Lambda limits to 1 MB per shard
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html), and is persisted at the window's
 * close in one DynamoDB item per shard (seen-events-item.ts), limited to 400 KB
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-items):
 * ingest's ids are `<request id>:<index>`, so a request's ids are one bitmap of indexes (500 events: 63 bytes,
 * 84 in base64), keyed by the 22-character request id. Other producers' ids are kept as they are.
 *
 * At the bound (SEEN_EVENTS_MAX_BYTES), the requests seen first are forgotten first: a retry comes seconds after
 * its first attempt, so what is forgotten is what is least likely to come again; a duplicate of a forgotten
 * request would count twice, and each forgetting is counted (`evicted`) for a metric.
 */

/**
 * Serialized bytes the seen ids of one window part may take. Twice this (this window's and the previous one's)
 * plus the counts stay under the state's 1 MB, and this alone under the 400 KB of the item that carries it to the
 * next window. 192 KiB hold about 1,700 full requests (850,000 events) or 6,000 single-event ones per shard.
 */
export const SEEN_EVENTS_MAX_BYTES = 192 * 1024;

/** Bytes of the bitmap of a full request (500 events). */
const MAX_BITMAP_BYTES = Math.ceil(MAX_EVENTS_PER_REQUEST / 8);

/** JSON overhead of one entry: quotes, colon, comma. */
const ENTRY_OVERHEAD_BYTES = 6;

/** As carried in the window state and persisted: request id → base64 bitmap of indexes; other ids as they are. */
export const SeenEventsState = z.object({
  requests: z._default(z.record(z.string(), z.string()), {}),
  ids: z._default(z.array(z.string()), []),
});
export type SeenEventsState = z.infer<typeof SeenEventsState>;

/** Base64 characters of a bitmap. */
const bitmapBytes = (bits: Uint8Array) => 4 * Math.ceil(bits.length / 3);

export class SeenEvents {
  readonly #requests = new Map<string, Uint8Array>();
  readonly #ids = new Set<string>();
  readonly #earlier: SeenEvents | undefined;
  readonly #maxBytes: number;
  #bytes = 0;
  /** Requests and ids forgotten at the bound since this object was made. */
  evicted = 0;

  /**
   * @param earlier ids seen before this window part (the previous window, an earlier part of this one): looked up,
   *   never carried further.
   */
  constructor(options: { earlier?: SeenEvents; maxBytes?: number } = {}) {
    this.#earlier = options.earlier;
    this.#maxBytes = options.maxBytes ?? SEEN_EVENTS_MAX_BYTES;
  }

  static from(state: SeenEventsState | undefined, options: { earlier?: SeenEvents; maxBytes?: number } = {}): SeenEvents {
    const seen = new SeenEvents(options);
    if (!state) return seen;
    for (const [requestId, bitmap] of Object.entries(state.requests)) seen.#putRequest(requestId, new Uint8Array(Buffer.from(bitmap, 'base64')));
    for (const id of state.ids) seen.#putId(id);
    seen.#evict();
    seen.evicted = 0;
    return seen;
  }

  /** Whether the id was seen, here or earlier. */
  has(eventId: string): boolean {
    const parsed = parseActivityEventId(eventId);
    return parsed ? this.#hasIndex(parsed.requestId, parsed.index) : this.#ids.has(eventId) || (this.#earlier?.has(eventId) ?? false);
  }

  /** Marks the id seen; false when it was seen already (here or earlier): the record is a duplicate. */
  add(eventId: string): boolean {
    const parsed = parseActivityEventId(eventId);
    if (!parsed) {
      if (this.#ids.has(eventId) || this.#earlier?.has(eventId)) return false;
      this.#putId(eventId);
      this.#evict();
      return true;
    }
    return this.addIndex(parsed.requestId, parsed.index);
  }

  /**
   * `add` of the ingest id `activityEventId(requestId, index)`, for a caller that read the two from the id's bytes
   * (parseActivityEventId's rules: activityEventIndexInBytes).
   */
  addIndex(requestId: string, index: number): boolean {
    if (!(index >= 0 && index < MAX_EVENTS_PER_REQUEST && Number.isInteger(index))) {
      throw new RangeError(`An event's index in its request is 0 to ${MAX_EVENTS_PER_REQUEST - 1}, got ${index} (request ${requestId})`);
    }
    const byte = index >> 3;
    let bits = this.#requests.get(requestId);
    if (bits !== undefined && (((bits[byte] ?? 0) >> (index & 7)) & 1) === 1) return false;
    // Not `this.#earlier?.#hasIndex(…)`: TypeScript refuses a private name in an optional chain.
    const earlier = this.#earlier;
    if (earlier === undefined ? false : earlier.#hasIndex(requestId, index)) return false;
    if (bits === undefined || bits.length <= byte) {
      // Doubling: a request's records come in index order, and one allocation per index byte would be 63 a request.
      const grown = new Uint8Array(Math.min(MAX_BITMAP_BYTES, Math.max(byte + 1, 2 * (bits?.length ?? 0))));
      if (bits) grown.set(bits);
      this.#putRequest(requestId, grown);
      bits = grown;
    }
    bits[byte] = (bits[byte] as number) | (1 << (index & 7));
    this.#evict();
    return true;
  }

  get size(): { requests: number; ids: number; bytes: number } {
    return { requests: this.#requests.size, ids: this.#ids.size, bytes: this.#bytes };
  }

  toState(): SeenEventsState {
    const requests: Record<string, string> = {};
    for (const [requestId, bits] of this.#requests) requests[requestId] = Buffer.from(bits.buffer, bits.byteOffset, bits.length).toString('base64');
    return { requests, ids: [...this.#ids] };
  }

  #hasIndex(requestId: string, index: number): boolean {
    const bits = this.#requests.get(requestId);
    if (bits !== undefined && (((bits[index >> 3] ?? 0) >> (index & 7)) & 1) === 1) return true;
    // Not `this.#earlier?.#hasIndex(…)`: TypeScript refuses a private name in an optional chain.
    const earlier = this.#earlier;
    return earlier === undefined ? false : earlier.#hasIndex(requestId, index);
  }

  #putRequest(requestId: string, bits: Uint8Array): void {
    const before = this.#requests.get(requestId);
    this.#bytes += before === undefined ? requestId.length + ENTRY_OVERHEAD_BYTES + bitmapBytes(bits) : bitmapBytes(bits) - bitmapBytes(before);
    this.#requests.set(requestId, bits);
  }

  #putId(id: string): void {
    if (this.#ids.has(id)) return;
    this.#ids.add(id);
    this.#bytes += id.length + ENTRY_OVERHEAD_BYTES;
  }

  /** Forgets the requests (then the ids) seen first until the serialized size is within the bound. */
  #evict(): void {
    while (this.#bytes > this.#maxBytes) {
      const oldest = this.#requests.entries().next();
      if (!oldest.done) {
        const [requestId, bits] = oldest.value;
        this.#requests.delete(requestId);
        this.#bytes -= requestId.length + ENTRY_OVERHEAD_BYTES + bitmapBytes(bits);
      } else {
        const id = this.#ids.values().next();
        if (id.done) return;
        this.#ids.delete(id.value);
        this.#bytes -= id.value.length + ENTRY_OVERHEAD_BYTES;
      }
      this.evicted += 1;
    }
  }
}
