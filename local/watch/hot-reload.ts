import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { FunctionSpec } from '../topology/types.ts';
import { readBundleSource, type BundleSource } from './bundle-source.ts';
import { Rebundler } from './rebundle.ts';
import { watchFiles, type FileWatch, type WatchSpec } from './watch-files.ts';

/** What hot reload changes: the running Lambda service (`LambdaService` is one). */
export interface CodeTarget {
  functions(): FunctionSpec[];
  updateFunctionCode(functionName: string, codeDir: string): void;
}

export type HotReloadLog = (kind: 'runtime' | 'warn' | 'error', text: string) => void;

export interface HotReloadOptions {
  watch: WatchSpec;
  /**
   * Where rebundled code goes, one directory per function and edit. Keep it inside the app's folder (e.g. under
   * the assembly): bundles resolve the modules they leave external (the AWS SDK) from its `node_modules`.
   */
  outDir: string;
  log: HotReloadLog;
  /** A readable name for a function in the log (its construct path's last part). @default the physical name */
  displayName?: (functionName: string) => string;
  /**
   * Changed files that are in no function's bundle (the infrastructure code, or a function without a metafile):
   * the caller re-synthesizes and applies the difference. Called once per batch, never two at once.
   */
  onOtherChange: (files: string[]) => Promise<void>;
}

/**
 * `npm start`'s hot reload: watches the app's files; a change to a file some bundles were built from rebundles
 * exactly those functions (from their esbuild metafile) and swaps their code in the running Lambda service, so the
 * next invocation runs it while running ones finish on the old code; any other change goes to `onOtherChange`.
 * Batches are handled one after the other; changes arriving meanwhile make the next batch.
 */
export class HotReload {
  readonly #options: HotReloadOptions;
  readonly #rebundler = new Rebundler();
  #target: CodeTarget;
  #sources = new Map<string, BundleSource>();
  #watch: FileWatch | undefined;
  #pending = new Set<string>();
  #running: Promise<void> | undefined;
  #generation = 0;
  #closed = false;

  constructor(target: CodeTarget, options: HotReloadOptions) {
    this.#target = target;
    this.#options = options;
  }

  /** Starts watching; returns the functions it cannot rebundle (no metafile), with why. */
  start(): { functionName: string; reason: string }[] {
    rmSync(this.#options.outDir, { recursive: true, force: true });
    const missing = this.#index();
    this.#watch = watchFiles(this.#options.watch, (files) => this.#changed(files));
    return missing;
  }

  /** After a restart: the functions of the new runtime (their bundles and code as synthesized again). */
  async retarget(target: CodeTarget): Promise<void> {
    this.#target = target;
    await this.#rebundler.dispose();
    this.#index();
  }

  /** Resolves once the batch under way (if any) and those queued behind it are done. */
  async settled(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** Stops watching, after the change under way (if any) is handled. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#watch?.close();
    await this.settled();
    await this.#rebundler.dispose();
  }

  /** Removes the rebundled code: once the runtime has stopped, since running instances may still start from it. */
  removeCode(): void {
    rmSync(this.#options.outDir, { recursive: true, force: true });
  }

  #index(): { functionName: string; reason: string }[] {
    this.#sources.clear();
    const missing: { functionName: string; reason: string }[] = [];
    for (const fn of this.#target.functions()) {
      const source = readBundleSource(fn.codeDir, fn.runtime, this.#options.watch.root);
      if ('missing' in source) missing.push({ functionName: fn.name, reason: source.missing });
      else this.#sources.set(fn.name, source);
    }
    return missing;
  }

  #changed(files: string[]): void {
    if (this.#closed) return;
    for (const file of files) this.#pending.add(file);
    this.#running ??= this.#drain().finally(() => (this.#running = undefined));
  }

  async #drain(): Promise<void> {
    while (this.#pending.size > 0 && !this.#closed) {
      const files = [...this.#pending];
      this.#pending.clear();
      try {
        await this.#handle(files);
      } catch (error) {
        this.#options.log('error', `hot reload failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  async #handle(files: string[]): Promise<void> {
    const affected = [...this.#sources].filter(([, source]) => files.some((file) => source.inputs.includes(file)));
    const others = files.filter((file) => !affected.some(([, source]) => source.inputs.includes(file)));
    const named = (list: string[]) => list.map((file) => relative(this.#options.watch.root, file)).join(', ');
    if (others.length > 0) {
      // The infrastructure changed: synthesizing again rebuilds every bundle too.
      await this.#options.onOtherChange(others);
      return;
    }
    const display = this.#options.displayName ?? ((name: string) => name);
    const started = performance.now();
    const results = await Promise.all(
      affected.map(async ([functionName, source]) => {
        this.#generation += 1;
        const codeDir = join(this.#options.outDir, safeName(functionName), String(this.#generation));
        try {
          const next = await this.#rebundler.rebundle(safeName(functionName), source, codeDir);
          this.#target.updateFunctionCode(functionName, codeDir);
          this.#sources.set(functionName, next);
          return { functionName, ok: true as const };
        } catch (error) {
          return { functionName, ok: false as const, error: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    const done = results.filter((r) => r.ok).map((r) => display(r.functionName));
    const ms = Math.round(performance.now() - started);
    if (done.length > 0)
      this.#options.log('runtime', `hot reload: ${named(files)} changed → rebundled ${done.join(', ')} in ${ms} ms; the next invocation runs the new code`);
    for (const failed of results.filter((r) => !r.ok)) {
      this.#options.log('error', `hot reload: rebundling ${display(failed.functionName)} failed, it keeps running its previous code: ${failed.error}`);
    }
  }
}

function safeName(functionName: string): string {
  return functionName.replace(/[^A-Za-z0-9_-]/g, '_');
}
