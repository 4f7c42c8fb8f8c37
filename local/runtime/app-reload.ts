import { loadTopology } from '../loader/index.ts';
import type { FunctionSpec, LocalTopology } from '../topology/types.ts';
import { UnsupportedTemplateError } from './errors.ts';
import type { LocalRuntime } from './start-local-runtime.ts';

/** What changed between two loads of the app, by part of the topology (`rules`, `queues`, …). */
export interface TopologyChange {
  /** Parts that differ other than function code. */
  parts: string[];
  /** Functions whose only difference is their code (a new asset). */
  newCode: FunctionSpec[];
}

/** Parts of the topology whose difference a running runtime can take in place. */
const CODE_ONLY = new Set(['functions']);

/** The difference between the running topology and a new one: function code alone, or other parts. */
export function topologyChange(running: LocalTopology, next: LocalTopology): TopologyChange {
  const parts = (Object.keys(next) as (keyof LocalTopology)[]).filter((part) => part !== 'unsupported' && part !== 'functions');
  const changed: string[] = parts.filter((part) => JSON.stringify(running[part]) !== JSON.stringify(next[part]));
  const withoutCode = (fns: readonly FunctionSpec[]) => JSON.stringify(fns.map(({ codeDir: _code, ...rest }) => rest));
  if (withoutCode(running.functions) !== withoutCode(next.functions)) changed.push('functions');
  const codeOf = new Map(running.functions.map((fn) => [fn.name, fn.codeDir]));
  const newCode = changed.some((part) => !CODE_ONLY.has(part)) ? [] : next.functions.filter((fn) => codeOf.get(fn.name) !== fn.codeDir);
  return { parts: changed, newCode };
}

export interface AppReloadOptions {
  /** Synthesizes the app into the assembly directory again. */
  synthesize: () => Promise<void>;
  assemblyDir: string;
  /** Starts a runtime on the new assembly, on the running one's engines, ports and state (the data stays). */
  restart: (previous: LocalRuntime) => Promise<LocalRuntime>;
  say: (kind: 'runtime' | 'warn' | 'error', text: string) => void;
}

/**
 * Applies a change to the app's infrastructure code to a running runtime: synthesizes again, then either swaps the
 * functions' code in place (only their assets changed) or restarts the runtime on the same engines, keeping the
 * data; says which. A failed synthesis leaves the runtime as it was. Answers the runtime now running.
 */
export async function reloadApp(runtime: LocalRuntime, changed: string[], options: AppReloadOptions): Promise<LocalRuntime> {
  const { say } = options;
  const started = performance.now();
  say('runtime', `hot reload: ${changed.join(', ')} changed → synthesizing the app again …`);
  try {
    await options.synthesize();
  } catch (error) {
    say('error', `hot reload: synthesis failed, the app keeps running as it was: ${error instanceof Error ? error.message : String(error)}`);
    return runtime;
  }
  const next = await loadTopology({ assemblyDir: options.assemblyDir, endpointUrl: runtime.endpointUrl });
  const refused = next.unsupported.filter((u) => u.severity === 'error');
  if (refused.length > 0) {
    say('error', `hot reload: not applied, the app keeps running as it was: ${new UnsupportedTemplateError(refused).message}`);
    return runtime;
  }
  const change = topologyChange(runtime.topology, next);
  const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  if (change.parts.length === 0) {
    say('runtime', `hot reload: nothing to apply, the synthesized app is the same (${seconds()})`);
    return runtime;
  }
  if (change.newCode.length > 0) {
    for (const fn of change.newCode) runtime.lambda.updateFunctionCode(fn.name, fn.codeDir);
    say('runtime', `hot reload: applied in place: new code for ${change.newCode.length} function(s) (${seconds()})`);
    return runtime;
  }
  say('runtime', `hot reload: ${change.parts.join(', ')} changed → restarting the runtime on the same engines, keeping the data …`);
  const restarted = await options.restart(runtime);
  say('runtime', `hot reload: restarted with the new ${change.parts.join(', ')} in ${seconds()}`);
  return restarted;
}
