import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';

export interface SynthOptions {
  /**
   * Write `aws:cdk:path` and `aws:asset:*` metadata into templates, as the CDK CLI does by default. Without it,
   * the loader falls back on the manifest's metadata and the asset manifests, as for `new App().synth()`.
   */
  cliMetadata?: boolean;
}

export interface SynthesizedApp {
  assemblyDir: string;
  remove(): void;
}

/** Synthesizes the stacks `define` adds to a fresh app into a temporary cloud assembly. */
export function synth(define: (app: App) => void, { cliMetadata = true }: SynthOptions = {}): SynthesizedApp {
  const assemblyDir = mkdtempSync(join(tmpdir(), 'eventful-loader-'));
  const context = cliMetadata ? { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true } : {};
  // CDK's built-in template validation only prints warnings about the fixtures' deliberate oddities.
  const validation = process.env['CDK_VALIDATION'];
  process.env['CDK_VALIDATION'] = 'false';
  try {
    const app = new App({ outdir: assemblyDir, context });
    define(app);
    app.synth({ validateOnSynthesis: false });
  } finally {
    if (validation === undefined) delete process.env['CDK_VALIDATION'];
    else process.env['CDK_VALIDATION'] = validation;
  }
  return { assemblyDir, remove: () => rmSync(assemblyDir, { recursive: true, force: true }) };
}
