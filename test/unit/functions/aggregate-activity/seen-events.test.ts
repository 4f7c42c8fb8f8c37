import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEEN_EVENTS_MAX_BYTES, SeenEvents } from '../../../../functions/aggregate-activity/seen-events.ts';
import {
  activityEventId,
  activityEventIndexInBytes,
  activityRequestId,
  MAX_EVENTS_PER_REQUEST,
  parseActivityEventId,
} from '../../../../shared/activity/index.ts';

const request = (n: number) => activityRequestId(`key-${n}`, []);

describe('activity event ids', () => {
  it('are the same for the same key and events, and differ for another key or other events', () => {
    // Act
    const ids = [activityRequestId('k', [1]), activityRequestId('k', [1]), activityRequestId('k', [2]), activityRequestId('j', [1])];
    // Assess
    expect(ids[1]).toBe(ids[0]);
    expect(new Set(ids).size).toBe(3);
    expect(ids[0]).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it.each([
    ['the first index', 0],
    ['the last index', MAX_EVENTS_PER_REQUEST - 1],
  ])('read back to their request and index at %s', (_case, index) => {
    // Act
    const parsed = parseActivityEventId(activityEventId(request(1), index));
    // Assess
    expect(parsed).toEqual({ requestId: request(1), index });
  });

  it.each([
    ['a UUID', '0b5a8c9e-3f7d-4b1a-9c2e-5d6f7a8b9c0d'],
    ['an index with a leading zero', `${request(1)}:07`],
    ['an index past a request', `${request(1)}:${MAX_EVENTS_PER_REQUEST}`],
    ['no index', `${request(1)}:`],
    ['a sign', `${request(1)}:-1`],
  ])('leave %s to be deduped as an opaque id', (_case, id) => {
    // Act
    const parsed = parseActivityEventId(id);
    // Assess
    expect(parsed).toBeUndefined();
  });
});

describe('activity event ids read from their bytes', () => {
  /** Ids like ingest's and near them: other lengths, separators, signs, leading zeros, indexes past a request. */
  const idLike = fc.oneof(
    fc
      .tuple(
        fc.string({ minLength: 20, maxLength: 24 }),
        fc.constantFrom(':', '-', ''),
        fc.oneof(fc.nat(600).map(String), fc.constantFrom('0', '00', '07', '499', '500', '-1'), fc.string({ maxLength: 4 })),
      )
      .map(([requestId, separator, index]) => `${requestId}${separator}${index}`),
    fc.string({ maxLength: 30 }),
  );

  it('name the index parseActivityEventId reads from the id as a string, and refuse what it refuses', () => {
    fc.assert(
      fc.property(idLike, fc.string({ maxLength: 3 }), (id, around) => {
        // Prepare: printable ASCII, a byte a character, as the aggregator's scanner passes ids; between other bytes.
        fc.pre([...id].every((c) => c >= ' ' && c <= '~'));
        const bytes = Buffer.from(`${around}${id}${around}`, 'latin1');
        // Act
        const index = activityEventIndexInBytes(bytes, around.length, around.length + id.length);
        // Assess
        expect(index).toBe(parseActivityEventId(id)?.index ?? -1);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('SeenEvents', () => {
  it('tells a new id from one seen before, for ingest ids and opaque ids', () => {
    // Prepare
    const seen = new SeenEvents();
    const id = activityEventId(request(1), 9);
    // Act
    const answers = [seen.add(id), seen.add(id), seen.add(activityEventId(request(1), 10)), seen.add('opaque'), seen.add('opaque')];
    // Assess
    expect(answers).toEqual([true, false, true, true, false]);
  });

  it('answers for an ingest id given as its request id and index as for the id itself', () => {
    // Prepare
    const earlier = new SeenEvents();
    earlier.add(activityEventId(request(2), 0));
    const seen = new SeenEvents({ earlier });
    seen.add(activityEventId(request(1), 7));
    // Act
    const answers = [seen.addIndex(request(1), 7), seen.addIndex(request(1), 8), seen.add(activityEventId(request(1), 8)), seen.addIndex(request(2), 0)];
    // Assess
    expect(answers).toEqual([false, true, false, false]);
  });

  it.each([
    ['past a request', MAX_EVENTS_PER_REQUEST],
    ['negative', -1],
    ['not whole', 1.5],
  ])('refuses an index %s, naming the request', (_case, index) => {
    // Prepare
    const seen = new SeenEvents();
    // Act
    const adding = () => seen.addIndex(request(1), index);
    // Assess
    expect(adding).toThrow(RangeError);
    expect(adding).toThrow(request(1));
  });

  it('keeps what it saw through its state, as the window state carries it', () => {
    // Prepare
    const seen = new SeenEvents();
    for (let i = 0; i < MAX_EVENTS_PER_REQUEST; i += 3) seen.add(activityEventId(request(1), i));
    seen.add('opaque');
    // Act
    const restored = SeenEvents.from(JSON.parse(JSON.stringify(seen.toState())));
    // Assess
    for (let i = 0; i < MAX_EVENTS_PER_REQUEST; i++) expect(restored.has(activityEventId(request(1), i))).toBe(i % 3 === 0);
    expect(restored.has('opaque')).toBe(true);
    expect(restored.size).toEqual(seen.size);
  });

  it('takes at most 90 bytes of state for a full request of 500 events', () => {
    // Prepare
    const seen = new SeenEvents();
    // Act
    for (let i = 0; i < MAX_EVENTS_PER_REQUEST; i++) seen.add(activityEventId(request(1), i));
    // Assess
    const bytes = JSON.stringify(seen.toState().requests).length;
    expect(bytes).toBeLessThanOrEqual(2 + 22 + 3 + 84 + 2);
    expect(seen.size.bytes).toBeGreaterThanOrEqual(bytes - 2);
  });

  it('answers from the part before it without carrying that part further', () => {
    // Prepare
    const earlier = new SeenEvents();
    earlier.add(activityEventId(request(1), 0));
    const seen = new SeenEvents({ earlier });
    // Act
    const again = seen.add(activityEventId(request(1), 0));
    // Assess
    expect(again).toBe(false);
    expect(seen.toState()).toEqual({ requests: {}, ids: [] });
  });

  it('forgets the requests seen first at its bound, and counts what it forgot', () => {
    // Prepare
    const seen = new SeenEvents();
    let requests = 0;
    // Act: full requests until well past the bound.
    while (requests * 100 < 2 * SEEN_EVENTS_MAX_BYTES) {
      const requestId = request(requests);
      for (let i = 0; i < MAX_EVENTS_PER_REQUEST; i++) seen.add(activityEventId(requestId, i));
      requests += 1;
    }
    // Assess
    expect(JSON.stringify(seen.toState()).length).toBeLessThanOrEqual(SEEN_EVENTS_MAX_BYTES);
    expect(seen.evicted).toBeGreaterThan(0);
    expect(seen.has(activityEventId(request(0), 0))).toBe(false);
    expect(seen.has(activityEventId(request(requests - 1), 0))).toBe(true);
    expect(seen.size.requests + seen.evicted).toBe(requests);
  });
});
