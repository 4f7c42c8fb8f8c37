/**
 * fauxqs names queues `http://sqs.<region>.localhost:<port>/<account>/<name>`. `*.localhost` does not resolve
 * on Linux, and an SQS client configured only by `AWS_ENDPOINT_URL` sends each call to its QueueUrl's host, so
 * the endpoint answers its own URLs instead. fauxqs finds a queue by the URL's last segment, so requests that
 * carry these URLs need no rewriting.
 */
const FAUXQS_QUEUE_URL = /https?:\/\/sqs\.[A-Za-z0-9-]+\.localhost(?::\d+)?\/\d+\/([A-Za-z0-9_.-]+)/g;

export function rewriteQueueUrls(text: string, origin: string, accountId: string): string {
  return text.replace(FAUXQS_QUEUE_URL, (_url, name: string) => `${origin}/${accountId}/${name}`);
}

/** The SQS actions whose answers carry queue URLs (and never message bodies, which must stay byte-exact for their MD5). */
export const QUEUE_URL_ACTIONS = new Set(['CreateQueue', 'GetQueueUrl', 'ListQueues', 'ListDeadLetterSourceQueues']);

/** The SQS actions that carry queue ARNs (`QueueArn`, `RedrivePolicy`, `RedriveAllowPolicy`) and no message bodies. */
export const QUEUE_ARN_ACTIONS = new Set(['GetQueueAttributes', 'SetQueueAttributes']);
