import { describe, expect, it } from 'vitest';
import { randomBytesPooled } from '../../aws/random-bytes.ts';

describe('randomBytesPooled', () => {
  it('gives the number of bytes asked for, different each time, across refills of its pool', () => {
    // Act: more draws than one pool holds
    const draws = Array.from({ length: 1000 }, () => randomBytesPooled(12).toString('hex'));

    // Assess
    expect(draws.every((draw) => draw.length === 24)).toBe(true);
    expect(new Set(draws).size).toBe(draws.length);
  });

  it('gives copies, which the next refill does not overwrite', () => {
    // Arrange
    const first = randomBytesPooled(16);
    const kept = Buffer.from(first);

    // Act
    for (let i = 0; i < 600; i++) randomBytesPooled(16);

    // Assess
    expect(first.equals(kept)).toBe(true);
  });

  it('refuses a draw larger than its pool, naming the size', () => {
    expect(() => randomBytesPooled(5000)).toThrow(/at most 4096 bytes, asked for 5000/);
  });
});
