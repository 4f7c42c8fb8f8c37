import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ClaimCheckError } from '../../../shared/runtime/errors.ts';
import { claimCheckKey, ClaimCheckStoreError, S3ClaimCheckStore } from '../../../shared/publishing/index.ts';

const s3 = mockClient(S3Client);
const store = new S3ClaimCheckStore('claims', new S3Client({}));
const owner = { detailType: 'OrderPlaced', metadata: { eventId: 'evt-1', occurredAt: '2026-03-02T23:30:00.000-02:00' } };

describe('claimCheckKey', () => {
  it('groups payloads by detail-type and UTC day of occurrence, named after the event id', () => {
    expect(claimCheckKey(owner)).toBe('claim-checks/OrderPlaced/2026-03-03/evt-1.json');
  });
});

describe('S3ClaimCheckStore', () => {
  afterEach(() => s3.reset());

  it('puts the JSON as an application/json object and returns a reference with its size in UTF-8 bytes', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({});
    const json = JSON.stringify({ note: 'crème brûlée' });

    // Act
    const claimCheck = await store.put(owner, json);

    // Assess
    const input = s3.commandCalls(PutObjectCommand)[0]?.args[0].input as PutObjectCommandInput;
    expect(input).toMatchObject({ Bucket: 'claims', Key: 'claim-checks/OrderPlaced/2026-03-03/evt-1.json', ContentType: 'application/json' });
    expect(Buffer.from(input.Body as Uint8Array).toString('utf8')).toBe(json);
    expect(claimCheck).toEqual({ bucket: 'claims', key: 'claim-checks/OrderPlaced/2026-03-03/evt-1.json', sizeBytes: json.length + 3 }); // è, û and é take two bytes each
  });

  it('fails with ClaimCheckStoreError naming the event and the object when S3 refuses the put', async () => {
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));

    const putting = store.put(owner, '{}');

    await expect(putting).rejects.toThrow(ClaimCheckStoreError);
    await expect(putting).rejects.toThrow('Cannot store the payload of event evt-1 at s3://claims/claim-checks/OrderPlaced/2026-03-03/evt-1.json');
  });

  it('reads a reference from the bucket it names, whatever bucket the store writes to', async () => {
    s3.on(GetObjectCommand, { Bucket: 'other', Key: 'k.json' }).resolves({ Body: { transformToString: async () => '{"a":1}' } as never });

    expect(await store.get({ bucket: 'other', key: 'k.json', sizeBytes: 7 })).toBe('{"a":1}');
  });

  it('fails with the runtime ClaimCheckError naming the object when it cannot be read', async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }));

    await expect(store.get({ bucket: 'claims', key: 'gone.json', sizeBytes: 1 })).rejects.toThrow(
      new ClaimCheckError('s3://claims/gone.json', 'NoSuchKey: The specified key does not exist.'),
    );
  });
});
