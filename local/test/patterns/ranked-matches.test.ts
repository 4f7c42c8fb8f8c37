import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RankedList } from '../../eventbridge/patterns/ranked-matches.ts';

interface Item {
  readonly name: number;
  rank: number;
}

describe('RankedList', () => {
  it('puts any subset of its items back in the order they were added, after removals, however many', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.nat(), { maxLength: 100 }),
        fc.array(fc.nat(), { maxLength: 200 }),
        (count, removals, picks) => {
          // Prepare
          const list = new RankedList<Item>();
          let live: Item[] = Array.from({ length: count }, (_, name) => ({ name, rank: 0 }));
          for (const item of live) list.push(item);
          for (const removal of removals) {
            const item = live[removal % live.length];
            if (item === undefined || live.length === 1) continue;
            list.delete(item);
            live = live.filter((other) => other !== item);
          }
          const matched = [...new Set(picks.map((pick) => live[pick % live.length] as Item))];

          // Act
          const ordered = list.inOrder([...matched].reverse(), (item) => item.name);

          // Assess
          expect(ordered).toEqual(live.filter((item) => matched.includes(item)).map((item) => item.name));
          expect(list.size).toBe(live.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves no mark of one call on the next', () => {
    // Prepare
    const list = new RankedList<Item>();
    const items = Array.from({ length: 100 }, (_, name) => ({ name, rank: 0 }));
    for (const item of items) list.push(item);
    list.inOrder(items.slice(0, 40), (item) => item.name);

    // Act
    const second = list.inOrder(items.slice(60, 80), (item) => item.name);

    // Assess
    expect(second).toEqual(items.slice(60, 80).map((item) => item.name));
  });
});
