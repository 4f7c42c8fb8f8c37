import type { EventEnvelope } from './types.ts';

const DAY_MS = 86_400_000;

/**
 * How many bytes of events one archive keeps in memory. AWS keeps an archive's events for its retention (forever by
 * default) with no size cap; the local runtime keeps them in its own memory, so a long session must not grow without
 * bound. Past this the oldest events are dropped (a replay over their time finds nothing), and `droppedCount` says
 * how many were. 64 MiB holds about 60,000 events of 1 KB.
 */
export const LOCAL_ARCHIVE_MAX_BYTES = 64 * 1024 * 1024;

export interface ArchivedEvent {
  event: EventEnvelope;
  archivedAt: number;
  sizeBytes: number;
}

/** Where an archive keeps its events beyond the run (`FileArchiveJournal`). */
export interface ArchiveJournal {
  /** Every event the journal holds, oldest first. */
  load(): ArchivedEvent[];
  /** Replaces the journal's content (after loading: without expired or torn entries). */
  replaceAll(events: readonly ArchivedEvent[]): void;
  append(event: ArchivedEvent): void;
}

/**
 * An archive: the events of its source bus that match its pattern (all when it has none), each kept with the time
 * it was archived until its retention runs out (0 days = forever, as on AWS).
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-archive.html
 */
export class LocalArchive {
  readonly #events: ArchivedEvent[] = [];
  #journal: ArchiveJournal | undefined;
  description: string | undefined;

  #heldBytes = 0;
  #droppedCount = 0;

  constructor(
    readonly name: string,
    readonly arn: string,
    readonly sourceArn: string,
    /** The pattern as JSON text, as the API returns it. */
    readonly eventPattern: string | undefined,
    public retentionDays: number,
    readonly creationTime: number,
    description?: string,
    /** @default LOCAL_ARCHIVE_MAX_BYTES */
    readonly maxBytes = LOCAL_ARCHIVE_MAX_BYTES,
  ) {
    this.description = description;
  }

  /** Events dropped, oldest first, to keep the archive within `maxBytes` (never on AWS). */
  get droppedCount(): number {
    return this.#droppedCount;
  }

  readonly state = 'ENABLED' as const;

  /** Loads the events `journal` kept (a previous run's) and keeps every event archived from now on in it too. */
  keepIn(journal: ArchiveJournal, now: number): void {
    const loaded = journal.load();
    this.#events.unshift(...loaded);
    for (const archived of loaded) this.#heldBytes += archived.sizeBytes;
    this.#expire(now);
    this.#dropOldestOverCap();
    // What is kept in memory is what the journal keeps: the cap bounds the file across restarts too.
    journal.replaceAll(this.#events);
    this.#journal = journal;
  }

  store(event: EventEnvelope, now: number): void {
    const sizeBytes = Buffer.byteLength(JSON.stringify(event));
    const archived = { event, archivedAt: now, sizeBytes };
    this.#journal?.append(archived);
    this.#events.push(archived);
    this.#heldBytes += sizeBytes;
    this.#dropOldestOverCap();
  }

  #dropOldestOverCap(): void {
    let dropped = 0;
    while (this.#heldBytes > this.maxBytes && dropped < this.#events.length) this.#heldBytes -= this.#events[dropped++]!.sizeBytes;
    if (dropped > 0) {
      this.#events.splice(0, dropped);
      this.#droppedCount += dropped;
    }
  }

  /** Archived events whose `time` lies in [start, end], oldest first, as of `now` (expired ones are gone). */
  eventsBetween(startMs: number, endMs: number, now: number): EventEnvelope[] {
    this.#expire(now);
    return this.#events
      .map(({ event }) => ({ event, time: Date.parse(event.time) }))
      .filter(({ time }) => time >= startMs && time <= endMs)
      .sort((a, b) => a.time - b.time)
      .map(({ event }) => event);
  }

  eventCount(now: number): number {
    this.#expire(now);
    return this.#events.length;
  }

  sizeBytes(now: number): number {
    this.#expire(now);
    return this.#heldBytes;
  }

  #expire(now: number): void {
    if (this.retentionDays === 0) return;
    const oldestKept = now - this.retentionDays * DAY_MS;
    const firstKept = this.#events.findIndex((archived) => archived.archivedAt > oldestKept);
    for (const expired of this.#events.splice(0, firstKept === -1 ? this.#events.length : firstKept)) this.#heldBytes -= expired.sizeBytes;
  }
}
