import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ProductTrending } from '../../shared/events/index.ts';
import { createHandler, eventBridgeHandler, idempotent, loadConfig, logger, tracer } from '../../shared/runtime/index.ts';
import { recordPromotion } from './record-promotion.ts';

/*
 * promote-trending-product: target of the rule on ProductTrending (asynchronous invocation: Lambda
 * retries, then the on-failure destination). Records a promotion per product and window, once.
 *
 * Two guards against duplicates: the idempotency key (`trending#<sku>#<windowStart>`, the same for
 * every publication of one crossing) and the conditional put on (sku, windowStart).
 * Payload validation is off: two shards finishing the same window may each publish the crossing
 * with a different running `views` total under the one key, and both mean the same promotion.
 *
 * Environment: PROMOTIONS_TABLE, IDEMPOTENCY_TABLE.
 */

const { promotionsTable } = loadConfig({ required: ['promotionsTable'] });
const documents = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})));

export const handler = createHandler(
  eventBridgeHandler(
    ProductTrending,
    idempotent(
      async (event) => {
        const outcome = await recordPromotion(event, { client: documents, tableName: promotionsTable });
        if (outcome.status === 'promoted') logger.info('Trending product promoted', { sku: outcome.promotion.sku, windowStart: outcome.promotion.windowStart });
        else logger.info('Promotion already recorded: nothing to do', { sku: outcome.sku, windowStart: outcome.windowStart });
        return outcome;
      },
      { payloadValidationPath: false },
    ),
  ),
);
