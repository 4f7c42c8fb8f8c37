import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ClaimCheckError } from '../../../shared/runtime/errors.ts';
import { resolveClaimCheck, type ClaimCheckStore } from '../../../shared/publishing/index.ts';
import { orderPlaced } from './fixtures.ts';

const s3 = mockClient(S3Client);
const client = new S3Client({});
const inline = orderPlaced(1).detail;
const claimCheck = { bucket: 'claims', key: 'claim-checks/OrderPlaced/2026-03-02/evt-1.json', sizeBytes: 10 };
const claimChecked = { metadata: { ...inline.metadata, claimCheck }, data: null };
const body = (text: string) => ({ Body: { transformToString: async () => text } as never });

describe('resolveClaimCheck', () => {
  afterEach(() => s3.reset());

  it('puts the stored data back inline, keeping the reference in the metadata', async () => {
    s3.on(GetObjectCommand, { Bucket: 'claims', Key: claimCheck.key }).resolves(body(JSON.stringify(inline.data)));

    expect(await resolveClaimCheck(claimChecked, client)).toEqual({ metadata: claimChecked.metadata, data: inline.data });
  });

  it('reads through a ClaimCheckStore as well as through an S3 client', async () => {
    const store: Pick<ClaimCheckStore, 'get'> = { get: async (ref) => (ref.key === claimCheck.key ? '{"from":"store"}' : '{}') };

    expect(await resolveClaimCheck(claimChecked, store)).toEqual({ metadata: claimChecked.metadata, data: { from: 'store' } });
  });

  it.each([
    ['a detail without claim check', inline],
    ['a claim-checked detail whose data is already inline', { ...claimChecked, data: inline.data }],
    ['a malformed reference, left for validation to name', { metadata: { ...inline.metadata, claimCheck: { bucket: '' } }, data: null }],
    ['something that is not a detail', 'text'],
  ])('returns %s as is, without reading anything', async (_case, detail) => {
    expect(await resolveClaimCheck(detail, client)).toBe(detail);
    expect(s3.calls()).toHaveLength(0);
  });

  it('fails with ClaimCheckError naming the object when it is not JSON', async () => {
    s3.on(GetObjectCommand).resolves(body('<html>'));

    await expect(resolveClaimCheck(claimChecked, client)).rejects.toThrow(new ClaimCheckError(`s3://claims/${claimCheck.key}`, 'the object is not JSON'));
  });
});
