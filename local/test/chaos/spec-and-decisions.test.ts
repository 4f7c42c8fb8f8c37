import { describe, expect, it } from 'vitest';
import { ALL_FAULT_KINDS, Chaos, ChaosSpecError, describeChaosSummary, parseChaosSpec, type FaultKind } from '../../chaos/index.ts';

const decisions = (chaos: Chaos, kind: FaultKind, calls: number) => Array.from({ length: calls }, (_, i) => chaos.strike(kind, `call ${i}`));

describe('--chaos spec', () => {
  it('sets every kind with rate, an area with its name and a kind by itself; the more specific wins in any order', () => {
    // Act
    const spec = parseChaosSpec('lambda.timeout=0,seed=42,lambda=0.2,rate=0.05');

    // Assess
    expect(spec.seed).toBe(42);
    expect(spec.rates['lambda.error']).toBe(0.2);
    expect(spec.rates['lambda.timeout']).toBe(0);
    expect(spec.rates['dynamodb.throttle']).toBe(0.05);
    expect(Object.keys(spec.rates).sort()).toEqual([...ALL_FAULT_KINDS].sort());
  });

  it('leaves kinds not named at 0 and the seed at 1 when not given', () => {
    // Act
    const spec = parseChaosSpec('sqs.duplicate=1');

    // Assess
    expect(spec.seed).toBe(1);
    expect(spec.rates['sqs.duplicate']).toBe(1);
    expect(ALL_FAULT_KINDS.filter((kind) => spec.rates[kind] > 0)).toEqual(['sqs.duplicate']);
  });

  it.each([
    ['seed=42,lambda.eror=0.1', 'lambda.eror=0.1', /unknown key "lambda.eror"/],
    ['rate=1.5', 'rate=1.5', /from 0 to 1, got 1.5/],
    ['rate=-0.1', 'rate=-0.1', /from 0 to 1/],
    ['rate=abc', 'rate=abc', /from 0 to 1, got "abc"/],
    ['rate=', 'rate=', /from 0 to 1, got ""/],
    ['rate=0x1', 'rate=0x1', /from 0 to 1/],
    ['seed=4.2', 'seed=4.2', /the seed must be an integer/],
    ['seed=99999999999', 'seed=99999999999', /the seed must be an integer/],
    ['rate=0.1,seed', 'seed', /expected key=value/],
    ['=0.1', '=0.1', /expected key=value/],
    ['rate=0.1,rate=0.2', 'rate=0.2', /rate is given twice/],
    ['rate=0.1,,seed=2', 'rate=0.1,,seed=2', /empty part/],
    ['', '', /empty/],
  ])('refuses %j naming the part %j', (text, part, problem) => {
    // Act
    let caught: unknown;
    try {
      parseChaosSpec(text);
    } catch (error) {
      caught = error;
    }

    // Assess
    expect(caught).toBeInstanceOf(ChaosSpecError);
    expect((caught as ChaosSpecError).part).toBe(part);
    expect((caught as Error).message).toContain(`--chaos "${part}"`);
    expect((caught as Error).message).toMatch(problem);
  });
});

describe('chaos decisions', () => {
  it('are the same for the same seed, and differ for another seed', () => {
    // Prepare
    const spec = (seed: number) => parseChaosSpec(`seed=${seed},rate=0.3`);

    // Act
    const first = decisions(new Chaos(spec(42)), 'lambda.error', 200);
    const again = decisions(new Chaos(spec(42)), 'lambda.error', 200);
    const other = decisions(new Chaos(spec(43)), 'lambda.error', 200);

    // Assess
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('strike at about their rate', () => {
    // Act
    const struck = decisions(new Chaos(parseChaosSpec('seed=7,rate=0.05')), 'sqs.duplicate', 10_000).filter(Boolean).length;

    // Assess
    expect(struck).toBeGreaterThan(400);
    expect(struck).toBeLessThan(600);
  });

  it('draw one stream per kind: asking other kinds, or turning them on, shifts no kind decisions', () => {
    // Prepare
    const alone = new Chaos(parseChaosSpec('seed=42,lambda.error=0.3'));
    const crowded = new Chaos(parseChaosSpec('seed=42,rate=0.3'));

    // Act
    const expected = decisions(alone, 'lambda.error', 100);
    const interleaved = Array.from({ length: 100 }, (_, i) => {
      crowded.strike('dynamodb.throttle', 'x');
      crowded.strike('sqs.crash', 'x');
      return crowded.strike('lambda.error', `call ${i}`);
    });

    // Assess
    expect(interleaved).toEqual(expected);
  });

  it('never strike at rate 0 and always at rate 1', () => {
    // Prepare
    const chaos = new Chaos(parseChaosSpec('seed=3,lambda.error=1'));

    // Act + Assess
    expect(decisions(chaos, 'lambda.error', 50).every(Boolean)).toBe(true);
    expect(decisions(chaos, 'lambda.timeout', 50).some(Boolean)).toBe(false);
  });

  it('strikeOne injects at most one of exclusive kinds, and each kind still draws every time', () => {
    // Prepare
    const chaos = new Chaos(parseChaosSpec('seed=5,lambda.error=1,lambda.timeout=1'));

    // Act
    const struck = chaos.strikeOne(['lambda.error', 'lambda.timeout'], 'f r');

    // Assess
    expect(struck).toBe('lambda.error');
    expect(chaos.summary().injected['lambda.error']).toBe(1);
    expect(chaos.summary().injected['lambda.timeout']).toBe(0);
  });

  it('report each injected fault and count it per kind in the summary', () => {
    // Prepare
    const injected: string[] = [];
    const chaos = new Chaos(parseChaosSpec('seed=9,putevents.internal=1,sqs.crash=1'), { onInjected: ({ kind, where }) => injected.push(`${kind} ${where}`) });

    // Act
    chaos.strike('putevents.internal', 'bus a');
    chaos.strike('putevents.internal', 'bus b');
    chaos.strike('sqs.crash', 'queue');
    chaos.strike('lambda.error', 'never');

    // Assess
    expect(injected).toEqual(['putevents.internal bus a', 'putevents.internal bus b', 'sqs.crash queue']);
    const summary = chaos.summary();
    expect(summary).toMatchObject({ spec: 'seed=9,putevents.internal=1,sqs.crash=1', seed: 9, total: 3 });
    expect(summary.injected).toMatchObject({ 'putevents.internal': 2, 'sqs.crash': 1, 'lambda.error': 0 });
    expect(summary.sources['putevents.internal']).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    expect(describeChaosSummary(summary)[0]).toBe('chaos: 3 fault(s) injected (seed=9,putevents.internal=1,sqs.crash=1)');
  });
});
