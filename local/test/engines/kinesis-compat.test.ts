import { describe, expect, it } from 'vitest';
import { sendKinesisRequest, streamNameFromArn, type ForwardedRequest, type UpstreamResponse } from '../../engines/kinesis-compat.ts';
import { KINESALITE_MAX_REQUEST_BYTES } from '../../engines/kinesis-limits.ts';

const request = (target: string, input: unknown, contentType = 'application/x-amz-json-1.1'): ForwardedRequest => {
  const body = Buffer.from(JSON.stringify(input));
  return {
    method: 'POST',
    path: '/',
    headers: { 'x-amz-target': `Kinesis_20131202.${target}`, 'content-type': contentType, 'content-length': String(body.length) },
    body,
  };
};
const ok = (output: unknown): UpstreamResponse => ({
  status: 200,
  headers: { 'content-type': 'application/x-amz-json-1.1' },
  body: Buffer.from(JSON.stringify(output)),
});
const sentInputs = (sent: ForwardedRequest[]) => sent.map((r) => JSON.parse(r.body.toString()) as Record<string, unknown>);

describe('streamNameFromArn', () => {
  it.each([
    ['arn:aws:kinesis:us-east-1:000000000000:stream/clicks', 'clicks'],
    ['arn:aws-cn:kinesis:cn-north-1:123456789012:stream/a.b-c_d', 'a.b-c_d'],
    ['arn:aws:kinesis:us-east-1:000000000000:stream/clicks/consumer/c:1', undefined],
    ['arn:aws:sqs:us-east-1:000000000000:clicks', undefined],
    [42, undefined],
  ])('reads %s as %s', (arn, name) => {
    expect(streamNameFromArn(arn)).toBe(name);
  });
});

describe('sendKinesisRequest', () => {
  it('adds the StreamName an ARN-only request lacks, with a matching content-length', async () => {
    // Prepare
    const sent: ForwardedRequest[] = [];

    // Act
    await sendKinesisRequest(request('GetShardIterator', { StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/clicks', ShardId: 's' }), async (r) => {
      sent.push(r);
      return ok({});
    });

    // Assess
    expect(sentInputs(sent)).toEqual([{ StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/clicks', ShardId: 's', StreamName: 'clicks' }]);
    expect(sent[0]!.headers['content-length']).toBe(String(sent[0]!.body.length));
  });

  it('passes CBOR and non-Kinesis requests through untouched', async () => {
    // Prepare
    const cbor = request('PutRecords', { StreamARN: 'arn:aws:kinesis:us-east-1:0:stream/s' }, 'application/x-amz-cbor-1.1');
    const other = { ...request('ListStreams', {}), headers: { 'x-amz-target': 'DynamoDB_20120810.ListTables', 'content-type': 'application/x-amz-json-1.0' } };
    const sent: ForwardedRequest[] = [];

    // Act
    for (const r of [cbor, other])
      await sendKinesisRequest(r, async (s) => {
        sent.push(s);
        return ok({});
      });

    // Assess
    expect(sent).toEqual([cbor, other]);
  });

  it("splits a PutRecords request above kinesalite's body limit into parts below it, and joins their results in order", async () => {
    // Prepare: 400 records of 20 KiB of base64: ~8 MiB
    const records = Array.from({ length: 400 }, (_, i) => ({ PartitionKey: `k${i}`, Data: Buffer.alloc(15 * 1024, i).toString('base64') }));
    const sent: ForwardedRequest[] = [];
    const send = async (r: ForwardedRequest) => {
      sent.push(r);
      const part = (JSON.parse(r.body.toString()) as { Records: { PartitionKey: string }[] }).Records;
      return ok({ FailedRecordCount: 1, Records: part.map((record) => ({ SequenceNumber: record.PartitionKey, ShardId: 'shardId-000000000000' })) });
    };

    // Act
    const response = await sendKinesisRequest(request('PutRecords', { StreamName: 'big', Records: records }), send);

    // Assess
    const joined = JSON.parse(response.body.toString()) as { FailedRecordCount: number; Records: { SequenceNumber: string }[] };
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.every((r) => r.body.length <= KINESALITE_MAX_REQUEST_BYTES && r.headers['content-length'] === String(r.body.length))).toBe(true);
    expect(sentInputs(sent).every((input) => input.StreamName === 'big')).toBe(true);
    expect(joined.Records.map((r) => r.SequenceNumber)).toEqual(records.map((r) => r.PartitionKey));
    expect(joined.FailedRecordCount).toBe(sent.length);
  });

  it('stops at the first part refused as a whole and returns its error', async () => {
    // Prepare
    const records = Array.from({ length: 400 }, (_, i) => ({ PartitionKey: `k${i}`, Data: Buffer.alloc(15 * 1024).toString('base64') }));
    const refusal: UpstreamResponse = { status: 400, headers: {}, body: Buffer.from('{"__type":"ValidationException"}') };
    let calls = 0;

    // Act
    const response = await sendKinesisRequest(request('PutRecords', { StreamName: 'big', Records: records }), async () => (++calls === 1 ? refusal : ok({})));

    // Assess
    expect(calls).toBe(1);
    expect(response).toBe(refusal);
  });

  it('refuses more than 500 records in a request too large for kinesalite, as kinesalite would', async () => {
    // Prepare
    const records = Array.from({ length: 501 }, () => ({ PartitionKey: 'k', Data: Buffer.alloc(11 * 1024).toString('base64') }));

    // Act
    const response = await sendKinesisRequest(request('PutRecords', { StreamName: 's', Records: records }), async () => ok({}));

    // Assess
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body.toString())).toMatchObject({
      __type: 'ValidationException',
      message: expect.stringContaining('less than or equal to 500'),
    });
  });
});
