import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { globToRegExp, isWatched, watchSpecFromCdkJson } from '../../watch/index.ts';

describe('which files hot reload watches', () => {
  const spec = { root: '/app', include: ['infra/**', 'functions/**', 'shared/**'], exclude: ['**/*.test.ts'] };

  it.each([
    ['/app/functions/place-order/handler.ts', true],
    ['/app/shared/events/order-placed.ts', true],
    ['/app/infra/flows/orders-flow.ts', true],
    ['/app/functions/place-order/handler.test.ts', false],
    ['/app/test/unit/x.ts', false],
    ['/app/functions/node_modules/x/index.js', false],
    ['/app/cdk.out/asset.1/index.mjs', false],
    ['/elsewhere/functions/a.ts', false],
  ])('%s: %s', (file, watched) => {
    expect(isWatched(spec, file)).toBe(watched);
  });

  it('reads the globs from the app cdk.json watch section, and watches the whole app without one', () => {
    // Prepare
    const withWatch = mkdtempSync(join(tmpdir(), 'watch-spec-'));
    const without = mkdtempSync(join(tmpdir(), 'watch-spec-'));
    writeFileSync(join(withWatch, 'cdk.json'), JSON.stringify({ app: 'x', watch: { include: ['src/**'], exclude: 'src/**/*.md' } }));
    writeFileSync(join(without, 'cdk.json'), JSON.stringify({ app: 'x' }));

    // Act
    const read = [watchSpecFromCdkJson(withWatch), watchSpecFromCdkJson(without)];

    // Assess
    expect(read).toEqual([
      { root: withWatch, include: ['src/**'], exclude: ['src/**/*.md'] },
      { root: without, include: ['**'], exclude: [] },
    ]);
    rmSync(withWatch, { recursive: true });
    rmSync(without, { recursive: true });
  });

  it('matches a single * within one folder only, and ** across folders', () => {
    expect(globToRegExp('functions/*.ts').test('functions/a.ts')).toBe(true);
    expect(globToRegExp('functions/*.ts').test('functions/a/b.ts')).toBe(false);
    expect(globToRegExp('**/*.ts').test('a.ts')).toBe(true);
    expect(globToRegExp('**/*.ts').test('a/b/c.ts')).toBe(true);
  });

  it('never throws on any glob, and a glob without wildcards matches exactly itself', () => {
    fc.assert(
      fc.property(fc.string(), (glob) => {
        const pattern = globToRegExp(glob);
        if (!/[*?]/.test(glob) && !glob.startsWith('./') && !glob.endsWith('/')) expect(pattern.test(glob)).toBe(true);
      }),
    );
  });
});
