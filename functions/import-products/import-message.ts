import { ParsingError } from '@aws-lambda-powertools/batch';
import type { parser } from '@aws-lambda-powertools/batch/parser';
import * as z from '../../shared/validation/zod.ts';
import { EventBridgeEnvelope, jsonStringified, SqsRecordEnvelope } from '../../shared/runtime/envelope-schemas.ts';

/*
 * The S3 "Object Created" event restated with the fields and rules of Powertools parser's
 * S3EventNotificationEventBridgeSchema (@aws-lambda-powertools/parser/schemas), on the house envelopes:
 * Powertools' schemas import `{ z }` from zod, which kept all of zod (about 450 KB, every locale) in this
 * bundle and evaluated it at cold start (README, "Cold start").
 */
const ObjectCreatedDetail = z.object({
  version: z.string(),
  bucket: z.object({ name: z.string() }),
  object: z.object({
    key: z.string(),
    size: z.optional(z.number().check(z.nonnegative())),
    etag: z.optional(z.string()),
    'version-id': z.optional(z.string()),
    sequencer: z.optional(z.string()),
  }),
  'request-id': z.string(),
  requester: z.string(),
  // Powertools accepts IPv4 only; S3 dual-stack endpoints serve IPv6 clients, and this field is never used here.
  'source-ip-address': z.optional(z.string()),
  reason: z.optional(z.string()),
});

/**
 * The S3 "Object Created" event a bus rule puts on the import queue, whole, as the message body.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html
 */
export const ObjectCreatedSchema = z.extend(EventBridgeEnvelope, {
  source: z.literal('aws.s3'),
  'detail-type': z.literal('Object Created'),
  detail: ObjectCreatedDetail,
});
export type ObjectCreated = z.infer<typeof ObjectCreatedSchema>;

/**
 * An SQS record of the import queue with its body parsed as an {@link ObjectCreated} event.
 * Built once, at cold start, for the Powertools batch processor's parser integration: a message
 * that does not match fails with the fields named, is retried and ends in the queue's DLQ.
 */
export const ImportMessageSchema = z.extend(SqsRecordEnvelope, { body: jsonStringified(ObjectCreatedSchema) });
export type ImportMessage = z.infer<typeof ImportMessageSchema>;

/**
 * The batch processor's parser integration for a full record `schema`, as `@aws-lambda-powertools/batch/parser`
 * does it for one (the schema's Standard Schema `validate`; a failure is a ParsingError naming each field, logged
 * at DEBUG), without that module's other branches: they import Powertools parser's schemas for every event
 * type, and with them all of zod (see above).
 */
export const parseImportRecord: typeof parser = async (record, _eventType, logger, config) => {
  if (config.schema === undefined) throw new ParsingError('parseImportRecord needs a full record schema');
  const result = await config.schema['~standard'].validate(record);
  // The record as the schema parsed it, which the processor hands the record handler (typed as a record, as Powertools' parser returns it).
  if (result.issues === undefined) return result.value as Awaited<ReturnType<typeof parser>>;
  const message = result.issues.map((issue) => `${issue.path?.map((key) => (typeof key === 'object' ? key.key : key)).join('.')}: ${issue.message}`).join('; ');
  logger.debug(`Failed to parse record: ${message}`);
  throw new ParsingError(message);
};
