import { describe, expect, it } from 'vitest';
import { decodeActivityRecord } from '../../../../functions/aggregate-activity/decode-activity-record.ts';
import { PoisonRecordError } from '../../../../functions/aggregate-activity/errors.ts';
import { kinesisRecord } from '../../../kit/index.ts';

const view = { eventId: 'e-1', type: 'product_view', userId: 'u-1', sku: 'SKU-1', at: '2026-03-01T12:00:00Z' };

describe('decodeActivityRecord', () => {
  it('reads records of any size in turn, a large one not leaking into the next', () => {
    // Prepare
    const large = kinesisRecord({ ...view, eventId: 'e-large', note: 'x'.repeat(100_000) });
    const small = kinesisRecord({ ...view, eventId: 'e-small', sku: 'SKU-2' });

    // Act
    const decoded = [decodeActivityRecord(large), decodeActivityRecord(small)];

    // Assess
    expect(decoded).toEqual([
      { ...view, eventId: 'e-large' },
      { ...view, eventId: 'e-small', sku: 'SKU-2' },
    ]);
  });

  it('reads text beyond ASCII as UTF-8', () => {
    // Act
    const decoded = decodeActivityRecord(kinesisRecord({ ...view, userId: 'Zoë 🛒' }));

    // Assess
    expect(decoded.userId).toBe('Zoë 🛒');
  });

  it('refuses a record that is not JSON, naming its sequence number', () => {
    // Act
    const decoding = () => decodeActivityRecord(kinesisRecord('not json', { sequenceNumber: '42' }));

    // Assess
    expect(decoding).toThrow(PoisonRecordError);
    expect(decoding).toThrow(/42/);
  });
});
