import { Transform, type TransformCallback } from 'node:stream';

const CR = 0x0d;
const LF = 0x0a;

/**
 * A byte stream transform turning every line break (CRLF, or a lone CR) into LF.
 *
 * Why: csv-parse counts a CRLF inside a quoted field as two lines (`info.lines`), so line numbers
 * drift after the first multi-line field of a Windows file. With LF only, its count is exact.
 * Working on bytes is safe for UTF-8: CR and LF never occur inside a multi-byte sequence.
 */
export function normalizeLineBreaks(): Transform {
  let pendingCr = false;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      if (!pendingCr && chunk.indexOf(CR) === -1) {
        callback(null, chunk);
        return;
      }
      const out = Buffer.allocUnsafe(chunk.length + 1);
      let length = 0;
      for (const byte of chunk) {
        if (pendingCr) {
          pendingCr = false;
          out[length++] = LF;
          if (byte === LF) continue;
        }
        if (byte === CR) pendingCr = true;
        else out[length++] = byte;
      }
      callback(null, out.subarray(0, length));
    },
    flush(callback: TransformCallback) {
      callback(null, pendingCr ? Buffer.from([LF]) : undefined);
    },
  });
}
