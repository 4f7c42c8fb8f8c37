import { PassThrough } from 'node:stream';
import type { EndpointRequest } from './http-types.ts';

/**
 * How much of a `multipart/form-data` body is read to find its fields. S3 requires the file to be the form's last
 * field and ignores anything after it; the fields before it (key, policy, signature, …) fit in far less than this.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html
 */
export const FORM_FIELDS_PEEK_BYTES = 64 * 1024;

const FIELD_NAME = /content-disposition:\s*form-data;\s*name="([^"]*)"/gi;

/**
 * The names (lower-cased) of the form fields that come before the file, read from the start of the body, and the
 * request again with its body whole (what was read first, then the rest as it arrives), to forward as it was.
 */
export function peekFormFields(req: EndpointRequest): Promise<{ fields: Set<string>; request: EndpointRequest }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let ended = false;
    const fields = new Set<string>();
    const finish = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', reject);
      req.pause();
      const body = new PassThrough();
      for (const chunk of chunks) body.write(chunk);
      if (ended) body.end();
      else {
        req.on('error', (error) => body.destroy(error));
        req.pipe(body);
      }
      resolve({
        fields,
        request: Object.assign(body, {
          method: req.method,
          url: req.url,
          headers: req.headers,
          httpVersionMajor: (req as { httpVersionMajor?: number }).httpVersionMajor,
        }),
      });
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      fields.clear();
      for (const match of Buffer.concat(chunks).toString('latin1').matchAll(FIELD_NAME)) fields.add((match[1] ?? '').toLowerCase());
      if (fields.has('file') || size >= FORM_FIELDS_PEEK_BYTES) finish();
    };
    const onEnd = () => {
      ended = true;
      finish();
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', reject);
  });
}
