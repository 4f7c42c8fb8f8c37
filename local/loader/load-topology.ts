import { join, resolve } from 'node:path';
import type { LocalTopology } from '../topology/types.ts';
import { BUILDERS, completeDraft } from './builders/index.ts';
import { readCloudAssembly } from './cloud-assembly.ts';
import { customResourceProviders } from './custom-resource-providers.ts';
import { AssemblyReadError } from './errors.ts';
import { loadStacks } from './load-stacks.ts';
import { ResourceContext, emptyDraft, type TopologyDraft } from './resource-context.ts';
import { classifyResource, unsupportedProperties, type SupportedResource } from './resource-support.ts';
import type { StackScope } from './stack-scope.ts';

export interface LoadTopologyOptions {
  /** The cloud assembly `cdk synth` wrote, usually `cdk.out`. */
  assemblyDir: string;
  /** The local AWS endpoint: queue URLs are `<endpointUrl>/<accountId>/<queueName>`. */
  endpointUrl: string;
  /** @default '000000000000' */
  accountId?: string;
  /** @default 'us-east-1' */
  region?: string;
  /** Where inline (`ZipFile`) function code is written. @default `<assemblyDir>/.local-inline-code` */
  inlineCodeDir?: string;
}

export const DEFAULT_ACCOUNT_ID = '000000000000';
export const DEFAULT_REGION = 'us-east-1';

/** Transforms the loader can honour: the language extensions it implements (`Fn::Length`, `Fn::ToJsonString`, `FindInMap` defaults). */
const SUPPORTED_TRANSFORMS = new Set(['AWS::LanguageExtensions']);

/**
 * Reads the cloud assembly and returns the local topology: every stack, nested stacks included, with every
 * intrinsic resolved to local names, ARNs and URLs. What the runtime does not emulate is listed in
 * `topology.unsupported`, never dropped silently.
 *
 * @example
 * const topology = await loadTopology({ assemblyDir: 'cdk.out', endpointUrl: 'http://localhost:4566' });
 * for (const { logicalId, reason, severity } of topology.unsupported) console.warn(severity, logicalId, reason);
 */
export async function loadTopology(options: LoadTopologyOptions): Promise<LocalTopology> {
  const assemblyDir = resolve(options.assemblyDir);
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const region = options.region ?? DEFAULT_REGION;
  const assembly = await readCloudAssembly(assemblyDir);
  if (assembly.stacks.length === 0) throw new AssemblyReadError(join(assemblyDir, 'manifest.json'), 'the assembly has no stacks');
  const scopes = await loadStacks(assembly, { accountId, region, endpointUrl: options.endpointUrl });
  const draft = emptyDraft(accountId, region);
  const code = { assetsByObjectKey: assembly.assetsByObjectKey, inlineCodeDir: options.inlineCodeDir ?? join(assemblyDir, '.local-inline-code') };
  for (const scope of scopes) {
    reportTransforms(scope, draft);
    const providers = customResourceProviders(scope);
    for (const [logicalId, resource] of scope.resources()) {
      if (providers.has(logicalId)) continue;
      const context = new ResourceContext(scope, logicalId, resource, draft);
      const classification = classifyResource(resource.Type);
      if (classification.kind === 'inert') continue;
      if (classification.kind === 'unsupported') {
        context.report(classification.reason, classification.severity);
        continue;
      }
      reportUnsupportedProperties(context, classification.support);
      await BUILDERS[resource.Type]?.(context, draft, code);
    }
  }
  completeDraft(draft);
  return draft.topology;
}

function reportUnsupportedProperties(resource: ResourceContext, support: SupportedResource): void {
  const candidates = unsupportedProperties(support, Object.keys(resource.resource.Properties ?? {}));
  for (const { property, reason, severity } of candidates) {
    if (isPresent(resource, property)) resource.report(`property ${property} is not emulated: ${reason}`, severity);
  }
}

/** A property written as `Fn::If [cond, …, AWS::NoValue]` may resolve to nothing; one that cannot be resolved counts as present. */
function isPresent(resource: ResourceContext, property: string): boolean {
  try {
    return resource.has(property);
  } catch {
    return true;
  }
}

function reportTransforms(scope: StackScope, draft: TopologyDraft): void {
  const transforms = scope.template.Transform === undefined ? [] : [scope.template.Transform].flat();
  for (const transform of transforms) {
    if (SUPPORTED_TRANSFORMS.has(transform)) continue;
    draft.topology.unsupported.push({
      stackName: scope.stackName,
      logicalId: '(template)',
      type: 'Transform',
      reason: `transform ${transform} is not applied locally: the template is read as written`,
      severity: 'error',
    });
  }
}
