/** EventBridge `source` of each bounded context. One place, so rules and producers cannot drift. */
export const Sources = {
  orders: 'eventful.orders',
  inventory: 'eventful.inventory',
  payments: 'eventful.payments',
  activity: 'eventful.activity',
  catalog: 'eventful.catalog',
} as const;
