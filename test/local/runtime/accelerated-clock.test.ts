import { describe, expect, it } from 'vitest';
import { acceleratedClock, ManualClock } from '../../../local/clock.ts';

describe('an accelerated clock', () => {
  it('tells the time of its base but sleeps a fraction of what it is asked', async () => {
    // Prepare
    const base = new ManualClock(1_000);
    const clock = acceleratedClock(base, 10);
    let woke = false;
    // Act
    const sleeping = clock.sleep(60_000).then(() => (woke = true));
    await base.advance(5_999);
    const early = woke;
    await base.advance(1);
    await sleeping;
    // Assess
    expect(early).toBe(false);
    expect(woke).toBe(true);
    expect(clock.now()).toBe(base.now());
  });

  it('refuses a factor below 1, which would lengthen waits', () => {
    expect(() => acceleratedClock(new ManualClock(0), 0.5)).toThrow(/factor of 1 or more, got 0.5/);
  });
});
