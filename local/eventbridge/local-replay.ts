import type { ReplayState } from './types.ts';

/** A replay and its progress, as DescribeReplay reports it. Times are epoch milliseconds. */
export interface LocalReplay {
  readonly name: string;
  readonly arn: string;
  readonly description?: string;
  /** The archive replayed. */
  readonly eventSourceArn: string;
  readonly destination: { arn: string; filterArns?: string[] };
  readonly eventStartTime: number;
  readonly eventEndTime: number;
  state: ReplayState;
  stateReason?: string;
  readonly replayStartTime: number;
  replayEndTime?: number;
  /** The `time` of the last event replayed. */
  eventLastReplayedTime?: number;
  eventsReplayed: number;
}

/** Replays that are still going: CancelReplay applies to these only. */
export const ACTIVE_REPLAY_STATES: readonly ReplayState[] = ['STARTING', 'RUNNING'];

const MINUTE_MS = 60_000;

/**
 * Archived events grouped into the one-minute slices a replay sends one after the other ("A replay processes
 * events to replay based on the time in the event, and replays them using 1 minute intervals", API_StartReplay).
 */
export function minuteSlices<T>(events: readonly T[], timeOf: (event: T) => number): T[][] {
  const slices = new Map<number, T[]>();
  for (const event of events) {
    const minute = Math.floor(timeOf(event) / MINUTE_MS);
    slices.set(minute, [...(slices.get(minute) ?? []), event]);
  }
  return [...slices.entries()].sort(([a], [b]) => a - b).map(([, slice]) => slice);
}
