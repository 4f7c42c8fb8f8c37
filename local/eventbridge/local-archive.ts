import type { EventEnvelope } from './types.ts';

const DAY_MS = 86_400_000;

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

  constructor(
    readonly name: string,
    readonly arn: string,
    readonly sourceArn: string,
    /** The pattern as JSON text, as the API returns it. */
    readonly eventPattern: string | undefined,
    public retentionDays: number,
    readonly creationTime: number,
    description?: string,
  ) {
    this.description = description;
  }

  readonly state = 'ENABLED' as const;

  /** Loads the events `journal` kept (a previous run's) and keeps every event archived from now on in it too. */
  keepIn(journal: ArchiveJournal, now: number): void {
    this.#events.unshift(...journal.load());
    this.#expire(now);
    journal.replaceAll(this.#events);
    this.#journal = journal;
  }

  store(event: EventEnvelope, now: number): void {
    const archived = { event, archivedAt: now, sizeBytes: Buffer.byteLength(JSON.stringify(event)) };
    this.#journal?.append(archived);
    this.#events.push(archived);
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
    return this.#events.reduce((total, archived) => total + archived.sizeBytes, 0);
  }

  #expire(now: number): void {
    if (this.retentionDays === 0) return;
    const oldestKept = now - this.retentionDays * DAY_MS;
    const firstKept = this.#events.findIndex((archived) => archived.archivedAt > oldestKept);
    this.#events.splice(0, firstKept === -1 ? this.#events.length : firstKept);
  }
}
