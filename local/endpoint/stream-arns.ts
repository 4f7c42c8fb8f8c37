import { crc32 } from 'node:zlib';
import type { EngineArns } from '../provision/engine-arns.ts';

/**
 * DynamoDB Local labels a table's stream with its creation time; the topology (functions' environment, event
 * source mappings) holds the loader's label. Requests get DynamoDB Local's ARN, answers the topology's, so
 * handler code sees one ARN everywhere. Shard iterators embed the ARN and round-trip through both directions.
 */
export function toEngineArns(text: string, arns: EngineArns): string {
  let result = text;
  for (const [topologyArn, engineArn] of arns.entries()) result = result.replaceAll(topologyArn, engineArn);
  return result;
}

export function toTopologyArns(text: string, arns: EngineArns): string {
  let result = text;
  for (const [topologyArn, engineArn] of arns.entries()) result = result.replaceAll(engineArn, topologyArn);
  return result;
}

/** DynamoDB answers carry `x-amz-crc32` of the body; a rewritten body needs it recomputed. */
export const dynamoDbCrc32 = (body: Buffer): string => String(crc32(body));
