import type { FauxqsServer } from 'fauxqs';

/** A message the runtime sends to one of its queues (an EventBridge target, a Lambda destination or DLQ). */
export interface InProcessMessage {
  queueName: string;
  /** The region of the queue's ARN: fauxqs keeps queues by ARN, made from the region the queue was created in. */
  region: string;
  body: string;
  messageGroupId?: string;
  messageAttributes?: Record<string, { DataType: string; StringValue?: string }>;
}

/** Sends one message to a queue of the engine in this process, or throws an `SqsSendError`. */
export type SendMessageInProcess = (message: InProcessMessage) => void;

/**
 * SendMessage refused, named with SQS's error code as the SDK names its errors (`QueueDoesNotExist`,
 * `InvalidMessageContents`, `MissingParameter`, `InvalidParameterValue`) and SQS's status (400), so EventBridge classifies a refused
 * delivery as it does the same refusal over HTTP: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html#API_SendMessage_Errors
 */
export class SqsSendError extends Error {
  readonly $metadata = { httpStatusCode: 400 };

  constructor(
    override readonly name: 'QueueDoesNotExist' | 'InvalidMessageContents' | 'MissingParameter' | 'InvalidParameterValue',
    message: string,
  ) {
    super(message);
  }
}

/**
 * SendMessage without the SDK and HTTP around it, through fauxqs's own `sendMessage` (its library API: it checks the
 * body's characters, the size with attributes, FIFO's group and deduplication, and enqueues as its SendMessage action
 * does, long polls answered and spies told alike). A message the runtime sends to its own queues costs its thread
 * about 1.5 ms of CPU less (the SDK client's middleware, an HTTP request each way, fauxqs's HTTP handling).
 */
export function sendMessageInProcess(server: Pick<FauxqsServer, 'sendMessage'>): SendMessageInProcess {
  return ({ queueName, region, body, messageGroupId, messageAttributes }) => {
    try {
      server.sendMessage(queueName, body, {
        region,
        ...(messageGroupId ? { messageGroupId } : {}),
        ...(messageAttributes ? { messageAttributes } : {}),
      });
    } catch (error) {
      throw refusal(queueName, error);
    }
  };
}

/** fauxqs's library API throws plain errors (fauxqs 2.4: dist/app.js, `sendMessage`): their SQS code, by their text. */
function refusal(queueName: string, error: unknown): SqsSendError {
  const message = error instanceof Error ? error.message : String(error);
  if (/^Queue '.*' not found$/.test(message)) return new SqsSendError('QueueDoesNotExist', `The specified queue ${queueName} does not exist.`);
  if (message.startsWith('Invalid characters')) return new SqsSendError('InvalidMessageContents', message);
  if (/^messageGroupId is required/.test(message)) return new SqsSendError('MissingParameter', 'The request must contain the parameter MessageGroupId.');
  return new SqsSendError('InvalidParameterValue', message);
}
