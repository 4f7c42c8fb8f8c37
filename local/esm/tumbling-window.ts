import { tumblingWindowFields, type TumblingWindowFields } from '../aws/events/index.ts';
import { WINDOW_STATE_LIMIT_BYTES } from './constants.ts';

export { isoSeconds } from '../aws/events/index.ts';

/**
 * Tumbling windows (`TumblingWindowInSeconds`) on Kinesis and DynamoDB stream mappings.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html
 *
 * - Windows are aligned to clock time: a record belongs to the window its arrival time falls in
 *   (`[floor(arrival / size) * size, + size)`), "based on the time when records were inserted into the stream".
 * - A batch never spans two windows; each invocation gets the state the previous invocation of the same window
 *   returned, `{}` at first.
 * - Once a window has ended, Lambda invokes the function a last time for it with `isFinalInvokeForWindow: true`
 *   and the window's state, so it can act on the aggregate; then the state is dropped. AWS documents no record
 *   list for that invocation: it has none here (`Records: []`).
 * - A state over 1 MB ends the window early: the final invocation carries `isWindowTerminatedEarly: true`, and the
 *   invocations after it continue the same window with a fresh state.
 */
export interface TumblingWindow {
  /** Epoch milliseconds, inclusive. */
  start: number;
  /** Epoch milliseconds, exclusive. */
  end: number;
}

export function windowOf(arrivedAt: number, seconds: number): TumblingWindow {
  const size = seconds * 1000;
  const start = Math.floor(arrivedAt / size) * size;
  return { start, end: start + size };
}

export const sameWindow = (a: TumblingWindow, b: TumblingWindow) => a.start === b.start;

/** A window still collecting, with the state its last invocation returned. */
export interface OpenWindow {
  window: TumblingWindow;
  state: Record<string, unknown>;
}

/** The fields Lambda adds to the event of a windowed mapping, after `Records` and in AWS's order. */
export function windowEventFields(
  open: OpenWindow,
  placement: { shardId: string; eventSourceArn: string },
  flags: { final: boolean; terminatedEarly: boolean },
): TumblingWindowFields {
  return tumblingWindowFields({ window: open.window, state: open.state, ...placement, final: flags.final, terminatedEarly: flags.terminatedEarly });
}

/** Whether the state a function returned is over the 1 MB a window may carry. */
export function stateTooLarge(state: Record<string, unknown>): boolean {
  return Buffer.byteLength(JSON.stringify(state)) > WINDOW_STATE_LIMIT_BYTES;
}
