import { describe, expect, it } from 'vitest';
import { packBatches } from '../../../shared/publishing/pack-batches.ts';

const weight = (item: { bytes: number }) => item.bytes;
const items = (...sizes: number[]) => sizes.map((bytes, id) => ({ id, bytes }));
const ids = (batches: { id: number }[][]) => batches.map((batch) => batch.map((item) => item.id));

describe('packBatches', () => {
  it('closes a batch when it holds maxCount items, keeping the input order', () => {
    // Prepare
    const input = items(...Array.from({ length: 25 }, () => 1));

    // Act
    const batches = packBatches(input, weight, { maxCount: 10, maxBytes: 1000 });

    // Assess
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(batches.flat()).toEqual(input);
  });

  it.each([
    ['the next item would go over maxBytes', [600, 500, 400], [[0], [1, 2]]],
    ['a batch may weigh exactly maxBytes', [400, 600, 1], [[0, 1], [2]]],
    ['an item of exactly maxBytes travels alone', [1, 1000, 1], [[0], [1], [2]]],
    ['small items after a big one share its batch while they fit', [900, 50, 50, 1], [[0, 1, 2], [3]]],
  ])('splits by bytes when %s', (_case, sizes, expected) => {
    expect(ids(packBatches(items(...sizes), weight, { maxCount: 10, maxBytes: 1000 }))).toEqual(expected);
  });

  it('returns no batch for no item', () => {
    expect(packBatches([], weight, { maxCount: 10, maxBytes: 1000 })).toEqual([]);
  });

  it('refuses an item that is over maxBytes on its own, naming its position and size', () => {
    expect(() => packBatches(items(1, 1001), weight, { maxCount: 10, maxBytes: 1000 })).toThrow(
      new RangeError('Item 1 is 1001 bytes, over the 1000-byte limit of a batch'),
    );
  });
});
