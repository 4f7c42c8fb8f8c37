import type { CheckContext } from './context.ts';
import { fromViolations, type InvariantResult } from './invariant.ts';

/** The transactional outbox: an event is published if it was stored. The archive (the bus's wire tap) is the witness. */
export function outboxInvariants({ stores, putEvents }: CheckContext): InvariantResult[] {
  const missing = stores.events.filter((event) => !stores.archivedIds.has(event.eventId)).map((e) => `${e.detailType} ${e.eventId} of ${e.aggregateId}`);
  const twice = stores.events.filter((event) => (stores.archivedIds.get(event.eventId) ?? 0) > 1).length;
  const lostPut = putEvents.acceptedIds.filter((id) => !stores.archivedIds.has(id));
  return [
    fromViolations(
      'every stored event was published: the archive holds each event id at least once',
      `${stores.events.length} events stored, ${stores.events.length - missing.length} archived (${twice} more than once, which consumers absorb)`,
      missing.map((m) => `not published: ${m}`),
    ),
    fromViolations(
      'every event PutEvents accepted is in the archive',
      `${putEvents.acceptedIds.length} accepted (${putEvents.entryRetries} entries failed in a 200 answer and were put again)`,
      lostPut.map((id) => `not archived: ${id}`),
    ),
  ];
}
