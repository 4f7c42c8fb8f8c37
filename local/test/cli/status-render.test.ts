import { describe, expect, it } from 'vitest';
import { renderStatus } from '../../cli/commands/status.ts';
import type { RuntimeStatus } from '../../runtime/index.ts';

const nightly = (nextFireTime: string): RuntimeStatus =>
  ({
    buses: [],
    queues: [],
    deadLetterQueues: [],
    streams: [],
    schedules: [{ name: 'nightly', kind: 'schedule', expression: 'rate(1 day)', state: 'ENABLED', nextFireTime }],
  }) as unknown as RuntimeStatus; // only the fields renderStatus reads

describe('eventful status: how far away a fire time is', () => {
  it('never rounds up: a daily schedule started a moment ago fires in 23 h 59 min, not in 1 d', () => {
    // Act
    const lines = renderStatus(nightly('2026-12-08T00:00:00.000Z'), new Date('2026-12-07T00:00:00.400Z'));

    // Assess
    expect(lines.join('\n')).toMatch(/next 2026-12-08T00:00:00.000Z \(in 23 h 59 min\)/);
  });

  it.each([
    [59_999, 'in 59 s'],
    [3_599_999, 'in 59 min 59 s'],
    [90_000_000, 'in 1 d 1 h'],
  ])('says %i ms as "%s"', (ms, said) => {
    // Act
    const lines = renderStatus(nightly(new Date(Date.parse('2026-12-07T00:00:00Z') + ms).toISOString()), new Date('2026-12-07T00:00:00Z'));

    // Assess
    expect(lines.join('\n')).toContain(`(${said})`);
  });
});
