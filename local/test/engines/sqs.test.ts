import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, SendMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqsSendError } from '../../engines/sqs-in-process.ts';
import { startSqsS3, type RunningSqsS3 } from '../../engines/sqs-s3.ts';
import { localClientConfig } from './support/clients.ts';

describe('SQS engine (fauxqs)', () => {
  let engine: RunningSqsS3;
  let sqs: SQSClient;

  beforeAll(async () => {
    engine = await startSqsS3();
    sqs = new SQSClient(localClientConfig(engine.endpoint));
  });
  afterAll(async () => {
    sqs?.destroy();
    await engine?.stop();
  });

  const createQueue = async (name: string, attributes: Record<string, string> = {}) =>
    (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl!;
  const queueArn = async (queueUrl: string) =>
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  const receive = async (queueUrl: string, options: { visibilityTimeout?: number; max?: number } = {}): Promise<Message[]> =>
    (
      await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: options.max ?? 10,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
          ...(options.visibilityTimeout === undefined ? {} : { VisibilityTimeout: options.visibilityTimeout }),
        }),
      )
    ).Messages ?? [];

  it('delivers a message with its attributes over the JSON protocol, their MD5 checked by the SDK', async () => {
    // Prepare
    const queueUrl = await createQueue('orders');

    // Act
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: '{"orderId":"o-1"}',
        MessageAttributes: { correlationId: { DataType: 'String', StringValue: 'c-1' }, attempt: { DataType: 'Number', StringValue: '1' } },
      }),
    );
    const [message] = await receive(queueUrl);

    // Assess
    expect(message?.Body).toBe('{"orderId":"o-1"}');
    expect(message?.MessageAttributes?.correlationId?.StringValue).toBe('c-1');
    expect(message?.Attributes?.ApproximateReceiveCount).toBe('1');
  });

  it('hides a received message for the visibility timeout, then delivers it again with a higher receive count', async () => {
    // Prepare
    const queueUrl = await createQueue('visibility', { VisibilityTimeout: '1' });
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'again' }));

    // Act
    const first = await receive(queueUrl);
    const whileHidden = await receive(queueUrl);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const afterTimeout = await receive(queueUrl);

    // Assess
    expect(first.map((m) => m.Attributes?.ApproximateReceiveCount)).toEqual(['1']);
    expect(whileHidden).toEqual([]);
    expect(afterTimeout.map((m) => [m.Body, m.Attributes?.ApproximateReceiveCount])).toEqual([['again', '2']]);
  });

  it('moves a message to the dead-letter queue once it has been received maxReceiveCount times', async () => {
    // Prepare
    const dlqUrl = await createQueue('work-dlq');
    const queueUrl = await createQueue('work', {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: await queueArn(dlqUrl), maxReceiveCount: 2 }),
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'poison' }));

    // Act: each receive with VisibilityTimeout 0 returns the message to the queue at once
    const receives = [];
    for (let i = 0; i < 3; i++) receives.push(await receive(queueUrl, { visibilityTimeout: 0 }));
    const dead = await receive(dlqUrl);

    // Assess
    expect(receives.map((messages) => messages.map((m) => m.Attributes?.ApproximateReceiveCount))).toEqual([['1'], ['2'], []]);
    expect(dead.map((m) => m.Body)).toEqual(['poison']);
  });

  it('keeps a FIFO message group in order and holds the group while a message of it is in flight', async () => {
    // Prepare
    const queueUrl = await createQueue('checkout.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true', VisibilityTimeout: '30' });
    for (const [group, body] of [
      ['a', 'a1'],
      ['a', 'a2'],
      ['b', 'b1'],
    ] as const) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, MessageGroupId: group }));
    }

    // Act
    const first = await receive(queueUrl, { max: 1 });
    const second = await receive(queueUrl, { max: 10 });

    // Assess
    expect(first.map((m) => m.Body)).toEqual(['a1']);
    expect(second.map((m) => m.Body)).toEqual(['b1']);
  });

  it('refuses a duplicate FIFO message within the deduplication interval', async () => {
    // Prepare
    const queueUrl = await createQueue('dedup.fifo', { FifoQueue: 'true' });
    const send = () => sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'once', MessageGroupId: 'g', MessageDeduplicationId: 'd-1' }));

    // Act
    await send();
    await send();
    const received = await receive(queueUrl);

    // Assess
    expect(received.map((m) => m.Body)).toEqual(['once']);
  });

  it('keeps a long poll beaten to a message by another receiver waiting, and hands it the next message', async () => {
    // Prepare
    const queueUrl = await createQueue('long-polls');
    const longPoll = () => sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 5, MaxNumberOfMessages: 10 }));
    const answers: string[][] = [];
    const polls = [longPoll(), longPoll()].map((poll) => poll.then(({ Messages = [] }) => answers.push(Messages.map((m) => m.Body ?? ''))));
    await new Promise((resolve) => setTimeout(resolve, 200)); // both are waiting

    // Act
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'first' }));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const afterFirst = answers.map((bodies) => [...bodies]);
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'second' }));
    await Promise.all(polls);

    // Assess: the receiver that did not get the first message answered with the second, not empty before it.
    expect(afterFirst).toEqual([['first']]);
    expect(answers).toEqual([['first'], ['second']]);
  });

  describe('sent from this process, without the SDK', () => {
    const REGION = localClientConfig('').region;

    it('delivers the message as SendMessage does: body, attributes and their MD5s, and a waiting long poll answered', async () => {
      // Prepare
      const queueUrl = await createQueue('in-process');
      const longPoll = sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 5, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }),
      );
      await new Promise((resolve) => setTimeout(resolve, 100)); // the poll is waiting

      // Act
      engine.sendMessage({
        queueName: 'in-process',
        region: REGION,
        body: '{"orderId":"o-1"}',
        messageAttributes: { ERROR_CODE: { DataType: 'String', StringValue: 'NO_RESOURCE' } },
      });
      const { Messages = [] } = await longPoll;

      // Assess: the SDK checks the body's and the attributes' MD5s as it receives them.
      expect(Messages).toHaveLength(1);
      expect(Messages[0]).toMatchObject({
        Body: '{"orderId":"o-1"}',
        MessageAttributes: { ERROR_CODE: { DataType: 'String', StringValue: 'NO_RESOURCE' } },
        Attributes: { ApproximateReceiveCount: '1' },
      });
    });

    it('keeps a FIFO group in the order sent, deduplicating by content when the queue says so', async () => {
      // Prepare
      const queueUrl = await createQueue('in-process.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });

      // Act
      for (const body of ['1', '2', '2', '3']) engine.sendMessage({ queueName: 'in-process.fifo', region: REGION, body, messageGroupId: 'g' });

      // Assess
      expect((await receive(queueUrl)).map((message) => message.Body)).toEqual(['1', '2', '3']);
    });

    it.each([
      ['a queue that does not exist', { queueName: 'no-such-queue', body: 'x' }, 'QueueDoesNotExist'],
      ['a body with a character SQS refuses', { queueName: 'refusing', body: 'x\u0000' }, 'InvalidMessageContents'],
      ["a body over the queue's maximum size", { queueName: 'refusing', body: 'x'.repeat(1_025) }, 'InvalidParameterValue'],
      ['a FIFO message without a group', { queueName: 'refusing.fifo', body: 'x' }, 'MissingParameter'],
    ])('refuses %s with the error SQS names, as a client error (400)', async (_case, message, name) => {
      // Prepare
      await createQueue('refusing', { MaximumMessageSize: '1024' });
      await createQueue('refusing.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });

      // Act
      const sending = () => engine.sendMessage({ region: REGION, ...message });

      // Assess
      expect(sending).toThrow(SqsSendError);
      expect(sending).toThrow(expect.objectContaining({ name, $metadata: { httpStatusCode: 400 } }));
    });
  });
});
