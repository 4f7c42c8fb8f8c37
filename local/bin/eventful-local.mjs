#!/usr/bin/env node
// The runtime's own CLI, for any CDK app (run in the app's folder: it synthesizes with cdk.json's app command).
// Written in TypeScript; tsx compiles it on the fly so no build step is needed.
import { register } from 'tsx/esm/api';

register();
const { runCli, localCommands } = await import('../cli/index.ts');
process.exitCode = await runCli(process.argv.slice(2), localCommands(), undefined, 'eventful-local');
