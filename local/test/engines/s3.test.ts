import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { S3ObjectEvent } from '../../engines/s3-object-events.ts';
import { startSqsS3, type RunningSqsS3 } from '../../engines/sqs-s3.ts';
import { localClientConfig } from './support/clients.ts';

describe('S3 engine (fauxqs)', () => {
  let engine: RunningSqsS3;
  let s3: S3Client;
  let events: S3ObjectEvent[];

  beforeAll(async () => {
    engine = await startSqsS3();
    // No forcePathStyle, as in handler code: with an IP endpoint the SDK addresses buckets path-style.
    s3 = new S3Client(localClientConfig(engine.endpoint));
    engine.onS3ObjectEvent((event) => void events.push(event));
    await s3.send(new CreateBucketCommand({ Bucket: 'claims' }));
  });
  beforeEach(() => {
    events = [];
  });
  afterAll(async () => {
    s3?.destroy();
    await engine?.stop();
  });

  it('stores, lists, returns and deletes objects for an unchanged S3Client', async () => {
    // Act
    await s3.send(new PutObjectCommand({ Bucket: 'claims', Key: 'orders/o-1.json', Body: '{"big":true}', ContentType: 'application/json' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'claims', Key: 'orders/o-1.json' }));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'claims', Prefix: 'orders/' }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'claims', Key: 'orders/o-1.json' }));
    const afterDelete = await s3.send(new GetObjectCommand({ Bucket: 'claims', Key: 'orders/o-1.json' })).catch((error: unknown) => error);

    // Assess
    expect(await got.Body!.transformToString()).toBe('{"big":true}');
    expect(got.ContentType).toBe('application/json');
    expect(listed.Contents?.map((object) => [object.Key, object.Size])).toEqual([['orders/o-1.json', 12]]);
    expect((afterDelete as Error).name).toBe('NoSuchKey');
  });

  it('reports an object created by PutObject with its size and ETag, and its deletion', async () => {
    // Act
    const put = await s3.send(new PutObjectCommand({ Bucket: 'claims', Key: 'a b/ü.txt', Body: 'hello' }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'claims', Key: 'a b/ü.txt' }));
    await engine.s3EventsIdle();

    // Assess
    expect(events.map(({ time: _, ...event }) => event)).toEqual([
      { detailType: 'Object Created', bucket: 'claims', key: 'a b/ü.txt', reason: 'PutObject', size: 5, etag: put.ETag!.replaceAll('"', '') },
      { detailType: 'Object Deleted', bucket: 'claims', key: 'a b/ü.txt', reason: 'DeleteObject' },
    ]);
  });

  it('tells a copy and a completed multipart upload from a put', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: 'claims', Key: 'source', Body: 'copy me' }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'claims', Key: 'multi' }));
    const part = await s3.send(new UploadPartCommand({ Bucket: 'claims', Key: 'multi', UploadId, PartNumber: 1, Body: 'only part' }));
    await engine.s3EventsIdle();
    events = [];

    // Act
    await s3.send(new CopyObjectCommand({ Bucket: 'claims', Key: 'copy', CopySource: 'claims/source' }));
    await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: 'claims', Key: 'multi', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag! }] } }),
    );
    await engine.s3EventsIdle();

    // Assess
    expect(events.map((event) => [event.key, event.reason, event.size])).toEqual([
      ['copy', 'CopyObject', 7],
      ['multi', 'CompleteMultipartUpload', 9],
    ]);
  });

  it('stops reporting to a listener once it unsubscribes', async () => {
    // Prepare
    const seen: string[] = [];
    const unsubscribe = engine.onS3ObjectEvent((event) => void seen.push(event.key));
    await s3.send(new PutObjectCommand({ Bucket: 'claims', Key: 'before', Body: '1' }));
    await engine.s3EventsIdle();

    // Act
    unsubscribe();
    await s3.send(new PutObjectCommand({ Bucket: 'claims', Key: 'after', Body: '2' }));
    await engine.s3EventsIdle();

    // Assess
    expect(seen).toEqual(['before']);
    expect(events.map((event) => event.key)).toEqual(['before', 'after']);
  });
});
