import { readFileSync, readdirSync } from 'node:fs';

/** How often RSS is sampled. */
const SAMPLE_EVERY_MS = 1_000;

/** One sample: the soak's process (the runtime, its Lambda worker threads) and every child process (the engines). */
export interface RssSample {
  at: number;
  /** Requests the drivers had sent when sampled. */
  requests: number;
  /** Lambda execution environments (worker threads) alive when sampled. */
  environments: number;
  processBytes: number;
  childrenBytes: number;
  totalBytes: number;
}

/**
 * Samples the resident memory of this process and its descendants (DynamoDB Local's JVM, the engines) from /proc
 * (Linux). Elsewhere only this process is measured and `childrenBytes` stays 0.
 */
export class RssSampler {
  readonly samples: RssSample[] = [];
  #timer: NodeJS.Timeout | undefined;
  readonly #requests: () => number;
  readonly #environments: () => number;

  constructor(counts: { requests: () => number; environments: () => number }) {
    this.#requests = counts.requests;
    this.#environments = counts.environments;
  }

  start(): void {
    this.sample();
    this.#timer = setInterval(() => this.sample(), SAMPLE_EVERY_MS);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.sample();
  }

  sample(): RssSample {
    const processBytes = process.memoryUsage.rss();
    const childrenBytes = descendants(process.pid).reduce((sum, pid) => sum + rssOf(pid), 0);
    const sample = {
      at: Date.now(),
      requests: this.#requests(),
      environments: this.#environments(),
      processBytes,
      childrenBytes,
      totalBytes: processBytes + childrenBytes,
    };
    this.samples.push(sample);
    return sample;
  }

  get peak(): RssSample {
    return this.samples.reduce((max, s) => (s.totalBytes > max.totalBytes ? s : max), this.samples[0] as RssSample);
  }
}

function descendants(pid: number): number[] {
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift() as number;
    let children: number[] = [];
    try {
      for (const task of readdirSync(`/proc/${parent}/task`)) {
        children = children.concat(readFileSync(`/proc/${parent}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
      }
    } catch {
      // Not Linux, or the process ended meanwhile.
    }
    found.push(...children);
    queue.push(...children);
  }
  return found;
}

function rssOf(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.replace(/\D+/g, '')) * 1024 : 0;
  } catch {
    return 0;
  }
}
