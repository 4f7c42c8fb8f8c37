import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { S3EventNotificationEventBridgeSchema, SqsRecordSchema } from '@aws-lambda-powertools/parser/schemas';
import * as z from 'zod';

const detail = S3EventNotificationEventBridgeSchema.shape.detail;

/**
 * The S3 "Object Created" event a bus rule puts on the import queue, whole, as the message body.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html
 */
export const ObjectCreatedSchema = S3EventNotificationEventBridgeSchema.extend({
  source: z.literal('aws.s3'),
  'detail-type': z.literal('Object Created'),
  detail: detail.extend({
    // Powertools accepts IPv4 only; S3 dual-stack endpoints serve IPv6 clients, and this field is never used here.
    'source-ip-address': z.string().optional(),
  }),
});
export type ObjectCreated = z.infer<typeof ObjectCreatedSchema>;

/**
 * An SQS record of the import queue with its body parsed as an {@link ObjectCreated} event.
 * Built once, at cold start, for the Powertools batch processor's parser integration: a message
 * that does not match fails with the fields named, is retried and ends in the queue's DLQ.
 */
export const ImportMessageSchema = SqsRecordSchema.extend({ body: JSONStringified(ObjectCreatedSchema) });
export type ImportMessage = z.infer<typeof ImportMessageSchema>;
