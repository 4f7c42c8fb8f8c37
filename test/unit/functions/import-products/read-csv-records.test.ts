import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, readCsvRecords, type CsvRecord } from '../../../../shared/imports/index.ts';

/** The source as S3 would stream it: bytes, cut into chunks of `chunkBytes` (splitting CRLF and multi-byte characters too). */
function bytes(text: string, chunkBytes = 1024): Readable {
  const buffer = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let start = 0; start < buffer.length; start += chunkBytes) chunks.push(buffer.subarray(start, start + chunkBytes));
  return Readable.from(chunks, { objectMode: false });
}

async function readAll(source: Readable, maxRecordBytes?: number): Promise<CsvRecord[]> {
  const records: CsvRecord[] = [];
  for await (const record of readCsvRecords(source, { maxRecordBytes })) records.push(record);
  return records;
}

const lines = (records: CsvRecord[]) => records.map(({ line, fields }) => [line, fields[0]]);

describe('readCsvRecords', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('numbers records by the physical line they start on, with %s line breaks', async (_name, eol) => {
    // Prepare
    const text = ['h,x', 'a,"multi', 'line",1', '', 'b,2', '"c","with, comma"', ''].join(eol);
    // Act
    const records = await readAll(bytes(text, 3));
    // Assess
    expect(lines(records)).toEqual([
      [1, 'h'],
      [2, 'a'],
      [4, ''],
      [5, 'b'],
      [6, 'c'],
    ]);
    expect(records[4]?.fields).toEqual(['c', 'with, comma']);
  });

  it('keeps a multi-line field whole, its line breaks as LF', async () => {
    // Act
    const records = await readAll(bytes('h\r\n"one\r\ntwo",x\r\n'));
    // Assess
    expect(records[1]).toEqual({ line: 2, fields: ['one\ntwo', 'x'] });
  });

  it('drops a UTF-8 byte order mark and decodes characters split across chunks', async () => {
    // Act
    const records = await readAll(bytes('\ufeffsku,name\nA,Crème brûlée\n', 1));
    // Assess
    expect(records).toEqual([
      { line: 1, fields: ['sku', 'name'] },
      { line: 2, fields: ['A', 'Crème brûlée'] },
    ]);
  });

  it('delivers records of any length and stray quotes inside unquoted fields as they are', async () => {
    // Act
    const records = await readAll(bytes('a,b,c\nshort\nx,ab"c,1,2\n'));
    // Assess
    expect(records.map((r) => r.fields)).toEqual([['a', 'b', 'c'], ['short'], ['x', 'ab"c', '1', '2']]);
  });

  it('stops at a quote never closed, naming the line its record starts on', async () => {
    // Prepare
    const records: CsvRecord[] = [];
    // Act
    const reading = (async () => {
      for await (const record of readCsvRecords(bytes('h\nA,1\nB,"open\nC,3\nD,4\n'))) records.push(record);
    })();
    // Assess
    const error = await reading.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect(error).toMatchObject({ line: 3, reason: expect.stringMatching(/^Quote Not Closed/) });
    expect(lines(records)).toEqual([
      [1, 'h'],
      [2, 'A'],
    ]);
  });

  it('stops at a record over the size limit, after every record before it, instead of buffering the rest of the file', async () => {
    // Prepare
    const records: CsvRecord[] = [];
    const rowsBefore = Array.from({ length: 200 }, (_, i) => `R${i + 2},1\n`).join('');
    // Act
    const error = await (async () => {
      for await (const record of readCsvRecords(bytes(`h\n${rowsBefore}A,"never closed\n${'x,y\n'.repeat(1000)}`, 64), { maxRecordBytes: 256 })) {
        records.push(record);
      }
    })().catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect(error).toMatchObject({ line: 202, reason: expect.stringMatching(/^Max Record Size/) });
    expect(records).toHaveLength(201);
    expect(records.at(-1)).toEqual({ line: 201, fields: ['R201', '1'] });
  });

  it('passes on an error of the source stream unchanged', async () => {
    // Prepare
    const failure = new Error('socket hang up');
    const source = new Readable({
      read() {
        this.push('h\nA,1\n');
        this.destroy(failure);
      },
    });
    // Act
    const error = await readAll(source).catch((e: unknown) => e);
    // Assess
    expect(error).toBe(failure);
  });

  it('releases the source when the reader stops early', async () => {
    // Prepare
    const source = bytes('h\nA,1\nB,2\n', 2);
    // Act
    for await (const _record of readCsvRecords(source)) break;
    // Assess
    expect(source.destroyed).toBe(true);
  });
});
