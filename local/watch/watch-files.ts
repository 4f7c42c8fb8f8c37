import { existsSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Which files of an app to watch: globs relative to `root`, as cdk.json's `watch` section writes them. */
export interface WatchSpec {
  root: string;
  include: string[];
  exclude?: string[];
}

/** Never watched, whatever the globs say: dependencies, version control, and what synthesis and hot reload write. */
const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/.git/**', 'cdk.out/**', '**/cdk.out/**', '**/.*/**'];

/** Changes closer together than this are one batch: an editor's save is often several events (write, rename). */
const SETTLE_MS = 60;

/**
 * What `cdk watch` watches, from the `watch` section of the app's cdk.json (`include`, `exclude`); without one,
 * CDK's default: every file of the app. https://docs.aws.amazon.com/cdk/v2/guide/ref-cli-cmd-watch.html
 */
export function watchSpecFromCdkJson(root: string): WatchSpec {
  const file = join(root, 'cdk.json');
  const watchSection = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { watch?: { include?: unknown; exclude?: unknown } }).watch : undefined;
  const list = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : []);
  const include = list(watchSection?.include);
  return { root, include: include.length > 0 ? include : ['**'], exclude: list(watchSection?.exclude) };
}

/** A glob (`**`, `*`, `?`) as a regular expression over a relative path with `/` separators. */
export function globToRegExp(glob: string): RegExp {
  let pattern = '';
  const text = glob.replace(/^\.\//, '').replace(/\/$/, '/**');
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (char === '*' && text[i + 1] === '*') {
      // `**/` matches any number of folders, none included; a final `**` anything below.
      if (text[i + 2] === '/') {
        pattern += '(?:.*/)?';
        i += 2;
      } else {
        pattern += '.*';
        i += 1;
      }
    } else if (char === '*') pattern += '[^/]*';
    else if (char === '?') pattern += '[^/]';
    else pattern += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${pattern}$`);
}

/** Whether `file` (absolute) is one the spec watches. */
export function isWatched(spec: WatchSpec, file: string): boolean {
  const path = relative(spec.root, file).split(sep).join('/');
  if (path === '' || path.startsWith('..') || isAbsolute(path)) return false;
  const matches = (globs: readonly string[]) => globs.some((glob) => globToRegExp(glob).test(path));
  return matches(spec.include) && !matches([...ALWAYS_EXCLUDED, ...(spec.exclude ?? [])]);
}

export interface FileWatch {
  close(): void;
}

/**
 * Calls `onChange` with the absolute paths of watched files that changed (written, created, renamed or deleted),
 * in batches: each batch once its changes have settled. Watches each include glob's folder recursively.
 */
export function watchFiles(spec: WatchSpec, onChange: (files: string[]) => void): FileWatch {
  const folders = [...new Set(spec.include.map((glob) => staticFolder(glob)))];
  // A folder inside another is watched through it.
  const roots = folders.filter((folder) => !folders.some((other) => other !== folder && (other === '' || folder.startsWith(`${other}/`))));
  const watchers: FSWatcher[] = [];
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  for (const folder of roots) {
    const dir = resolve(spec.root, folder);
    if (!existsSync(dir)) continue;
    const watcher = watch(dir, { recursive: true }, (_event, name) => {
      if (name === null) return;
      const file = join(dir, name.toString());
      if (!isWatched(spec, file)) return;
      pending.add(file);
      clearTimeout(timer);
      timer = setTimeout(() => {
        const batch = [...pending];
        pending = new Set();
        onChange(batch);
      }, SETTLE_MS);
    });
    watcher.on('error', () => watcher.close());
    watchers.push(watcher);
  }
  return {
    close() {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}

/** The folder part of a glob before its first wildcard (`functions/**` → `functions`; `**` → the root). */
function staticFolder(glob: string): string {
  const parts = glob.replace(/^\.\//, '').split('/');
  const fixed: string[] = [];
  for (const part of parts.slice(0, -1)) {
    if (/[*?[{]/.test(part)) break;
    fixed.push(part);
  }
  return fixed.join('/');
}
