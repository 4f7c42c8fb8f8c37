import type { KinesisStreamRecord } from 'aws-lambda';
import { StreamActivityRecord } from '../../shared/activity/index.ts';
import { toProblems } from '../../shared/events/index.ts';
import { PoisonRecordError } from './errors.ts';
import { errorMessageOf } from '../../shared/errors/describe-error.ts';

/**
 * The activity record a Kinesis record carries (base64 of the JSON ingest wrote).
 *
 * @throws PoisonRecordError when the data is not JSON or not an activity record, naming the fields.
 */
export function decodeActivityRecord(record: KinesisStreamRecord): StreamActivityRecord {
  const { sequenceNumber, data } = record.kinesis;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
  } catch (error) {
    throw new PoisonRecordError(sequenceNumber, `is not JSON: ${errorMessageOf(error)}`);
  }
  const parsed = StreamActivityRecord.safeParse(json);
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
