import { mkdir, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { StagedAsset } from './cloud-assembly.ts';
import type { ResourceContext } from './resource-context.ts';
import { ASSET_PATH_METADATA, ASSET_PROPERTY_METADATA } from './template.ts';
import { optionalString } from './values.ts';

export interface CodeLocations {
  assetsByObjectKey: Map<string, StagedAsset>;
  /** Where inline (`ZipFile`) code is written so it can run like any other bundle. */
  inlineCodeDir: string;
}

/**
 * The directory holding a function's code, or `undefined` after reporting why there is none. CDK stages a
 * function's code (for `NodejsFunction`, the esbuild bundle) as a directory asset: the resource's
 * `aws:asset:path` metadata names it when `cdk synth` wrote asset metadata (the CLI does by default); otherwise
 * `Code.S3Key` is the asset's object key in the asset manifest. Inline code is written to a file named
 * `index.js`, as Lambda names it. https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-lambda-function-code.html
 */
export async function functionCodeDir(resource: ResourceContext, code: Record<string, unknown>, locations: CodeLocations): Promise<string | undefined> {
  const metadata = resource.resource.Metadata ?? {};
  const assetPath = metadata[ASSET_PATH_METADATA];
  if (typeof assetPath === 'string' && metadata[ASSET_PROPERTY_METADATA] === 'Code') {
    return existingDirectory(resource, isAbsolute(assetPath) ? assetPath : join(resource.scope.assemblyDir, assetPath));
  }
  const inline = optionalString(code['ZipFile'], resource.locationOf('Code', 'ZipFile'));
  if (inline !== undefined) {
    const directory = join(locations.inlineCodeDir, resource.stackName, resource.logicalId);
    await mkdir(directory, { recursive: true });
    await writeFile(join(directory, 'index.js'), inline);
    return directory;
  }
  const objectKey = optionalString(code['S3Key'], resource.locationOf('Code', 'S3Key'));
  const asset = objectKey === undefined ? undefined : locations.assetsByObjectKey.get(objectKey);
  if (asset === undefined) {
    const what =
      objectKey === undefined ? 'has no code the runtime can find' : `reads code from S3 object ${objectKey}, which is not an asset of this cloud assembly`;
    resource.report(`function ${what}: only code staged by CDK (assets or inline code) runs locally`, 'error');
    return undefined;
  }
  return existingDirectory(resource, asset.path);
}

async function existingDirectory(resource: ResourceContext, directory: string): Promise<string | undefined> {
  const stats = await stat(directory).catch(() => undefined);
  if (stats?.isDirectory() === true) return directory;
  const problem = stats === undefined ? 'does not exist (run `cdk synth` again)' : 'is a file: zip-file assets are not unpacked locally';
  resource.report(`function code asset ${directory} ${problem}`, 'error');
  return undefined;
}
