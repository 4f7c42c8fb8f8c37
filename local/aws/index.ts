/**
 * AWS's limits and sizing rules, once, each with the page that states it: what the emulation enforces and
 * what an app's own code must respect (`@eventful/local/aws`). Constants and pure functions only, so a
 * Lambda bundle that imports them carries nothing of the runtime.
 */
export * from './limits.ts';
export { putEventsEntrySize } from './put-events-entry-size.ts';
