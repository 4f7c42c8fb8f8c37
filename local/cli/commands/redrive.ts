import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { parseArgs } from 'node:util';
import type { CommandIO } from '../io.ts';
import { UsageError } from '../usage-error.ts';
import { ENDPOINT_HELP, localClientConfig, localEndpoint } from './local-endpoint.ts';

export const redriveHelp = `eventful redrive <dlq-name-or-url> [--to <queue-name-or-url>] [--endpoint <url>]

Moves every message of a dead-letter queue of the local runtime back to its source queue (the queue whose
RedrivePolicy names it; give --to when several do), keeping bodies and message attributes; prints the count.
Messages are received, sent, then deleted: one that fails to send stays in the DLQ.
${ENDPOINT_HELP}`;

/** Receive calls that came back empty in a row before the DLQ counts as drained (in-flight messages reappear later). */
const EMPTY_RECEIVES_TO_STOP = 2;

export async function redriveCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { to: { type: 'string' }, endpoint: { type: 'string' } },
  });
  const [dlq, ...extra] = positionals;
  if (!dlq) throw new UsageError('missing <dlq-name-or-url>');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const sqs = new SQSClient(localClientConfig(localEndpoint(values.endpoint)));
  try {
    const dlqUrl = await queueUrl(sqs, dlq);
    const targetUrl = values.to ? await queueUrl(sqs, values.to) : await sourceQueueOf(sqs, dlqUrl);
    let moved = 0;
    let empty = 0;
    while (empty < EMPTY_RECEIVES_TO_STOP) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: dlqUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['MessageGroupId'],
        }),
      );
      empty = Messages.length === 0 ? empty + 1 : 0;
      for (const message of Messages) {
        const groupId = message.Attributes?.['MessageGroupId'];
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: targetUrl,
            MessageBody: message.Body ?? '',
            ...(message.MessageAttributes && Object.keys(message.MessageAttributes).length > 0 ? { MessageAttributes: message.MessageAttributes } : {}),
            ...(groupId ? { MessageGroupId: groupId, MessageDeduplicationId: message.MessageId } : {}),
          }),
        );
        await sqs.send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: message.ReceiptHandle }));
        moved += 1;
      }
    }
    io.out(`moved ${moved} message${moved === 1 ? '' : 's'} from ${lastSegment(dlqUrl)} to ${lastSegment(targetUrl)}`);
    return 0;
  } finally {
    sqs.destroy();
  }
}

async function queueUrl(sqs: SQSClient, nameOrUrl: string): Promise<string> {
  if (/^https?:\/\//.test(nameOrUrl)) return nameOrUrl;
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: nameOrUrl }));
  if (!QueueUrl) throw new Error(`queue ${nameOrUrl} has no URL`);
  return QueueUrl;
}

/** The queues whose RedrivePolicy names the DLQ's ARN: what ListDeadLetterSourceQueues answers, from attributes. */
async function sourceQueueOf(sqs: SQSClient, dlqUrl: string): Promise<string> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
  const dlqArn = Attributes?.['QueueArn'];
  const { QueueUrls = [] } = await sqs.send(new ListQueuesCommand({}));
  const sources: string[] = [];
  for (const url of QueueUrls) {
    const { Attributes: attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['RedrivePolicy'] }));
    const policy = attributes?.['RedrivePolicy'];
    if (policy && (JSON.parse(policy) as { deadLetterTargetArn?: string }).deadLetterTargetArn === dlqArn) sources.push(url);
  }
  if (sources.length === 1) return sources[0] as string;
  if (sources.length === 0) throw new UsageError(`no queue uses ${lastSegment(dlqUrl)} as its dead-letter queue: give --to <queue>`);
  throw new UsageError(`several queues use ${lastSegment(dlqUrl)} as their dead-letter queue (${sources.map(lastSegment).join(', ')}): give --to <queue>`);
}

function lastSegment(url: string): string {
  return url.split('/').pop() ?? url;
}
