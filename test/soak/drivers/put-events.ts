import { PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { SoakApp } from '../soak-app.ts';

export interface PutEventsSent {
  /** Event ids EventBridge gave the entries it accepted: the archive must hold each. */
  acceptedIds: string[];
  /** Entries failed in a 200 answer (InternalFailure, ThrottlingException) and put again. */
  entryRetries: number;
  /** `PaymentReceived` events the soak made poison on purpose (their detail is not a payment). */
  poison: number;
  /** Entries still failing after every attempt. */
  failed: number;
}

/** PutEvents allows at most 10 entries a request. https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html */
const PUT_EVENTS_MAX_ENTRIES = 10;
const ENTRY_ATTEMPTS = 10;

/**
 * Puts events on the app's bus as a partner would: `count` events no rule matches (the archive keeps them), and a few
 * `PaymentReceived` whose detail is no payment (marked `soakPoison`), which record-payment must refuse until its
 * on-failure destination keeps them. Entries that fail in a 200 answer are put again.
 */
export async function putPartnerEvents(app: SoakApp, options: { seed: number; count: number; poison: number }): Promise<PutEventsSent> {
  const entries: PutEventsRequestEntry[] = [
    ...Array.from({ length: options.count }, (_, i) => ({
      EventBusName: app.names.bus,
      Source: 'soak.partner',
      DetailType: 'PartnerNoteRecorded',
      Detail: JSON.stringify({ note: `soak ${options.seed} note ${i}` }),
    })),
    ...Array.from({ length: options.poison }, (_, i) => ({
      EventBusName: app.names.bus,
      Source: 'eventful.payments',
      DetailType: 'PaymentReceived',
      Detail: JSON.stringify({ soakPoison: `soak-${options.seed}-poison-${i}`, data: { orderId: 42 } }),
    })),
  ];
  const sent: PutEventsSent = { acceptedIds: [], entryRetries: 0, poison: options.poison, failed: 0 };
  for (let start = 0; start < entries.length; start += PUT_EVENTS_MAX_ENTRIES) {
    let pending = entries.slice(start, start + PUT_EVENTS_MAX_ENTRIES);
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      const answer = await app.clients.events.send(new PutEventsCommand({ Entries: pending }));
      const failed: PutEventsRequestEntry[] = [];
      pending.forEach((entry, i) => {
        const result = answer.Entries?.[i];
        if (result?.EventId) sent.acceptedIds.push(result.EventId);
        else failed.push(entry);
      });
      if (failed.length > 0 && attempt >= ENTRY_ATTEMPTS) {
        sent.failed += failed.length;
        break;
      }
      sent.entryRetries += failed.length;
      pending = failed;
    }
  }
  return sent;
}
