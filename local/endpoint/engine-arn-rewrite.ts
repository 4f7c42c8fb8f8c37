import { crc32 } from 'node:zlib';
import type { EngineArns } from '../provision/engine-arns.ts';

/** The services whose engines assign ARNs other than the topology's. */
export type ArnService = 'dynamodb' | 'kinesis' | 'sqs';

/**
 * Engines name resources their own way: DynamoDB Local labels a table's stream with its creation time, fauxqs and
 * kinesalite use account 000000000000. The topology (functions' environment, event source mappings, rules) holds
 * the template's ARNs, so requests get the engine's ARN and answers the topology's: handler code sees one ARN
 * everywhere. Text that embeds an ARN (DynamoDB shard iterators) round-trips through both directions.
 */
export function toEngineArns(text: string, arns: EngineArns, service: ArnService): string {
  let result = text;
  for (const [topologyArn, engineArn] of pairs(arns, service)) result = replaceArn(result, topologyArn, engineArn);
  return result;
}

export function toTopologyArns(text: string, arns: EngineArns, service: ArnService): string {
  let result = text;
  for (const [topologyArn, engineArn] of pairs(arns, service)) result = replaceArn(result, engineArn, topologyArn);
  return result;
}

/** Whole ARNs only: queue `jobs`'s ARN is a prefix of queue `jobs-dlq`'s. */
function replaceArn(text: string, from: string, to: string): string {
  if (!text.includes(from)) return text;
  return text.replace(new RegExp(`${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_.:/-])`, 'g'), () => to);
}

const pairs = (arns: EngineArns, service: ArnService) => arns.entries().filter(([topologyArn]) => topologyArn.startsWith(`arn:aws:${service}:`));

/** DynamoDB answers carry `x-amz-crc32` of the body; a rewritten body needs it recomputed. */
export const dynamoDbCrc32 = (body: Buffer): string => String(crc32(body));
