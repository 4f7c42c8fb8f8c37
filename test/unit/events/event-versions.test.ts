import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  buildMetadata,
  createEvent,
  defineEvent,
  InvalidEventDefinitionError,
  InvalidEventError,
  parseDetail,
  previousVersion,
} from '../../../shared/events/index.ts';

/*
 * A made-up event type that evolved twice, to pin how definitions keyed by version are read:
 * v1 had a single `name`; v2 split it into `first`/`last`; v3 added a required `channel`.
 */
const V1 = z.object({ id: z.string(), name: z.string().min(1) });
const V2 = z.object({ id: z.string(), first: z.string(), last: z.string() });
const V3 = V2.extend({ channel: z.enum(['web', 'store']) });

const upcastV1 = (v1: z.infer<typeof V1>): z.input<typeof V2> => {
  const [first = '', ...rest] = v1.name.split(' ');
  return { id: v1.id, first, last: rest.join(' ') };
};
const upcastV2 = (v2: z.infer<typeof V2>): z.input<typeof V3> => ({ ...v2, channel: 'web' });

const CustomerRenamed = defineEvent({
  source: 'eventful.test',
  detailType: 'CustomerRenamed',
  version: 3,
  description: 'test',
  producers: ['test'],
  data: V3,
  previousVersions: [previousVersion(1, V1, upcastV1), previousVersion(2, V2, upcastV2)],
});

const writtenAt = (version: number, data: unknown) => ({ metadata: buildMetadata(version, { eventId: 'e-1', correlationId: 'c-1' }), data });

describe('event versions', () => {
  it('writes the current version', () => {
    const event = createEvent(CustomerRenamed, { id: 'c', first: 'Ada', last: 'Lovelace', channel: 'store' });

    expect(event.detail.metadata.version).toBe(3);
  });

  it('reads a detail written at the current version as it is', () => {
    const detail = writtenAt(3, { id: 'c', first: 'Ada', last: 'Lovelace', channel: 'store' });

    expect(parseDetail(CustomerRenamed, detail)).toEqual(detail);
  });

  it('upcasts a detail written at version 1 through every later version, keeping its metadata', () => {
    // Act
    const read = parseDetail(CustomerRenamed, writtenAt(1, { id: 'c', name: 'Ada King Lovelace' }));

    // Assess
    expect(read.data).toEqual({ id: 'c', first: 'Ada', last: 'King Lovelace', channel: 'web' });
    expect(read.metadata).toMatchObject({ eventId: 'e-1', correlationId: 'c-1', version: 3 });
  });

  it('upcasts from the version written, not from the oldest', () => {
    const read = parseDetail(CustomerRenamed, writtenAt(2, { id: 'c', first: 'Grace', last: 'Hopper' }));

    expect(read.data).toEqual({ id: 'c', first: 'Grace', last: 'Hopper', channel: 'web' });
  });

  it('validates an old detail against the schema of the version it was written at, saying so', () => {
    const read = () => parseDetail(CustomerRenamed, writtenAt(1, { id: 'c', first: 'Ada', last: 'Lovelace', channel: 'web' }));

    expect(read).toThrow(InvalidEventError);
    expect(read).toThrow(/data\.name: .*\(as written at version 1\)/);
  });

  it('names an upcaster whose output the next version refuses', () => {
    const Broken = defineEvent({
      source: 'eventful.test',
      detailType: 'Broken',
      version: 2,
      description: 'test',
      producers: ['test'],
      data: V2,
      previousVersions: [previousVersion(1, V1, (v1) => ({ id: v1.id }))],
    });

    expect(() => parseDetail(Broken, writtenAt(1, { id: 'c', name: 'Ada' }))).toThrow(/data\.first: .*\(after upcasting from version 1 to 2\)/);
  });

  it('refuses a version newer than the code knows, naming metadata.version', () => {
    const read = () => parseDetail(CustomerRenamed, writtenAt(4, { id: 'c' }));

    expect(read).toThrow(InvalidEventError);
    expect(read).toThrow(/metadata\.version: version 4 is newer than this code reads \(1 to 3\)/);
  });

  it('reports a missing or malformed version through the current schema', () => {
    expect(() => parseDetail(CustomerRenamed, { metadata: { version: 'one' }, data: {} })).toThrow(/metadata\.version/);
  });

  it('refuses a new version declared without its upcaster from the previous one', () => {
    const declare = () => defineEvent({ source: 'eventful.test', detailType: 'Unversioned', version: 2, description: 'test', producers: ['test'], data: V2 });

    expect(declare).toThrow(InvalidEventDefinitionError);
    expect(declare).toThrow('Event definition Unversioned: version 2 needs previousVersions [1] (each with its upcaster to the next), got []');
  });

  it('refuses a version history with a gap or out of order', () => {
    const declare = (versions: number[]) => () =>
      defineEvent({
        source: 'eventful.test',
        detailType: 'Gappy',
        version: 3,
        description: 'test',
        producers: ['test'],
        data: V3,
        previousVersions: versions.map((version) => previousVersion(version, V2, (d) => d)),
      });

    expect(declare([1])).toThrow(/needs previousVersions \[1,2\]/);
    expect(declare([2, 1])).toThrow(/got \[2,1\]/);
    expect(declare([1, 2])).not.toThrow();
  });
});
