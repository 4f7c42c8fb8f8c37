import { describe, expect, it } from 'vitest';
import { rewriteQueueUrls } from '../../endpoint/index.ts';
import { toEngineArns, toTopologyArns } from '../../endpoint/engine-arn-rewrite.ts';
import { EngineArns } from '../../provision/index.ts';

describe('rewriteQueueUrls', () => {
  it.each([
    ['GetQueueUrl', '{"QueueUrl":"http://sqs.eu-west-1.localhost:41234/000000000000/jobs"}', '{"QueueUrl":"http://127.0.0.1:4566/123456789012/jobs"}'],
    [
      'ListQueues',
      '{"QueueUrls":["http://sqs.us-east-1.localhost:5/000000000000/a-dlq","http://sqs.us-east-1.localhost:5/000000000000/b.fifo"]}',
      '{"QueueUrls":["http://127.0.0.1:4566/123456789012/a-dlq","http://127.0.0.1:4566/123456789012/b.fifo"]}',
    ],
    [
      'an answer without queue URLs',
      '{"Attributes":{"QueueArn":"arn:aws:sqs:us-east-1:000000000000:jobs"}}',
      '{"Attributes":{"QueueArn":"arn:aws:sqs:us-east-1:000000000000:jobs"}}',
    ],
  ])("points %s answers at the endpoint's origin and the topology's account", (_case, answer, expected) => {
    // Act
    const rewritten = rewriteQueueUrls(answer, 'http://127.0.0.1:4566', '123456789012');

    // Assess
    expect(rewritten).toBe(expected);
  });
});

describe('stream ARN rewriting', () => {
  it('round-trips a shard iterator that embeds the engine ARN', () => {
    // Prepare
    const arns = new EngineArns();
    const topologyArn = 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2020-01-01T00:00:00.000';
    const engineArn = 'arn:aws:dynamodb:ddblocal:000000000000:table/orders/stream/2026-11-29T01:55:17.123';
    arns.add(topologyArn, engineArn);
    const answer = `{"ShardIterator":"000|${engineArn}|AAAA","StreamArn":"${engineArn}"}`;

    // Act
    const seen = toTopologyArns(answer, arns, 'dynamodb');
    const sentBack = toEngineArns(seen, arns, 'dynamodb');

    // Assess
    expect(seen).toBe(`{"ShardIterator":"000|${topologyArn}|AAAA","StreamArn":"${topologyArn}"}`);
    expect(sentBack).toBe(answer);
  });
});

describe('queue ARN rewriting', () => {
  it("rewrites whole ARNs only, not a queue whose name starts with another's", () => {
    // Prepare
    const arns = new EngineArns();
    arns.add('arn:aws:sqs:eu-west-1:123456789012:jobs', 'arn:aws:sqs:eu-west-1:000000000000:jobs');
    arns.add('arn:aws:sqs:eu-west-1:123456789012:jobs-dlq', 'arn:aws:sqs:us-east-1:000000000000:jobs-dlq');
    const answer =
      '{"Attributes":{"QueueArn":"arn:aws:sqs:eu-west-1:000000000000:jobs","RedrivePolicy":"{\\"deadLetterTargetArn\\":\\"arn:aws:sqs:us-east-1:000000000000:jobs-dlq\\"}"}}';

    // Act
    const rewritten = toTopologyArns(answer, arns, 'sqs');

    // Assess
    expect(rewritten).toBe(
      '{"Attributes":{"QueueArn":"arn:aws:sqs:eu-west-1:123456789012:jobs","RedrivePolicy":"{\\"deadLetterTargetArn\\":\\"arn:aws:sqs:eu-west-1:123456789012:jobs-dlq\\"}"}}',
    );
  });
});
