import type { KinesisStreamRecord } from 'aws-lambda';
import { parseStreamActivityRecord, type StreamActivityRecord } from '../../shared/activity/index.ts';
import { toProblems } from '../../shared/events/index.ts';
import { PoisonRecordError } from './errors.ts';
import { errorMessageOf } from '../../shared/errors/describe-error.ts';

/** Reused for every record: decoding base64 into a new Buffer each time costs a third of the decoding. */
let scratch = Buffer.allocUnsafe(4096);

/** The text of a record's base64 data (Kinesis data is at most 1 MiB, so the scratch buffer stays bounded). */
function decodeBase64(data: string): string {
  // Base64 decodes to at most 3 bytes per 4 characters.
  const most = Math.ceil(data.length / 4) * 3;
  if (most > scratch.length) scratch = Buffer.allocUnsafe(most);
  const length = scratch.write(data, 0, 'base64');
  return scratch.toString('utf8', 0, length);
}

/**
 * The activity record a Kinesis record carries (base64 of the JSON ingest wrote).
 *
 * @throws PoisonRecordError when the data is not JSON or not an activity record, naming the fields.
 */
export function decodeActivityRecord(record: KinesisStreamRecord): StreamActivityRecord {
  const { sequenceNumber, data } = record.kinesis;
  let json: unknown;
  try {
    json = JSON.parse(decodeBase64(data));
  } catch (error) {
    throw new PoisonRecordError(sequenceNumber, `is not JSON: ${errorMessageOf(error)}`);
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
