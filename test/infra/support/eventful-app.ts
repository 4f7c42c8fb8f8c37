import type { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventfulApp } from '../../../infra/eventful-app.ts';
import type { EventfulStack } from '../../../infra/stacks/eventful-stack.ts';
import type { SynthOptions } from './fixture-app.ts';

export interface SynthesizedEventfulApp {
  app: App;
  stack: EventfulStack;
  outdir: string;
  template: Template;
}

/** The app `cdk deploy` ships, synthesized in-process into a temporary directory. */
export function synthesizeEventfulApp(options: SynthOptions = {}): SynthesizedEventfulApp {
  const outdir = mkdtempSync(join(tmpdir(), 'eventful-app-'));
  const app = createEventfulApp({ outdir, builtinCloudFormationValidation: options.cloudFormationValidation ?? false });
  app.synth();
  const stack = app.node.findChild('Eventful') as EventfulStack;
  return { app, stack, outdir, template: Template.fromStack(stack as Stack) };
}
