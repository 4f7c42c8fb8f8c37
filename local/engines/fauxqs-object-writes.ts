import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What an S3 event carries about the object as written. */
export interface WrittenObject {
  size: number;
  /** As stored by fauxqs: quoted. */
  etag: string;
}
export type OnObjectWritten = (bucket: string, key: string, object: WrittenObject) => void;

/** The part of fauxqs's S3Store (dist/s3/s3Store.js) read here. */
interface S3StoreInternals {
  spy?: object;
  multipartUploads: Map<string, { bucket: string }>;
  putObject(bucket: string, key: string, ...rest: unknown[]): { contentLength: number; etag: string };
  completeMultipartUpload(uploadId: string, ...rest: unknown[]): { key: string; contentLength: number; etag: string };
}

const PATCHED = Symbol.for('eventful.fauxqs.objectWrites');
/** Keyed by the fauxqs server's spy: the one object both the server handle and its S3 store hold. */
const listeners = new WeakMap<object, OnObjectWritten>();

/**
 * Reports each object fauxqs writes, with its size and ETag, synchronously inside the write.
 *
 * fauxqs's public spy events name only bucket and key; reading size and ETag afterwards races
 * with the next request (a quick delete or overwrite). So its S3Store's two write methods are
 * wrapped; the module is reached by file path because the package exports only its entry point.
 * Returns `false` when this fauxqs version does not have them (events then fall back to HeadObject).
 */
export async function observeObjectWrites(spy: object, onWritten: OnObjectWritten): Promise<boolean> {
  const store = await loadS3StoreClass();
  if (!store) return false;
  patch(store.prototype);
  listeners.set(spy, onWritten);
  return true;
}

export function stopObservingObjectWrites(spy: object): void {
  listeners.delete(spy);
}

async function loadS3StoreClass(): Promise<{ prototype: S3StoreInternals } | undefined> {
  const candidates = createRequire(import.meta.url).resolve.paths('fauxqs') ?? [];
  const file = candidates.map((dir) => join(dir, 'fauxqs', 'dist', 's3', 's3Store.js')).find((path) => existsSync(path));
  if (!file) return undefined;
  const module = (await import(pathToFileURL(file).href)) as { S3Store?: { prototype: S3StoreInternals } };
  const prototype = module.S3Store?.prototype;
  return prototype && typeof prototype.putObject === 'function' && typeof prototype.completeMultipartUpload === 'function' ? module.S3Store : undefined;
}

function patch(prototype: S3StoreInternals & { [PATCHED]?: true }): void {
  if (prototype[PATCHED]) return;
  prototype[PATCHED] = true;
  const putObject = prototype.putObject;
  const completeMultipartUpload = prototype.completeMultipartUpload;
  prototype.putObject = function (this: S3StoreInternals, bucket, key, ...rest) {
    const object = putObject.call(this, bucket, key, ...rest);
    notify(this, bucket, key, object);
    return object;
  };
  prototype.completeMultipartUpload = function (this: S3StoreInternals, uploadId, ...rest) {
    const bucket = this.multipartUploads.get(uploadId)?.bucket;
    const object = completeMultipartUpload.call(this, uploadId, ...rest);
    if (bucket !== undefined) notify(this, bucket, object.key, object);
    return object;
  };
}

function notify(store: S3StoreInternals, bucket: string, key: string, object: { contentLength: number; etag: string }): void {
  const listener = store.spy ? listeners.get(store.spy) : undefined;
  listener?.(bucket, key, { size: object.contentLength, etag: object.etag });
}
