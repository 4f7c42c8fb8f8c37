import type { KinesisStreamRecord } from 'aws-lambda';
import { parseStreamActivityRecord, type StreamActivityRecord } from '../../shared/activity/index.ts';
import { toProblems } from '../../shared/events/index.ts';
import { PoisonRecordError } from './errors.ts';
import { errorMessageOf } from '../../shared/errors/describe-error.ts';
import { RecordData } from './record-data.ts';
import { scanActivityJson } from './scan-activity-json.ts';

/** Shared by every call that is given none. */
const shared = new RecordData();

/**
 * The activity record a Kinesis record carries (base64 of the JSON ingest wrote), decoded into `data`.
 *
 * @throws PoisonRecordError when the data is not JSON or not an activity record, naming the fields.
 */
export function decodeActivityRecord(record: KinesisStreamRecord, data: RecordData = shared): StreamActivityRecord {
  const { sequenceNumber } = record.kinesis;
  data.decode(record.kinesis.data);
  const { bytes, length } = data;
  // The plain shape ingest writes is read straight from the bytes; anything else is JSON.parse's to accept or refuse.
  let json: unknown = scanActivityJson(bytes, length);
  if (json === undefined) {
    try {
      json = JSON.parse(bytes.toString('utf8', 0, length));
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
