import { existsSync, readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { dirname, extname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFunction } from 'node:vm';

export type ModuleFormat = 'module' | 'commonjs';

/**
 * The format Node gives a file of the bundle *as it sits in `/var/task` on AWS*. There, the nearest
 * `package.json` is inside the bundle or nowhere; locally the bundle sits in `cdk.out` inside the project, whose
 * own `package.json` says `"type": "module"` and would turn every CommonJS `index.js` into an ES module. So the
 * lookup stops at the task root, and a `.js` file with no `type` in scope gets Node's syntax detection
 * (CommonJS unless it uses ES module syntax), as it would on AWS.
 */
export function moduleFormatInTaskRoot(filePath: string, taskRoot: string): ModuleFormat {
  const extension = extname(filePath);
  if (extension === '.mjs') return 'module';
  if (extension === '.cjs') return 'commonjs';
  const declared = declaredType(dirname(filePath), taskRoot);
  if (declared === 'module' || declared === 'commonjs') return declared;
  return usesModuleSyntax(readFileSync(filePath, 'utf8'), filePath) ? 'module' : 'commonjs';
}

/**
 * Makes every `require`/`import` of a `.js` file inside the task root load with the format it would have on
 * AWS (see {@link moduleFormatInTaskRoot}). Files outside (the project's `node_modules`, where bundles resolve
 * the external `@aws-sdk/*`) keep Node's own rules.
 */
export function installTaskRootFormatHooks(taskRoot: string): void {
  const formats = new Map<string, ModuleFormat>();
  registerHooks({
    load(url, context, nextLoad) {
      if (!url.startsWith('file:') || !url.endsWith('.js')) return nextLoad(url, context);
      const filePath = fileURLToPath(url);
      if (!isInside(filePath, taskRoot)) return nextLoad(url, context);
      let format = formats.get(filePath);
      if (format === undefined) {
        format = moduleFormatInTaskRoot(filePath, taskRoot);
        formats.set(filePath, format);
      }
      const loaded = nextLoad(url, { ...context, format });
      // Node leaves CommonJS source for its own loader to read; give it the text so our format sticks.
      return { ...loaded, format, source: loaded.source ?? readFileSync(filePath) };
    },
  });
}

function declaredType(fromDir: string, taskRoot: string): string | undefined {
  for (let dir = fromDir; isInside(dir, taskRoot); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const type = (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type;
        return typeof type === 'string' ? type : undefined;
      } catch {
        return undefined;
      }
    }
    if (dir === taskRoot || dirname(dir) === dir) break;
  }
  return undefined;
}

/**
 * Node's syntax detection for files without a declared type: compile as CommonJS; the errors that only ES
 * module syntax causes mean the file is an ES module. https://nodejs.org/api/packages.html#syntax-detection
 */
const ESM_ONLY_SYNTAX_ERRORS = [
  'Cannot use import statement outside a module',
  "Unexpected token 'export'",
  "Cannot use 'import.meta' outside a module",
  'await is only valid in async functions and the top level bodies of modules',
];

function usesModuleSyntax(source: string, filename: string): boolean {
  try {
    compileFunction(source, ['exports', 'require', 'module', '__filename', '__dirname'], { filename });
    return false;
  } catch (error) {
    return error instanceof SyntaxError && ESM_ONLY_SYNTAX_ERRORS.some((message) => error.message.includes(message));
  }
}

function isInside(path: string, root: string): boolean {
  const fromRoot = relative(root, path);
  return !fromRoot.startsWith('..') && !isAbsolute(fromRoot);
}
