import { describe, expect, it } from 'vitest';
import { s3ObjectCreatedEvent } from '../../aws/events/index.ts';
import { harness } from './support/harness.ts';
import { bucket, ORDERS_QUEUE, rule, target, topology } from './support/topology.ts';

function importsBucket(eventBridgeEnabled = true) {
  return harness(
    topology({
      buckets: [bucket('imports', eventBridgeEnabled)],
      rules: [
        rule('s3-objects', { eventPattern: { source: ['aws.s3'], detail: { bucket: { name: ['imports'] } } }, targets: [target('queue', ORDERS_QUEUE)] }),
      ],
    }),
  );
}

describe('S3 object events', () => {
  it('puts the Object Created event S3 sends on the default bus', async () => {
    // Prepare
    const { service, clock, jsonTo, activitiesOf } = importsBucket();

    // Act
    const eventId = service.s3ObjectCreated({
      bucket: 'imports',
      key: 'products/2026-01-15.csv',
      size: 512,
      etag: '"b1946ac92492d2347c6235b4d2611184"',
      sequencer: '617F08299329D189',
      requestId: 'N4N7GDK58NMKJ12R',
      sourceIp: '1.2.3.4',
    });

    // Assess
    await expect.poll(() => activitiesOf('delivered')).toHaveLength(1);
    const expected = s3ObjectCreatedEvent({
      id: eventId!,
      time: new Date(clock.now()),
      bucket: 'imports',
      key: 'products/2026-01-15.csv',
      size: 512,
      etag: 'b1946ac92492d2347c6235b4d2611184',
      sequencer: '617F08299329D189',
      requestId: 'N4N7GDK58NMKJ12R',
      sourceIpAddress: '1.2.3.4',
    });
    const [event] = jsonTo(ORDERS_QUEUE);
    expect(event).toEqual(expected);
    expect(event).toMatchObject({ source: 'aws.s3', 'detail-type': 'Object Created', resources: ['arn:aws:s3:::imports'] });
    expect(Object.keys((event as { detail: object }).detail)).toEqual([
      'version',
      'bucket',
      'object',
      'request-id',
      'requester',
      'source-ip-address',
      'reason',
    ]);
  });

  it('says which API created the object and its version when given', async () => {
    // Prepare
    const { service, jsonTo, activitiesOf } = importsBucket();

    // Act
    service.s3ObjectCreated({ bucket: 'imports', key: 'big.bin', size: 10, etag: 'abc-2', reason: 'CompleteMultipartUpload', versionId: 'v-1' });

    // Assess
    await expect.poll(() => activitiesOf('delivered')).toHaveLength(1);
    expect(jsonTo(ORDERS_QUEUE)[0]).toMatchObject({
      detail: { reason: 'CompleteMultipartUpload', object: { key: 'big.bin', etag: 'abc-2', 'version-id': 'v-1' } },
    });
  });

  it('gives later changes of a key greater sequencers, as S3 does', async () => {
    // Prepare
    const { service, jsonTo, activitiesOf } = importsBucket();

    // Act
    service.s3ObjectCreated({ bucket: 'imports', key: 'a', size: 1, etag: 'x' });
    service.s3ObjectCreated({ bucket: 'imports', key: 'a', size: 2, etag: 'y' });

    // Assess
    await expect.poll(() => activitiesOf('delivered')).toHaveLength(2);
    const [first, second] = jsonTo(ORDERS_QUEUE).map((event) =>
      BigInt(`0x${(event as { detail: { object: { sequencer: string } } }).detail.object.sequencer}`),
    );
    expect(second! > first!).toBe(true);
  });

  it('puts the Object Deleted event, permanently deleted for an unversioned bucket', async () => {
    // Prepare
    const { service, jsonTo, activitiesOf } = importsBucket();

    // Act
    service.s3ObjectDeleted({ bucket: 'imports', key: 'old.csv', requestId: 'R1', sourceIp: '1.2.3.4', sequencer: '00AB' });

    // Assess
    await expect.poll(() => activitiesOf('delivered')).toHaveLength(1);
    expect(jsonTo(ORDERS_QUEUE)[0]).toMatchObject({
      'detail-type': 'Object Deleted',
      detail: {
        version: '0',
        bucket: { name: 'imports' },
        object: { key: 'old.csv', sequencer: '00AB' },
        'request-id': 'R1',
        requester: '123456789012',
        'source-ip-address': '1.2.3.4',
        reason: 'DeleteObject',
        'deletion-type': 'Permanently Deleted',
      },
    });
  });

  it.each([
    ['a bucket without EventBridge notifications', 'imports', false],
    ['a bucket not in the template', 'elsewhere', true],
  ])('sends nothing for %s', (_case, bucketName, enabled) => {
    // Prepare
    const { service, activitiesOf } = importsBucket(enabled);

    // Act
    const eventId = service.s3ObjectCreated({ bucket: bucketName, key: 'a', size: 1, etag: 'x' });

    // Assess
    expect(eventId).toBeUndefined();
    expect(activitiesOf('received')).toHaveLength(0);
  });
});
