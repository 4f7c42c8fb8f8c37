import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ClaimCheckError, s3ClaimCheckResolver } from '../../../shared/runtime/index.ts';

const s3 = mockClient(S3Client);
const resolve = s3ClaimCheckResolver(new S3Client({}));
const metadata = { eventId: 'evt-1', correlationId: 'corr-1' };
const claimChecked = { metadata: { ...metadata, claimCheck: { bucket: 'claims', key: 'evt-1.json', sizeBytes: 12 } }, data: null };
// The SDK's body stream mixin is not a dependency; the resolver only calls transformToString.
const body = (text: string) => ({ Body: { transformToString: async () => text } as never });

describe('s3ClaimCheckResolver', () => {
  afterEach(() => s3.reset());

  it('puts the JSON stored at s3://bucket/key back into data, keeping the claim check in the metadata', async () => {
    // Prepare
    s3.on(GetObjectCommand, { Bucket: 'claims', Key: 'evt-1.json' }).resolves(body('{"orderId":"ord-1"}'));

    // Act
    const resolved = await resolve(claimChecked);

    // Assess
    expect(resolved).toEqual({ metadata: claimChecked.metadata, data: { orderId: 'ord-1' } });
  });

  it.each([
    ['a detail without claim check', { metadata, data: { orderId: 'ord-1' } }],
    ['a claim-checked detail whose data is already inline', { ...claimChecked, data: { orderId: 'ord-1' } }],
    ['a malformed claim check, left for validation to name', { metadata: { ...metadata, claimCheck: { bucket: '' } }, data: null }],
    ['something that is not a detail', 'text'],
  ])('returns %s as is, without calling S3', async (_case, detail) => {
    expect(await resolve(detail)).toBe(detail);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });

  it('fails with ClaimCheckError naming the object when it cannot be read', async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }));

    await expect(resolve(claimChecked)).rejects.toThrow(ClaimCheckError);
    await expect(resolve(claimChecked)).rejects.toThrow('Cannot resolve the claim check s3://claims/evt-1.json: NoSuchKey');
  });

  it('fails with ClaimCheckError when the object is not JSON', async () => {
    s3.on(GetObjectCommand).resolves(body('<html>'));

    await expect(resolve(claimChecked)).rejects.toThrow('s3://claims/evt-1.json: the object is not JSON');
  });
});
