import { parse, type CsvError, type Info } from 'csv-parse';
import { pipeline, type Readable } from 'node:stream';
import { CsvSyntaxError } from './errors.ts';
import { normalizeLineBreaks } from './normalize-line-breaks.ts';

/** One CSV record and where it starts in the file. */
export interface CsvRecord {
  /** Physical line the record starts on, the header being line 1. A quoted field may span lines. */
  line: number;
  /** Fields as read, quotes removed, not trimmed. */
  fields: string[];
}

export interface ReadCsvRecordsOptions {
  /**
   * Largest record, in bytes. Bounds the memory a quote opened and never closed can take (the
   * rest of the file would otherwise pile up in one field) and makes such a file fail early.
   * @default 65536
   */
  maxRecordBytes?: number;
}

/** Far above any valid product row (sku ≤ 64 and name ≤ 256 characters, two numbers). */
export const DEFAULT_MAX_RECORD_BYTES = 64 * 1024;

interface ParsedRecord {
  record: string[];
  info: Info;
}

/**
 * Reads a CSV byte stream record by record, streaming: the next bytes are read only when the
 * caller asks for more records, so a slow caller (e.g. one awaiting writes) holds back the source.
 *
 * Lenient where a row can still be told apart from the next one: records may have any number of
 * fields (`relax_column_count`, the caller judges), a stray quote inside an unquoted field is kept
 * as is (`relax_quotes`), a UTF-8 BOM is dropped, LF, CRLF and CR all end a line, empty lines come
 * through as records of one empty field.
 *
 * @throws CsvSyntaxError when a record cannot be delimited (quote never closed, record over
 *   `maxRecordBytes`), once the records before it have been yielded: reading stops there.
 * @throws whatever error the source stream fails with (e.g. a network error), unchanged.
 * @example
 * for await (const { line, fields } of readCsvRecords(body)) console.log(line, fields);
 */
export async function* readCsvRecords(source: Readable, options: ReadCsvRecordsOptions = {}): AsyncGenerator<CsvRecord> {
  // The record that cannot be delimited, and how many records came before it.
  let failure: { error: CsvError; recordsBefore: number } | undefined;
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
    /*
     * Skipping instead of failing the stream: a stream error would discard the records parsed
     * before it but not yet read. csv-parse does not resume after these errors anyway (a quote
     * never closed takes the rest of the file), so the first one ends the reading.
     */
    skip_records_with_error: true,
    on_skip: (error) => {
      if (error && failure === undefined) failure = { error, recordsBefore: parser.info.records };
      return undefined;
    },
  });
  // A source error reaches the loop below through the parser, which pipeline destroys with it.
  pipeline(source, normalizeLineBreaks(), parser, () => {});

  // csv-parse reports the line a record ends on; records are contiguous, so each starts after the previous one.
  let lastLine = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<ParsedRecord>) {
      if (failure !== undefined && info.records > failure.recordsBefore) break;
      yield { line: lastLine + 1, fields: record };
      lastLine = info.lines;
    }
    if (failure !== undefined) throw new CsvSyntaxError(lastLine + 1, withoutLine(failure.error.message), { cause: failure.error });
  } finally {
    // A caller that stops early (bad header) releases the source (e.g. the S3 connection) at once.
    parser.destroy();
    source.destroy();
  }
}

/** csv-parse messages end with "at line N", counted its own way; the caller gets our line instead. */
function withoutLine(message: string): string {
  return message.replace(/\s*(at|on) line \d+\b/, '');
}
