import { setTimeout as sleep } from 'node:timers/promises';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Pauses before looking again for an order view that is not there yet. The projection usually lags
 * by well under a second; waiting here is cheaper than Lambda's asynchronous retries, which come
 * one and then two minutes later.
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html
 */
export const DEFAULT_LOOKUP_PAUSES_MS: readonly number[] = [250, 750];

/**
 * The order's view is not in the read model (yet). Thrown so that Lambda retries the invocation,
 * giving the projection time; after the function's retries, the event goes to its on-failure
 * destination (e.g. a PaymentFailed for an order that never existed).
 */
export class OrderViewNotFoundError extends Error {
  override readonly name = 'OrderViewNotFoundError';

  constructor(readonly orderId: string) {
    super(`Order ${orderId} is not in the read model yet: its customer is unknown, the notification waits for a retry`);
  }
}

/**
 * The customer of an order, from the read model (strongly consistent reads), looking again after
 * each of `pauses` while the view is missing.
 *
 * @throws OrderViewNotFoundError when it is still missing.
 */
export async function findCustomer(
  orderId: string,
  options: { client: DynamoDBDocumentClient; tableName: string; pausesMs?: readonly number[] },
): Promise<string> {
  const pauses = options.pausesMs ?? DEFAULT_LOOKUP_PAUSES_MS;
  for (let attempt = 0; ; attempt++) {
    const { Item } = await options.client.send(
      new GetCommand({ TableName: options.tableName, Key: { orderId }, ProjectionExpression: 'customerId', ConsistentRead: true }),
    );
    if (typeof Item?.customerId === 'string') return Item.customerId;
    const pause = pauses[attempt];
    if (pause === undefined) throw new OrderViewNotFoundError(orderId);
    await sleep(pause);
  }
}
