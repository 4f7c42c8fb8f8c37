import { describe, expect, it } from 'vitest';
import { putEventsEntrySize } from '../../../shared/publishing/index.ts';

const base = { Source: 'eventful.orders', DetailType: 'OrderPlaced' }; // 15 + 11 bytes

describe('putEventsEntrySize', () => {
  it.each([
    ['ASCII, one byte per character', '{"a":"b"}', 9],
    ['é, two bytes in UTF-8', '{"a":"é"}', 10],
    ['€, three bytes in UTF-8', '{"a":"€"}', 11],
    ['😀, four bytes in UTF-8 (two UTF-16 units)', '{"a":"😀"}', 12],
  ])('counts Detail in UTF-8 bytes: %s', (_case, detail, detailBytes) => {
    expect(putEventsEntrySize({ ...base, Detail: detail })).toBe(26 + detailBytes);
  });

  it('counts Source and DetailType in UTF-8 bytes', () => {
    expect(putEventsEntrySize({ Source: 'café', DetailType: 'Größe' })).toBe(5 + 7);
  });

  it.each([new Date(0), new Date('2026-03-02T10:00:00.123Z')])('counts a Time as 14 bytes, whatever its value (%s)', (time) => {
    expect(putEventsEntrySize({ ...base, Time: time })).toBe(26 + 14);
  });

  it('counts each Resources entry in UTF-8 bytes', () => {
    const resources = ['arn:aws:s3:::bucket', 'arn:aws:s3:::bücket'];
    expect(putEventsEntrySize({ ...base, Resources: resources })).toBe(26 + 19 + 20);
  });

  it('does not count EventBusName or TraceHeader', () => {
    expect(putEventsEntrySize({ ...base, EventBusName: 'eventful', TraceHeader: 'Root=1-abc' })).toBe(26);
  });

  it('adds every part up', () => {
    const entry = { ...base, Detail: '{"a":"é"}', Time: new Date(), Resources: ['r1', 'r€'] };
    expect(putEventsEntrySize(entry)).toBe(15 + 11 + 10 + 14 + 2 + 4);
  });
});
