import type { SpyMessage } from 'fauxqs';

/**
 * An object change in a bucket, with what EventBridge's "Object Created" / "Object Deleted"
 * events carry (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html).
 */
export interface S3ObjectEvent {
  detailType: 'Object Created' | 'Object Deleted';
  bucket: string;
  key: string;
  /** The S3 API that caused it. fauxqs does not tell PostObject from PutObject: both read PutObject. */
  reason: 'PutObject' | 'CopyObject' | 'CompleteMultipartUpload' | 'DeleteObject';
  /** Bytes, for created objects. */
  size?: number;
  /** Without quotes, as in S3 event notifications. */
  etag?: string;
  time: Date;
}

export type S3ObjectEventListener = (event: S3ObjectEvent) => void | Promise<void>;

type S3SpyEvent = Extract<SpyMessage, { service: 's3' }>;

/** Size and ETag (quoted, as S3 returns it) of an object. */
export interface ObjectFacts {
  size: number;
  etag: string;
}

/** fauxqs's spy events carry only bucket and key; these say what was written. */
export interface ObjectFactsSource {
  /** The facts recorded during the write, taken once (see fauxqs-object-writes.ts). */
  takeWritten(bucket: string, key: string): ObjectFacts | undefined;
  /** Fallback: ask the engine, later, at the risk of seeing a newer version. */
  head(bucket: string, key: string): Promise<ObjectFacts | undefined>;
}

/**
 * Turns fauxqs's spy events into {@link S3ObjectEvent}s, in the order the changes happened.
 * fauxqs reports a copy as `uploaded` then `copied` for the same key within one synchronous call,
 * so events are read a microtask later, when the pair is complete.
 */
export class S3ObjectEventSource {
  readonly #listeners = new Set<S3ObjectEventListener>();
  readonly #facts: ObjectFactsSource;
  readonly #onListenerError: (error: unknown) => void;
  #batch: S3SpyEvent[] = [];
  #delivery: Promise<void> = Promise.resolve();

  constructor(facts: ObjectFactsSource, onListenerError: (error: unknown) => void) {
    this.#facts = facts;
    this.#onListenerError = onListenerError;
  }

  /** Calls `listener` for every object created or deleted; returns a function that stops it. */
  subscribe(listener: S3ObjectEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get listening(): boolean {
    return this.#listeners.size > 0;
  }

  /** Feeds one fauxqs spy event (any service; others are ignored). */
  observe(message: SpyMessage): void {
    if (message.service !== 's3' || this.#listeners.size === 0) return;
    if (message.status !== 'uploaded' && message.status !== 'copied' && message.status !== 'deleted') return;
    if (this.#batch.length === 0) queueMicrotask(() => this.#flush());
    this.#batch.push(message);
  }

  /** Resolves once every event observed so far has reached the listeners. */
  idle(): Promise<void> {
    return new Promise((resolve) => queueMicrotask(() => resolve(this.#delivery)));
  }

  #flush(): void {
    const batch = this.#batch;
    this.#batch = [];
    for (let i = 0; i < batch.length; i++) {
      const message = batch[i]!;
      const next = batch[i + 1];
      const isCopy = message.status === 'uploaded' && next?.status === 'copied' && next.bucket === message.bucket && next.key === message.key;
      if (isCopy) i++;
      if (message.status === 'copied') continue; // a `copied` without its `uploaded`: not expected from fauxqs 2
      // Taken now, a microtask after the write, before any later request can change the object.
      const written = message.status === 'uploaded' ? this.#facts.takeWritten(message.bucket, message.key) : undefined;
      this.#delivery = this.#delivery.then(() => this.#deliver(message, isCopy, written));
    }
  }

  async #deliver(message: S3SpyEvent, isCopy: boolean, written: ObjectFacts | undefined): Promise<void> {
    const time = new Date(message.timestamp);
    let event: S3ObjectEvent;
    if (message.status === 'deleted') {
      event = { detailType: 'Object Deleted', bucket: message.bucket, key: message.key, reason: 'DeleteObject', time };
    } else {
      const head = written ?? (await this.#facts.head(message.bucket, message.key).catch(() => undefined));
      const etag = head?.etag.replaceAll('"', '');
      // A multipart ETag is the MD5 of the part digests followed by `-<part count>`.
      const reason = isCopy ? 'CopyObject' : etag?.includes('-') ? 'CompleteMultipartUpload' : 'PutObject';
      event = { detailType: 'Object Created', bucket: message.bucket, key: message.key, reason, time, ...(head ? { size: head.size, etag: etag! } : {}) };
    }
    for (const listener of this.#listeners) {
      try {
        await listener(event);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }
}
