import { LATEST, LOG_TAIL_LIMIT_BYTES } from './constants.ts';
import type { InvokeResult } from './types.ts';

/**
 * The Invoke API's `LogResult` for `LogType: Tail`: the last 4 KB of the invocation's log, base64-encoded,
 * framed by the `START`/`END` lines Lambda writes (no `REPORT` line: memory use is not measured locally).
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_ResponseSyntax
 */
export function formatLogTail(result: InvokeResult): string {
  const text = [
    `START RequestId: ${result.requestId} Version: ${LATEST}`,
    ...result.logs.map((line) => line.message),
    `END RequestId: ${result.requestId}`,
    '',
  ].join('\n');
  const bytes = Buffer.from(text, 'utf8');
  return bytes.subarray(Math.max(0, bytes.length - LOG_TAIL_LIMIT_BYTES)).toString('base64');
}
