import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Template } from '../../../loader/template.ts';

export interface WrittenAssembly {
  assemblyDir: string;
  remove(): void;
}

/** A minimal cloud assembly holding hand-written templates, one stack each, for shapes CDK does not produce. */
export function writeAssembly(stacks: Record<string, Template>): WrittenAssembly {
  const assemblyDir = mkdtempSync(join(tmpdir(), 'eventful-loader-hand-'));
  const artifacts: Record<string, unknown> = {};
  for (const [stackName, template] of Object.entries(stacks)) {
    writeFileSync(join(assemblyDir, `${stackName}.template.json`), JSON.stringify(template));
    artifacts[stackName] = {
      type: 'aws:cloudformation:stack',
      environment: 'aws://unknown-account/unknown-region',
      properties: { templateFile: `${stackName}.template.json` },
    };
  }
  writeFileSync(join(assemblyDir, 'manifest.json'), JSON.stringify({ version: '55.0.0', artifacts }));
  return { assemblyDir, remove: () => rmSync(assemblyDir, { recursive: true, force: true }) };
}
