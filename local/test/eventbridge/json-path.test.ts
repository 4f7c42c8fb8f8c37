import { describe, expect, it } from 'vitest';
import { compileJsonPath, JsonPathSyntaxError } from '../../eventbridge/json-path.ts';

const document = {
  'detail-type': 'OrderPlaced',
  detail: { 'order-id': 'o-1', 'path/with/slashes': 'yes', items: [{ sku: 'A' }, { sku: 'B' }], empty: null, flag: false },
};

describe('JSON paths (the subset EventBridge evaluates)', () => {
  it.each([
    ['$', document],
    ['$.detail-type', 'OrderPlaced'],
    ['$.detail.order-id', 'o-1'],
    ['$.detail.path/with/slashes', 'yes'],
    ['$.detail.items[1].sku', 'B'],
    ['$.detail.items[*].sku', ['A', 'B']],
    ['$.detail.items.*.sku', ['A', 'B']],
    ['$.detail.empty', null],
    ['$.detail.flag', false],
  ])('reads %s', (path, expected) => {
    expect(compileJsonPath(path)(document)).toEqual({ found: true, value: expected });
  });

  it.each(['$.detail.missing', '$.detail.items[5]', '$.detail.order-id.deeper', '$.detail.items[*].missing'])('finds nothing at %s', (path) => {
    expect(compileJsonPath(path)(document)).toEqual({ found: false });
  });

  it.each([
    ['detail.order-id', 'must start with $'],
    ["$['detail']", 'unsupported syntax'],
    ['$.detail..sku', 'expected a field name'],
    ['$.detail.items[-1]', 'unsupported syntax'],
  ])('refuses %s (%s)', (path, reason) => {
    expect(() => compileJsonPath(path)).toThrow(JsonPathSyntaxError);
    expect(() => compileJsonPath(path)).toThrow(reason);
  });
});
