import { isAbsolute, join } from 'node:path';
import { readTemplate, type CloudAssembly } from './cloud-assembly.ts';
import { IntrinsicFailure, TemplateLoadError, describeLocation } from './errors.ts';
import { isPlainObject } from './intrinsics.ts';
import { generatedName } from './physical-names.ts';
import { NESTED_STACK_TYPE, StackScope, type LoaderEnvironment } from './stack-scope.ts';
import { ASSET_PATH_METADATA } from './template.ts';

export interface LocalAccount {
  accountId: string;
  region: string;
  endpointUrl: string;
}

/**
 * Every stack of the assembly, nested stacks included (each after its parent), sharing one account and one
 * table of exports for `Fn::ImportValue`.
 */
export async function loadStacks(assembly: CloudAssembly, account: LocalAccount): Promise<StackScope[]> {
  const scopes: StackScope[] = [];
  const environment: LoaderEnvironment = { ...account, importValue: exportTable(scopes) };
  for (const stack of assembly.stacks) {
    const scope = new StackScope({
      stackName: stack.stackName,
      template: stack.template,
      templateFile: stack.templateFile,
      assemblyDir: stack.assemblyDir,
      environment,
      constructPaths: assembly.constructPaths.get(stack.templateFile) ?? new Map(),
    });
    await addWithNestedStacks(scope, assembly, scopes);
  }
  return scopes;
}

async function addWithNestedStacks(scope: StackScope, assembly: CloudAssembly, scopes: StackScope[]): Promise<void> {
  scopes.push(scope);
  for (const [logicalId, resource] of scope.resources()) {
    if (resource.Type !== NESTED_STACK_TYPE) continue;
    const templateFile = nestedTemplateFile(scope, logicalId, assembly);
    const passed = resource.Properties?.['Parameters'];
    const child = new StackScope({
      // CloudFormation names a nested stack `<parent>-<LogicalId>-<SUFFIX>`.
      stackName: generatedName(scope.stackName, logicalId, { maxLength: 128 }),
      template: await readTemplate(templateFile),
      templateFile,
      assemblyDir: scope.assemblyDir,
      environment: scope.environment,
      constructPaths: assembly.constructPaths.get(templateFile) ?? new Map(),
      parameterValue: (name) =>
        isPlainObject(passed) && name in passed ? scope.resolve(passed[name], scope.location(logicalId, `Parameters.${name}`)) : undefined,
      parent: scope,
    });
    scope.nestedStacks.set(logicalId, child);
    await addWithNestedStacks(child, assembly, scopes);
  }
}

/**
 * CDK stages a nested stack's template as a file asset: the resource's `aws:asset:path` metadata names it when
 * `cdk synth` wrote asset metadata; otherwise its `TemplateURL` ends with the asset's object key.
 */
function nestedTemplateFile(scope: StackScope, logicalId: string, assembly: CloudAssembly): string {
  const assetPath = scope.template.Resources?.[logicalId]?.Metadata?.[ASSET_PATH_METADATA];
  if (typeof assetPath === 'string') return isAbsolute(assetPath) ? assetPath : join(scope.assemblyDir, assetPath);
  const url = scope.property(logicalId, 'TemplateURL');
  if (typeof url === 'string') {
    for (const [objectKey, asset] of assembly.assetsByObjectKey) {
      if (url.endsWith(`/${objectKey}`)) return asset.path;
    }
  }
  throw new TemplateLoadError(
    `Nested stack template not found in the cloud assembly (${describeLocation(scope.location(logicalId, 'TemplateURL'))}): ` +
      `${String(url)} is not a template CDK staged; only nested stacks synthesized by CDK can run locally`,
  );
}

/** `Export.Name` → the output that declares it, across all stacks; built on first use, since names may be intrinsics. */
function exportTable(scopes: StackScope[]): (exportName: string) => unknown {
  let table: Map<string, { scope: StackScope; output: string }> | undefined;
  let building = false;
  return (exportName) => {
    if (table === undefined) {
      if (building) throw new IntrinsicFailure('an export name depends on Fn::ImportValue');
      building = true;
      try {
        table = buildExportTable(scopes);
      } finally {
        building = false;
      }
    }
    const entry = table.get(exportName);
    if (entry === undefined) throw new IntrinsicFailure(`no stack in the app exports ${exportName}`);
    return entry.scope.output(entry.output);
  };
}

function buildExportTable(scopes: StackScope[]): Map<string, { scope: StackScope; output: string }> {
  const table = new Map<string, { scope: StackScope; output: string }>();
  for (const scope of scopes) {
    for (const [output, declaration] of Object.entries(scope.template.Outputs ?? {})) {
      if (declaration.Export === undefined) continue;
      if (declaration.Condition !== undefined && !scope.condition(declaration.Condition)) continue;
      const name = scope.resolve(declaration.Export.Name, scope.location(`Outputs.${output}`, 'Export.Name'));
      if (typeof name !== 'string') throw new TemplateLoadError(`Export name of ${describeLocation(scope.location(`Outputs.${output}`))} is not a string`);
      const existing = table.get(name);
      if (existing !== undefined) {
        throw new TemplateLoadError(`Export ${name} is declared twice: by stack ${existing.scope.stackName} and by stack ${scope.stackName}`);
      }
      table.set(name, { scope, output });
    }
  }
  return table;
}
