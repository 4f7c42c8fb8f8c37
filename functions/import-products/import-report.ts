import { REPORTS_PREFIX } from '../../shared/imports/reports-prefix.ts';

export { REPORTS_PREFIX };

/**
 * Rejected rows listed in one report; the rest are only counted (`truncated`), so a file of
 * 100k bad rows still gets a report of a few dozen kilobytes.
 */
export const MAX_REJECTED_LISTED = 1000;

/** One row that was not imported. */
export interface RejectedRow {
  /** Physical line in the file, the header being line 1. */
  line: number;
  reason: string;
}

/** `reports/<key>.report.json`, next to nothing else the import reads. */
export interface ImportReport {
  /** `s3://bucket/key` */
  source: string;
  etag: string;
  rowsOk: number;
  rowsRejected: number;
  /** The first {@link MAX_REJECTED_LISTED} rejected rows, in file order. */
  rejected: RejectedRow[];
  /** Rejected rows beyond those listed. Absent when all are listed. */
  truncated?: number;
  /** Why the file was not read (bad header) or not read to the end (unclosed quote). Absent when it was. */
  error?: string;
  startedAt: string;
  finishedAt: string;
}

/** The report key of an imported object: `reports/<key>.report.json`. */
export function reportKeyOf(key: string): string {
  return `${REPORTS_PREFIX}${key}.report.json`;
}

/** A key under `reports/`: a report (or something put next to them), never imported. */
export function isReportKey(key: string): boolean {
  return key.startsWith(REPORTS_PREFIX);
}

/** Collects rejected rows: every one counted, the first `max` kept. */
export class RejectedRows {
  readonly #listed: RejectedRow[] = [];
  #count = 0;

  constructor(private readonly max = MAX_REJECTED_LISTED) {}

  add(line: number, reason: string): void {
    this.#count++;
    if (this.#listed.length < this.max) this.#listed.push({ line, reason });
  }

  get count(): number {
    return this.#count;
  }

  /** `rowsRejected`, `rejected` and, when some were not kept, `truncated`. */
  toReport(): Pick<ImportReport, 'rowsRejected' | 'rejected' | 'truncated'> {
    const truncated = this.#count - this.#listed.length;
    return { rowsRejected: this.#count, rejected: [...this.#listed], ...(truncated > 0 && { truncated }) };
  }
}
