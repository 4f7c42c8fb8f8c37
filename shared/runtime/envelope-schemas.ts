import * as z from 'zod';

/*
 * The transports' envelopes, as Powertools parser's EventBridgeSchema, SqsRecordSchema and JSONStringified check
 * them (@aws-lambda-powertools/parser/schemas), restated with the same fields and rules. Theirs import `{ z }` from
 * zod, which esbuild cannot tree-shake: a bundle using them carries all of zod (about 450 KB, with every locale)
 * and evaluates it at cold start. A namespace import keeps what is used (README, "Cold start").
 * EventBridge: https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html
 * SQS: https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#example-standard-queue-message-event
 */

/** A full EventBridge event, as a Lambda target of a rule (or a queue target's message body) receives it. */
export const EventBridgeEnvelope = z.object({
  version: z.string(),
  id: z.string(),
  source: z.string(),
  account: z.string(),
  time: z.iso.datetime(),
  region: z.string(),
  resources: z.array(z.string()),
  'detail-type': z.string(),
  detail: z.unknown(),
  'replay-name': z.string().optional(),
});

const SqsMessageAttribute = z.object({
  stringValue: z.string().optional().nullable(),
  binaryValue: z.string().optional().nullable(),
  stringListValues: z.array(z.string()).optional(),
  binaryListValues: z.array(z.string()).optional(),
  dataType: z.string(),
});

/** One record of the SQS event Lambda's event source mapping delivers. */
export const SqsRecordEnvelope = z.object({
  messageId: z.string(),
  receiptHandle: z.string(),
  body: z.string(),
  attributes: z.object({
    ApproximateReceiveCount: z.string(),
    ApproximateFirstReceiveTimestamp: z.string(),
    MessageDeduplicationId: z.string().optional(),
    MessageGroupId: z.string().optional(),
    SenderId: z.string(),
    SentTimestamp: z.string(),
    SequenceNumber: z.string().optional(),
    AWSTraceHeader: z.string().optional(),
    DeadLetterQueueSourceArn: z.string().optional(),
  }),
  messageAttributes: z.record(z.string(), SqsMessageAttribute),
  md5OfBody: z.string(),
  md5OfMessageAttributes: z.string().optional().nullable(),
  eventSource: z.literal('aws:sqs'),
  eventSourceARN: z.string(),
  awsRegion: z.string(),
});

/** A string holding JSON, parsed and then checked against `schema` (an invalid JSON text is an issue, not a throw). */
export const jsonStringified = <S extends z.ZodType>(schema: S) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `Invalid JSON - ${(error as Error).message}`, fatal: true });
        return z.NEVER;
      }
    })
    .pipe(schema);
