import { describe, expect, it } from 'vitest';
import { FunctionNotFoundError, findFunction, shortPath } from '../../invoke/index.ts';
import type { FunctionSpec } from '../../topology/types.ts';

const fn = (name: string, path: string) =>
  ({ name, path, logicalId: name, stackName: 'Shop', arn: `arn:aws:lambda:us-east-1:123456789012:function:${name}` }) as FunctionSpec;

const functions = [
  fn('Shop-ReserveInventoryABC-1', 'Shop/Orders/ReserveInventory/Function/Resource'),
  fn('Shop-ProjectOrderDEF-2', 'Shop/Orders/ProjectOrder/Resource'),
  fn('Shop-ProjectOrderGHI-3', 'Shop/Reports/ProjectOrder/Resource'),
];

describe('finding the function to invoke', () => {
  it('shows a function by its construct path without the stack and the generic leaves under it', () => {
    expect(shortPath(functions[0] as FunctionSpec)).toBe('Orders/ReserveInventory');
  });

  it.each([
    'Shop-ReserveInventoryABC-1',
    'arn:aws:lambda:us-east-1:123456789012:function:Shop-ReserveInventoryABC-1',
    'Shop/Orders/ReserveInventory/Function/Resource',
    'Shop/Orders/ReserveInventory',
    'Orders/ReserveInventory',
    'ReserveInventory',
    'reserve-inventory',
    'orders/reserveInventory',
  ])('finds Orders/ReserveInventory by %s', (query) => {
    expect(findFunction(functions, query).name).toBe('Shop-ReserveInventoryABC-1');
  });

  it('refuses a name several functions answer to, naming them', () => {
    expect(() => findFunction(functions, 'ProjectOrder')).toThrow('"ProjectOrder" names more than one function: Orders/ProjectOrder, Reports/ProjectOrder');
    expect(findFunction(functions, 'Reports/ProjectOrder').name).toBe('Shop-ProjectOrderGHI-3');
  });

  it("refuses an unknown name, listing the app's functions", () => {
    const error = (() => {
      try {
        findFunction(functions, 'Nope');
      } catch (caught) {
        return caught;
      }
    })();

    expect(error).toBeInstanceOf(FunctionNotFoundError);
    expect((error as Error).message).toBe('no function "Nope" in this app; its functions: Orders/ProjectOrder, Orders/ReserveInventory, Reports/ProjectOrder');
  });
});
