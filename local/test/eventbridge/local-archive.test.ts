import { describe, expect, it } from 'vitest';
import { LocalArchive, LOCAL_ARCHIVE_MAX_BYTES, type ArchivedEvent, type ArchiveJournal } from '../../eventbridge/local-archive.ts';
import type { EventEnvelope } from '../../eventbridge/types.ts';

const DAY_MS = 86_400_000;

function envelope(id: number, padding = 0): EventEnvelope {
  return {
    version: '0',
    id: `e-${id}`,
    'detail-type': 'OrderPlaced',
    source: 'eventful.orders',
    account: '000000000000',
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, id)).toISOString().replace('.000Z', 'Z'),
    region: 'us-east-1',
    resources: [],
    detail: { pad: 'x'.repeat(padding) },
  } as EventEnvelope;
}

const archiveOf = (maxBytes?: number, retentionDays = 0) =>
  new LocalArchive('orders', 'arn:aws:events:us-east-1:000000000000:archive/orders', 'arn:bus', undefined, retentionDays, 0, undefined, maxBytes);

describe('LocalArchive memory', () => {
  it('keeps at most 64 MiB of events by default', () => {
    expect(archiveOf().maxBytes).toBe(LOCAL_ARCHIVE_MAX_BYTES);
    expect(LOCAL_ARCHIVE_MAX_BYTES).toBe(64 * 1024 * 1024);
  });

  it('drops the oldest events once it holds more than its cap, and counts them', () => {
    // Prepare
    const eventBytes = Buffer.byteLength(JSON.stringify(envelope(24, 1_000)));
    const archive = archiveOf(10 * eventBytes);

    // Act
    for (let id = 0; id < 25; id++) archive.store(envelope(id, 1_000), 0);

    // Assess
    expect(archive.eventCount(0)).toBe(10);
    expect(archive.sizeBytes(0)).toBeLessThanOrEqual(10 * eventBytes);
    expect(archive.droppedCount).toBe(15);
    expect(archive.eventsBetween(0, Number.MAX_SAFE_INTEGER, 0).map((event) => event.id)).toEqual(Array.from({ length: 10 }, (_, i) => `e-${i + 15}`));
  });

  it('frees the bytes of events its retention expires', () => {
    // Prepare
    const archive = archiveOf(undefined, 1);
    archive.store(envelope(1), 0);
    archive.store(envelope(2), 2 * DAY_MS);

    // Act
    const size = archive.sizeBytes(2 * DAY_MS);

    // Assess
    expect(archive.eventCount(2 * DAY_MS)).toBe(1);
    expect(size).toBe(Buffer.byteLength(JSON.stringify(envelope(2))));
  });

  it('holds a journal loaded at start to its cap too, and rewrites the journal with what it kept', () => {
    // Prepare: a previous run's journal of 25 events, for an archive that holds 10.
    const eventBytes = Buffer.byteLength(JSON.stringify(envelope(24, 1_000)));
    let journalled: ArchivedEvent[] = Array.from({ length: 25 }, (_, id) => ({ event: envelope(id, 1_000), archivedAt: 0, sizeBytes: eventBytes }));
    const journal: ArchiveJournal = {
      load: () => journalled,
      replaceAll: (events) => void (journalled = [...events]),
      append: (event) => void journalled.push(event),
    };
    const archive = archiveOf(10 * eventBytes);

    // Act
    archive.keepIn(journal, 0);

    // Assess
    expect(archive.eventCount(0)).toBe(10);
    expect(archive.sizeBytes(0)).toBe(10 * eventBytes);
    expect(archive.droppedCount).toBe(15);
    expect(journalled.map(({ event }) => event.id)).toEqual(Array.from({ length: 10 }, (_, i) => `e-${i + 15}`));
  });
});
