import type { KinesisStreamRecord } from 'aws-lambda';
import { parseStreamActivityRecord, type StreamActivityRecord } from '../../shared/activity/index.ts';
import { toProblems } from '../../shared/events/index.ts';
import { PoisonRecordError } from './errors.ts';
import { errorMessageOf } from '../../shared/errors/describe-error.ts';
import { scanActivityJson } from './scan-activity-json.ts';

/** Reused for every record: decoding base64 into a new Buffer each time costs a third of the decoding. */
let scratch = Buffer.allocUnsafe(4096);

/** Decodes a record's base64 data into the scratch buffer; its length in bytes (Kinesis data is at most 1 MiB). */
function decodeBase64(data: string): number {
  // Base64 decodes to at most 3 bytes per 4 characters.
  const most = Math.ceil(data.length / 4) * 3;
  if (most > scratch.length) scratch = Buffer.allocUnsafe(most);
  return scratch.write(data, 0, 'base64');
}

/**
 * The activity record a Kinesis record carries (base64 of the JSON ingest wrote).
 *
 * @throws PoisonRecordError when the data is not JSON or not an activity record, naming the fields.
 */
export function decodeActivityRecord(record: KinesisStreamRecord): StreamActivityRecord {
  const { sequenceNumber, data } = record.kinesis;
  const length = decodeBase64(data);
  // The plain shape ingest writes is read straight from the bytes; anything else is JSON.parse's to accept or refuse.
  let json: unknown = scanActivityJson(scratch, length);
  if (json === undefined) {
    try {
      json = JSON.parse(scratch.toString('utf8', 0, length));
    } catch (error) {
      throw new PoisonRecordError(sequenceNumber, `is not JSON: ${errorMessageOf(error)}`);
    }
  }
  const parsed = parseStreamActivityRecord(json);
  if (!parsed.success) {
    const problems = toProblems(parsed.error);
    throw new PoisonRecordError(
      sequenceNumber,
      `is not an activity record: ${problems.map((p) => `${p.path || '(record)'}: ${p.message}`).join('; ')}`,
      problems,
    );
  }
  return parsed.data;
}
