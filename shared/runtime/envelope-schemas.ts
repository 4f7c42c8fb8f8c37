import * as z from '../validation/zod.ts';
import { reportIssue } from '../validation/transform-issue.ts';

/*
 * The transports' envelopes, as Powertools parser's EventBridgeSchema, SqsRecordSchema and JSONStringified check
 * them (@aws-lambda-powertools/parser/schemas), restated with the same fields and rules. Theirs import `{ z }` from
 * zod, which esbuild cannot tree-shake: a bundle using them carries all of zod (about 450 KB, with every locale)
 * and evaluates it at cold start. These use the project's zod (mini, only what is used; README, "Cold start").
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
  'replay-name': z.optional(z.string()),
});

const SqsMessageAttribute = z.object({
  stringValue: z.nullable(z.optional(z.string())),
  binaryValue: z.nullable(z.optional(z.string())),
  stringListValues: z.optional(z.array(z.string())),
  binaryListValues: z.optional(z.array(z.string())),
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
    MessageDeduplicationId: z.optional(z.string()),
    MessageGroupId: z.optional(z.string()),
    SenderId: z.string(),
    SentTimestamp: z.string(),
    SequenceNumber: z.optional(z.string()),
    AWSTraceHeader: z.optional(z.string()),
    DeadLetterQueueSourceArn: z.optional(z.string()),
  }),
  messageAttributes: z.record(z.string(), SqsMessageAttribute),
  md5OfBody: z.string(),
  md5OfMessageAttributes: z.nullable(z.optional(z.string())),
  eventSource: z.literal('aws:sqs'),
  eventSourceARN: z.string(),
  awsRegion: z.string(),
});

/** A string holding JSON, parsed and then checked against `schema` (an invalid JSON text is an issue, not a throw). */
export const jsonStringified = <S extends z.ZodMiniType>(schema: S) =>
  z.pipe(
    z.pipe(
      z.string(),
      z.transform((text: string, ctx) => {
        try {
          return JSON.parse(text) as unknown;
        } catch (error) {
          reportIssue(ctx, { message: `Invalid JSON - ${(error as Error).message}`, fatal: true });
          return z.NEVER;
        }
      }),
    ),
    schema,
  );
