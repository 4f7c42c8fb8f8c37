/**
 * `vi.waitFor` options for what the runtime does in its own time (retries, deliveries, schedules): generous, since
 * a CI machine with two busy cores can take seconds where a laptop takes milliseconds. A wait that holds returns
 * at once, so the bound costs nothing when things go right; vitest's default (1 s) failed tests on loaded machines.
 */
export const LOADED_MACHINE_WAIT = { timeout: 15_000, interval: 20 } as const;
