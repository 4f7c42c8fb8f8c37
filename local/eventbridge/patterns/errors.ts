/**
 * Prefix AWS puts in front of every reason, e.g.
 * `Event pattern is not valid. Reason: Empty arrays are not allowed`.
 * The local endpoint returns this message with `__type: InvalidEventPatternException`.
 */
export const INVALID_PATTERN_PREFIX = 'Event pattern is not valid. Reason: ';

/**
 * Thrown when an event pattern would be rejected by EventBridge (`PutRule`, `TestEventPattern`).
 *
 * `reason` is the text AWS puts after `Reason:` (the same wording as aws/event-ruler's compiler);
 * `path` says where in the pattern the problem is, e.g. `detail.state[0].anything-but.prefix`.
 * The first line of `message` is the message AWS returns; the second line names the place,
 * as AWS's own second line (`at [Source: ...; line: 1, column: 42]`) does.
 *
 * @example
 * try { validatePattern({ source: [] }) } catch (error) {
 *   // error.reason === 'Empty arrays are not allowed', error.path === 'source'
 * }
 */
export class InvalidEventPatternError extends Error {
  override readonly name = 'InvalidEventPatternError';
  /** The error code the EventBridge API uses for this failure. */
  readonly code = 'InvalidEventPatternException';

  constructor(
    readonly reason: string,
    readonly path: string = '',
  ) {
    super(`${INVALID_PATTERN_PREFIX}${reason}${path ? `\n at pattern path: ${path}` : ''}`);
  }

  /** The message exactly as AWS words it, without our location line. */
  get awsMessage(): string {
    return `${INVALID_PATTERN_PREFIX}${this.reason}`;
  }
}
