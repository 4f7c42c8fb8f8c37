import { KINESALITE_MAX_REQUEST_BYTES, KINESIS_LIMITS } from './kinesis-limits.ts';

/** One HTTP request or response, fully read: Kinesis API bodies are JSON of at most ~14 MiB. */
export interface HttpMessage {
  headers: Record<string, string>;
  body: Buffer;
}
export interface ForwardedRequest extends HttpMessage {
  method: string;
  path: string;
}
export interface UpstreamResponse extends HttpMessage {
  status: number;
}
export type SendUpstream = (request: ForwardedRequest) => Promise<UpstreamResponse>;

const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';
const TARGET_PREFIX = 'Kinesis_20131202.';
/** Room left for the JSON around the records when a PutRecords request is split. */
const SPLIT_MARGIN_BYTES = 64 * 1024;

interface PutRecordsEntry {
  Data?: unknown;
  PartitionKey?: unknown;
  ExplicitHashKey?: unknown;
}
interface PutRecordsResult {
  FailedRecordCount?: number;
  Records?: unknown[];
  EncryptionType?: string;
}

/**
 * Sends a Kinesis API request to kinesalite, closing two gaps between it and today's Kinesis:
 * - `StreamARN` alone identifies a stream (the SDK recommends it since 2023); kinesalite requires
 *   `StreamName`, so it is derived from the ARN;
 * - a PutRecords request may carry 10 MiB of data; kinesalite refuses bodies above 7 MiB, so larger
 *   requests are sent as consecutive smaller ones and their results joined in order.
 * CBOR requests and anything else pass through untouched.
 */
export async function sendKinesisRequest(request: ForwardedRequest, send: SendUpstream): Promise<UpstreamResponse> {
  const target = request.headers['x-amz-target'] ?? '';
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim();
  if (!target.startsWith(TARGET_PREFIX) || contentType !== JSON_CONTENT_TYPE) return send(request);

  let input: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(request.body.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return send(request);
    input = parsed as Record<string, unknown>;
  } catch {
    return send(request); // kinesalite answers SerializationException, as Kinesis does
  }

  let changed = false;
  const streamName = streamNameFromArn(input.StreamARN);
  if (input.StreamName === undefined && streamName) {
    input.StreamName = streamName;
    changed = true;
  }

  const operation = target.slice(TARGET_PREFIX.length);
  const body = changed ? Buffer.from(JSON.stringify(input)) : request.body;
  if (operation === 'PutRecords' && body.length > KINESALITE_MAX_REQUEST_BYTES && Array.isArray(input.Records)) {
    return putRecordsInParts(request, input, input.Records as PutRecordsEntry[], send);
  }
  return send(changed ? withBody(request, body) : request);
}

/** `arn:aws:kinesis:<region>:<account>:stream/<name>` → `<name>`. */
export function streamNameFromArn(arn: unknown): string | undefined {
  if (typeof arn !== 'string') return undefined;
  const match = /^arn:[^:]+:kinesis:[^:]*:[^:]*:stream\/([^/]+)$/.exec(arn);
  return match?.[1];
}

async function putRecordsInParts(
  request: ForwardedRequest,
  input: Record<string, unknown>,
  records: PutRecordsEntry[],
  send: SendUpstream,
): Promise<UpstreamResponse> {
  if (records.length > KINESIS_LIMITS.putRecordsMaxRecords) {
    // Worded as kinesalite (and Kinesis) word a validation failure.
    return errorResponse(
      'ValidationException',
      `1 validation error detected: Value at 'records' failed to satisfy constraint: Member must have length less than or equal to ${KINESIS_LIMITS.putRecordsMaxRecords}`,
    );
  }
  const requestBytes = records.reduce((sum, record) => sum + recordBytes(record), 0);
  if (requestBytes > KINESIS_LIMITS.putRecordsMaxBytes) {
    return errorResponse(
      'InvalidArgumentException',
      `Records size exceeds ${KINESIS_LIMITS.putRecordsMaxBytes / 1024 / 1024} MiB limit (${requestBytes} bytes of data and partition keys)`,
    );
  }

  const { Records: _, ...envelope } = input;
  const budget = KINESALITE_MAX_REQUEST_BYTES - SPLIT_MARGIN_BYTES - JSON.stringify(envelope).length;
  const parts: PutRecordsEntry[][] = [[]];
  let partBytes = 0;
  for (const record of records) {
    const size = JSON.stringify(record).length + 1;
    if (partBytes + size > budget && parts.at(-1)!.length > 0) {
      parts.push([]);
      partBytes = 0;
    }
    parts.at(-1)!.push(record);
    partBytes += size;
  }

  const joined: Required<Pick<PutRecordsResult, 'FailedRecordCount' | 'Records'>> & PutRecordsResult = { FailedRecordCount: 0, Records: [] };
  let last: UpstreamResponse | undefined;
  // In order, one after the other: records of one partition key keep their order, as in one request.
  for (const part of parts) {
    last = await send(withBody(request, Buffer.from(JSON.stringify({ ...envelope, Records: part }))));
    // A part refused as a whole (e.g. one invalid record) ends the request; parts before it stay written.
    if (last.status !== 200) return last;
    const result = JSON.parse(last.body.toString('utf8')) as PutRecordsResult;
    joined.FailedRecordCount += result.FailedRecordCount ?? 0;
    joined.Records.push(...(result.Records ?? []));
    if (result.EncryptionType) joined.EncryptionType = result.EncryptionType;
  }
  return { ...last!, body: Buffer.from(JSON.stringify(joined)) };
}

/** What Kinesis counts against the request limit: the data before base64, plus the partition key. */
function recordBytes(record: PutRecordsEntry): number {
  const data = typeof record.Data === 'string' ? Buffer.byteLength(record.Data, 'base64') : 0;
  const key = typeof record.PartitionKey === 'string' ? Buffer.byteLength(record.PartitionKey, 'utf8') : 0;
  return data + key;
}

function withBody(request: ForwardedRequest, body: Buffer): ForwardedRequest {
  return { ...request, body, headers: { ...request.headers, 'content-length': String(body.length) } };
}

function errorResponse(type: string, message: string): UpstreamResponse {
  return {
    status: 400,
    headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-errortype': type },
    body: Buffer.from(JSON.stringify({ __type: type, message })),
  };
}
