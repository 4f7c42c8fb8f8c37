/**
 * A Kinesis record's data, decoded from base64 into one buffer reused for every record: decoding into a new Buffer
 * each time cost a third of the decoding. The bytes are the record's until the next `decode`.
 */
export class RecordData {
  /** The decoded bytes are `bytes[0]` to `bytes[length - 1]`; the buffer is longer. */
  bytes = Buffer.allocUnsafe(4096);
  length = 0;

  decode(base64: string): void {
    // Base64 decodes to at most 3 bytes per 4 characters; Kinesis data is at most 1 MiB.
    const most = Math.ceil(base64.length / 4) * 3;
    if (most > this.bytes.length) this.bytes = Buffer.allocUnsafe(most);
    this.length = this.bytes.write(base64, 0, 'base64');
  }
}
