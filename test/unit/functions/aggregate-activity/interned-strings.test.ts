import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InternedStrings } from '../../../../functions/aggregate-activity/interned-strings.ts';

/** The text's bytes between others, as a sku sits in a record. */
const within = (text: string) => ({ bytes: Buffer.from(`<${text}>`, 'latin1'), start: 1, end: 1 + text.length });

describe('InternedStrings', () => {
  it('answers the text of the bytes, and the very same string each time the same bytes come', () => {
    // Prepare
    const strings = new InternedStrings();
    const first = within('SKU-1');
    const again = within('SKU-1');
    // Act
    const answers = [strings.intern(first.bytes, first.start, first.end), strings.intern(again.bytes, again.start, again.end)];
    // Assess
    expect(answers).toEqual(['SKU-1', 'SKU-1']);
    expect(answers[1]).toBe(answers[0]);
    expect(strings.size).toBe(1);
  });

  it('answers each text for its own bytes however many there are (past every growth), and makes one string each', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'Z', '0', '-', ':'), maxLength: 24 }), { maxLength: 400 }), (texts) => {
        // Prepare
        const strings = new InternedStrings();
        // Act
        const answers = texts.map((text) => {
          const { bytes, start, end } = within(text);
          return strings.intern(bytes, start, end);
        });
        // Assess
        expect(answers).toEqual(texts);
        expect(strings.size).toBe(new Set(texts).size);
      }),
      { numRuns: 300 },
    );
  });
});
