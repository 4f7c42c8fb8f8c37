import { readFileSync, readdirSync } from 'node:fs';

/*
 * What Linux's /proc says about other processes: the soak's children (DynamoDB Local's JVM, the engines) are not
 * visible to Node otherwise. Elsewhere every reader answers nothing (no descendants, 0).
 */

/** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/** Every process descending from `pid`, children first. */
export function descendants(pid: number): number[] {
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

/** A process's resident memory in bytes (0 when unknown). */
export function rssOf(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.replace(/\D+/g, '')) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The CPU time a process has used, user and system, all its threads, in milliseconds (0 when unknown). */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count the fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : 0;
  } catch {
    return 0;
  }
}
