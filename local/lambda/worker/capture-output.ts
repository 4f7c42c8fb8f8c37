import type { LogStream } from './protocol.ts';

export interface OutputCapture {
  /** Lines written from now on belong to this request (undefined during init). */
  setRequestId(requestId: string | undefined): void;
  /** Emits what is left of unfinished lines, e.g. before the invocation's result is posted. */
  flush(): void;
}

/**
 * Takes over `process.stdout.write` and `process.stderr.write` inside the instance, so `console.*`, Powertools'
 * JSON logger (which writes to the streams through its own Console) and direct writes all come out as lines
 * tagged with the request that printed them.
 */
export function captureOutput(emit: (stream: LogStream, line: string, requestId: string | undefined) => void): OutputCapture {
  let requestId: string | undefined;
  const pending: Record<LogStream, string> = { stdout: '', stderr: '' };
  const decoder = new TextDecoder();

  const take = (stream: LogStream, chunk: unknown): void => {
    const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? decoder.decode(chunk) : String(chunk);
    const lines = (pending[stream] + text).split('\n');
    pending[stream] = lines.pop() ?? '';
    for (const line of lines) emit(stream, line, requestId);
  };

  for (const stream of ['stdout', 'stderr'] as const) {
    const target = process[stream];
    // Writable.write's overloads: (chunk, cb?) and (chunk, encoding, cb?).
    target.write = ((chunk: unknown, encodingOrCallback?: unknown, callback?: unknown): boolean => {
      take(stream, chunk);
      const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
      if (typeof done === 'function') queueMicrotask(() => (done as (error?: Error | null) => void)(null));
      return true;
    }) as typeof target.write;
  }

  return {
    setRequestId(id) {
      requestId = id;
    },
    flush() {
      for (const stream of ['stdout', 'stderr'] as const) {
        if (pending[stream] !== '') emit(stream, pending[stream], requestId);
        pending[stream] = '';
      }
    },
  };
}
