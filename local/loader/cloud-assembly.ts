import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { AssemblyReadError } from './errors.ts';
import type { Template } from './template.ts';

/**
 * What `cdk synth` wrote: stack templates, where assets were staged, and the construct path of each resource.
 * https://github.com/aws/aws-cdk-cli/tree/main/packages/%40aws-cdk/cloud-assembly-schema
 */
export interface CloudAssembly {
  stacks: StackArtifact[];
  /** Staged assets by the S3 object key templates refer to them with (`<hash>.zip`, `<hash>.json`). */
  assetsByObjectKey: Map<string, StagedAsset>;
  /** Construct paths by template file (absolute) and logical id, from the manifest's metadata. */
  constructPaths: Map<string, Map<string, string>>;
}

export interface StackArtifact {
  artifactId: string;
  stackName: string;
  /** The (possibly nested, for CDK stages) assembly directory the template's asset paths are relative to. */
  assemblyDir: string;
  templateFile: string;
  template: Template;
}

export interface StagedAsset {
  /** Absolute path of the staged directory or file. */
  path: string;
  packaging: 'zip' | 'file' | string;
}

interface ManifestArtifact {
  type: string;
  properties?: Record<string, unknown>;
  metadata?: Record<string, MetadataEntry[]>;
  additionalMetadataFile?: string;
}

interface MetadataEntry {
  type: string;
  data?: unknown;
}

interface AssetManifest {
  files?: Record<string, { source?: { path?: string; packaging?: string }; destinations?: Record<string, { objectKey?: string }> }>;
}

export async function readCloudAssembly(assemblyDir: string): Promise<CloudAssembly> {
  const assembly: CloudAssembly = { stacks: [], assetsByObjectKey: new Map(), constructPaths: new Map() };
  await readAssemblyInto(resolve(assemblyDir), assembly);
  return assembly;
}

export async function readTemplate(file: string): Promise<Template> {
  return readJson<Template>(file, 'template');
}

async function readAssemblyInto(directory: string, assembly: CloudAssembly): Promise<void> {
  const manifestFile = join(directory, 'manifest.json');
  const manifest = await readJson<{ artifacts?: Record<string, ManifestArtifact> }>(manifestFile, 'manifest');
  for (const [artifactId, artifact] of Object.entries(manifest.artifacts ?? {})) {
    const properties = artifact.properties ?? {};
    if (artifact.type === 'aws:cloudformation:stack') {
      const templateFile = join(directory, stringProperty(properties, 'templateFile', manifestFile, artifactId));
      assembly.stacks.push({
        artifactId,
        stackName: typeof properties['stackName'] === 'string' ? properties['stackName'] : artifactId,
        assemblyDir: directory,
        templateFile,
        template: await readTemplate(templateFile),
      });
      const metadata =
        artifact.additionalMetadataFile === undefined
          ? (artifact.metadata ?? {})
          : await readJson<Record<string, MetadataEntry[]>>(join(directory, artifact.additionalMetadataFile), 'metadata');
      indexConstructPaths(metadata, directory, templateFile, assembly.constructPaths);
    } else if (artifact.type === 'cdk:asset-manifest') {
      const file = join(directory, stringProperty(properties, 'file', manifestFile, artifactId));
      indexAssets(await readJson<AssetManifest>(file, 'asset manifest'), dirname(file), assembly.assetsByObjectKey);
    } else if (artifact.type === 'cdk:cloud-assembly') {
      // A CDK Stage synthesizes into a nested assembly of its own.
      await readAssemblyInto(join(directory, stringProperty(properties, 'directoryName', manifestFile, artifactId)), assembly);
    }
  }
}

function indexAssets(manifest: AssetManifest, directory: string, index: Map<string, StagedAsset>): void {
  for (const file of Object.values(manifest.files ?? {})) {
    const sourcePath = file.source?.path;
    if (sourcePath === undefined) continue;
    const asset = { path: isAbsolute(sourcePath) ? sourcePath : join(directory, sourcePath), packaging: file.source?.packaging ?? 'file' };
    for (const destination of Object.values(file.destinations ?? {})) {
      if (destination.objectKey !== undefined) index.set(destination.objectKey, asset);
    }
  }
}

/**
 * The manifest lists `aws:cdk:logicalId` per construct path, for the stack and its nested stacks together; each
 * nested stack's construct carries `aws:cdk:templateFile`. A resource belongs to the template whose construct
 * path is the longest prefix of its own.
 */
function indexConstructPaths(
  metadata: Record<string, MetadataEntry[]>,
  directory: string,
  stackTemplate: string,
  index: Map<string, Map<string, string>>,
): void {
  const templateRoots: { root: string; file: string }[] = [];
  for (const [path, entries] of Object.entries(metadata)) {
    for (const entry of entries) {
      if (entry.type === 'aws:cdk:templateFile' && typeof entry.data === 'string') templateRoots.push({ root: path, file: join(directory, entry.data) });
    }
  }
  templateRoots.sort((a, b) => b.root.length - a.root.length);
  for (const [path, entries] of Object.entries(metadata)) {
    for (const entry of entries) {
      if (entry.type !== 'aws:cdk:logicalId' || typeof entry.data !== 'string') continue;
      const owner = templateRoots.find(({ root }) => path.startsWith(`${root}/`))?.file ?? stackTemplate;
      let paths = index.get(owner);
      if (paths === undefined) index.set(owner, (paths = new Map()));
      paths.set(entry.data, path.replace(/^\//, ''));
    }
  }
}

function stringProperty(properties: Record<string, unknown>, name: string, file: string, artifactId: string): string {
  const value = properties[name];
  if (typeof value !== 'string') throw new AssemblyReadError(file, `artifact ${artifactId} has no ${name}`);
  return value;
}

async function readJson<T>(file: string, what: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const hint = what === 'manifest' ? ' (run `cdk synth` first)' : '';
    throw new AssemblyReadError(file, `the ${what} cannot be read${hint}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new AssemblyReadError(file, `the ${what} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}
