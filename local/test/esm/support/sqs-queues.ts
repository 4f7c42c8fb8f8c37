import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
  type SendMessageBatchRequestEntry,
} from '@aws-sdk/client-sqs';
import { startSqsS3, type RunningSqsS3 } from '../../../engines/sqs-s3.ts';
import { queueArn, REGION } from './topology.ts';

export interface SqsFixture {
  engine: RunningSqsS3;
  sqs: SQSClient;
  /** Creates a queue; returns its URL and ARN. */
  createQueue(name: string, attributes?: Record<string, string>): Promise<{ url: string; arn: string }>;
  /** Sends bodies in one SendMessageBatch per 10 (so a poller finds them all at once). */
  send(url: string, entries: (string | Omit<SendMessageBatchRequestEntry, 'Id'>)[]): Promise<void>;
  /** Visible and in-flight message counts. */
  counts(url: string): Promise<{ visible: number; inFlight: number }>;
  /** Receives what a queue (e.g. a DLQ) holds. */
  drain(url: string): Promise<string[]>;
  stop(): Promise<void>;
}

export async function sqsFixture(): Promise<SqsFixture> {
  const engine = await startSqsS3();
  const sqs = new SQSClient({ endpoint: engine.endpoint, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  return {
    engine,
    sqs,
    async createQueue(name, attributes = {}) {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
      return { url: QueueUrl!, arn: queueArn(name) };
    },
    async send(url, entries) {
      for (let i = 0; i < entries.length; i += 10) {
        await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: url,
            Entries: entries.slice(i, i + 10).map((entry, j) => ({ Id: String(i + j), ...(typeof entry === 'string' ? { MessageBody: entry } : entry) })),
          }),
        );
      }
    },
    async counts(url) {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
      );
      return { visible: Number(Attributes?.ApproximateNumberOfMessages), inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible) };
    },
    async drain(url) {
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
      return (Messages ?? []).map((message) => message.Body ?? '');
    },
    async stop() {
      sqs.destroy();
      await engine.stop();
    },
  };
}
