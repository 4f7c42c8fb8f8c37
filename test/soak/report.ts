import { writeFileSync } from 'node:fs';
import { cpuRows } from './cpu-account.ts';
import type { SoakReport } from './soak.ts';

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** The soak's figures as a table (the README's "Reliability" section shows one), the invariants, and `N passed, M failed`. */
export function describeSoakReport(report: SoakReport): string[] {
  const rows: [string, string][] = [
    ...Object.entries(report.sent).map(([what, n]): [string, string] => [`sent: ${what}`, String(n)]),
    ...Object.entries(report.processed).map(([what, n]): [string, string] => [`processed: ${what}`, String(n)]),
    ...Object.entries(report.injected).map(([kind, n]): [string, string] => [`injected: ${kind}`, String(n)]),
    ['dead-lettered (before the redrive)', String(report.deadLettered)],
    ['redriven (chaos off)', String(report.redriven)],
    ['duplicated effects', String(report.duplicatedEffects)],
    ['lost', String(report.lost)],
    ['peak RSS (runtime + engines)', `${mib(report.peakRssBytes)} (${mib(report.rss.atHalf)} at half the work)`],
    ...cpuRows(report.cpu),
    [
      'duration',
      `${(report.durationsMs.total ?? 0) / 1000} s (${Object.entries(report.durationsMs)
        .filter(([k]) => k !== 'total')
        .map(([k, v]) => `${k} ${(v / 1000).toFixed(0)} s`)
        .join(', ')})`,
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const lines = [
    `soak: seed ${report.seed}, every fault kind at ${report.rate * 100}%`,
    '',
    `| ${'figure'.padEnd(width)} | ${'value'.padEnd(valueWidth)} |`,
    `| ${'-'.repeat(width)} | ${'-'.repeat(valueWidth)} |`,
    ...rows.map(([label, value]) => `| ${label.padEnd(width)} | ${value.padEnd(valueWidth)} |`),
    '',
    ...report.invariants.map((i) => `${i.passed ? 'PASS' : 'FAIL'}  ${i.name}: ${i.detail}`),
    '',
    `${report.passed} passed, ${report.failed} failed`,
  ];
  return lines;
}

export function writeSoakReport(report: SoakReport, path: string): void {
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}
