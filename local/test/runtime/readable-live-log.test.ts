import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFunctionLine } from '../../runtime/function-log-line.ts';
import { shortFunctionNames } from '../../runtime/function-names.ts';
import { LiveLog, summarizeWarnings } from '../../runtime/index.ts';
import type { Unsupported } from '../../topology/types.ts';

const AT = new Date(2026, 11, 7, 12, 3, 4, 5).getTime();

/** What Powertools Logger prints for `logger.info('order placed', { orderId })` inside a correlated invocation. */
const powertoolsLine = JSON.stringify({
  level: 'INFO',
  message: 'order placed',
  timestamp: new Date(AT).toISOString(),
  service: 'place-order',
  cold_start: true,
  function_name: 'Eventful-OrdersPlaceOrderFunction1A2B3C',
  function_request_id: 'r-1',
  correlation_id: 'c-42',
  orderId: 'o-1',
  items: [1, 2],
});

describe('readable function log lines', () => {
  it('shows time, level, short name, message and correlation id, and folds the other fields', () => {
    // Act
    const line = formatFunctionLine({ functionName: 'PlaceOrder', message: `${powertoolsLine}\n`, timestamp: 0 });

    // Assess
    expect(line).toBe('12:03:04.005 INFO  PlaceOrder  order placed  corr=c-42 · orderId=o-1 items=[…2]');
  });

  it('shows an error field as its name and message', () => {
    // Act
    const line = formatFunctionLine({
      functionName: 'Relay',
      message: JSON.stringify({ level: 'ERROR', message: 'failed', error: { name: 'TypeError', message: 'x is undefined', stack: 'TypeError…' } }),
      timestamp: AT,
    });

    // Assess
    expect(line).toBe('12:03:04.005 ERROR Relay  failed · error="TypeError: x is undefined"');
  });

  it('shows a line that is not JSON as printed', () => {
    expect(formatFunctionLine({ functionName: 'Relay', message: 'plain text {', timestamp: AT })).toBe('12:03:04.005 -     Relay  plain text {');
  });

  it('never throws and keeps the message on any printed text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (message) => {
        const line = formatFunctionLine({ functionName: 'F', message, timestamp: AT });
        expect(line.startsWith('12:03:04.005 ')).toBe(true);
      }),
    );
  });
});

describe('short function names', () => {
  it("are the construct path's last meaningful part, or the path when two functions share it", () => {
    // Act
    const names = shortFunctionNames([
      { name: 'a', path: 'Eventful/Orders/PlaceOrder/Function/Resource' },
      { name: 'b', path: 'Eventful/Orders/Notify/Handler/Resource' },
      { name: 'c', path: 'Eventful/Billing/Notify/Resource' },
      { name: 'physical-only' },
    ]);

    // Assess
    expect(Object.fromEntries(names)).toEqual({ a: 'PlaceOrder', b: 'Orders/Notify', c: 'Billing/Notify', 'physical-only': 'physical-only' });
  });
});

describe('LiveLog formats', () => {
  it('writes function lines readably in the readable format, and raw to listeners and in the raw format', () => {
    // Prepare
    const readable: string[] = [];
    const raw: string[] = [];
    const heard: string[] = [];
    const functions = [{ name: 'Eventful-OrdersPlaceOrderFunction1A2B3C', path: 'Eventful/Orders/PlaceOrder/Function/Resource' }];
    const pretty = new LiveLog({ sink: (line) => readable.push(line), format: 'readable' });
    const plain = new LiveLog({ sink: (line) => raw.push(line) });
    pretty.describeFunctions(functions);
    plain.describeFunctions(functions);
    pretty.subscribe((line) => heard.push(line));
    const line = { functionName: functions[0]!.name, stream: 'stdout' as const, message: powertoolsLine, timestamp: AT };

    // Act
    for (const log of [pretty, plain]) {
      log.functionLine(line);
      log.lambda({ type: 'result', functionName: line.functionName, at: AT, requestId: 'r-1', invocationType: 'Event', outcome: 'success', durationMs: 12 });
    }

    // Assess
    expect(readable).toEqual(['12:03:04.005 INFO  PlaceOrder  order placed  corr=c-42 · orderId=o-1 items=[…2]', 'λ PlaceOrder Event success in 12 ms']);
    expect(raw).toEqual([`  ${line.functionName} | ${powertoolsLine}`, `λ ${line.functionName} Event success in 12 ms`]);
    expect(heard).toEqual(raw);
  });
});

describe('summarizeWarnings', () => {
  const loggingConfig = (name: string): Unsupported => ({
    stackName: 'Eventful',
    logicalId: `${name}Function`,
    path: `Eventful/Orders/${name}/Function/Resource`,
    type: 'AWS::Lambda::Function',
    reason: 'property LoggingConfig is partly emulated: the JSON log format and log-level filtering are not applied to local output',
    severity: 'warning',
  });

  it('says a difference found on several resources once, naming them', () => {
    // Act
    const lines = summarizeWarnings([
      loggingConfig('PlaceOrder'),
      loggingConfig('Relay'),
      { stackName: 'Eventful', logicalId: 'Sub', type: 'AWS::SNS::Subscription', reason: 'SNS is not emulated', severity: 'warning' },
    ]);

    // Assess
    expect(lines).toEqual([
      'warning: LoggingConfig partly emulated on 2 functions: PlaceOrder, Relay: the JSON log format and log-level filtering are not applied to local output (AWS::Lambda::Function)',
      'warning: Eventful/Sub (AWS::SNS::Subscription): SNS is not emulated',
    ]);
  });
});
