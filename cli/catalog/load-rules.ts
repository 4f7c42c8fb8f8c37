import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findRules, type TemplateRule } from './find-rules.ts';

interface Manifest {
  artifacts?: Record<string, { type: string; properties?: { templateFile?: string } }>;
}

/** The rules of every stack in a synthesized cloud assembly directory (e.g. `cdk.out`). */
export async function loadRulesFromAssembly(dir: string): Promise<TemplateRule[]> {
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const stacks = Object.entries(manifest.artifacts ?? {}).filter(([, a]) => a.type === 'aws:cloudformation:stack' && a.properties?.templateFile);
  const rules = await Promise.all(
    stacks.map(async ([stackName, artifact]) => {
      const template = JSON.parse(await readFile(join(dir, artifact.properties!.templateFile!), 'utf8'));
      return findRules(stackName, template);
    }),
  );
  return rules.flat();
}
