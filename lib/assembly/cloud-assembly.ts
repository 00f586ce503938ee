/**
 * Reads what a synthesized cloud assembly (`cdk.out`) declares for this library: the phone-config
 * custom resources of each stack with their properties, the handler bundle that would be
 * deployed, and the file assets a resource's properties point at.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RESOURCE_TYPE } from '../core/contract';

export interface AssemblyStack {
  /** The stack's display name: its id, or `Stage/Stack` inside a CDK Stage. */
  readonly stackName: string;
  /** The artifact id in the manifest (file names use it). */
  readonly artifactId: string;
  readonly templateFile: string;
  readonly template: CfnTemplate;
  /** From the manifest's `aws://account/region`; `unknown-account` when environment-agnostic. */
  readonly account: string;
  readonly region: string;
  /** Asset manifest entries: source path (absolute) and destination bucket/key per file asset. */
  readonly fileAssets: readonly FileAsset[];
}

export interface FileAsset {
  readonly sourcePath: string;
  readonly packaging: 'file' | 'zip';
  readonly bucketName: string;
  readonly objectKey: string;
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResourceJson>;
}

export interface CfnResourceJson {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
}

export interface PhoneConfigResourceJson {
  readonly logicalId: string;
  /** The construct path, when the assembly records it (`aws:cdk:path`). */
  readonly path?: string;
  /** Properties as written in the template: intrinsics unresolved, scalars typed. */
  readonly properties: Record<string, unknown>;
}

interface Manifest {
  artifacts: Record<string, { type: string; environment?: string; properties?: { templateFile?: string; directoryName?: string }; displayName?: string }>;
}

/**
 * Every stack of a cloud assembly, those of CDK Stages (nested assemblies, as in pipelines)
 * included. A staged stack is named by its display name (`Stage/Stack`), as `cdk` lists it.
 */
export function readAssemblyStacks(cdkOut: string): AssemblyStack[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(cdkOut, 'manifest.json'), 'utf8')) as Manifest;
  const nested = Object.values(manifest.artifacts)
    .filter((a) => a.type === 'cdk:cloud-assembly' && a.properties?.directoryName)
    .flatMap((a) => readAssemblyStacks(path.join(cdkOut, a.properties?.directoryName as string)));
  return [...stacksOf(cdkOut, manifest), ...nested];
}

function stacksOf(cdkOut: string, manifest: Manifest): AssemblyStack[] {
  return Object.entries(manifest.artifacts)
    .filter(([, a]) => a.type === 'aws:cloudformation:stack' && a.properties?.templateFile)
    .map(([artifactId, a]) => {
      const name = a.displayName ?? artifactId;
      const templateFile = path.join(cdkOut, a.properties?.templateFile as string);
      const [account, region] = (a.environment ?? 'aws://unknown-account/unknown-region').replace('aws://', '').split('/');
      return {
        stackName: name,
        artifactId,
        templateFile,
        template: JSON.parse(fs.readFileSync(templateFile, 'utf8')) as CfnTemplate,
        account,
        region,
        fileAssets: readFileAssets(cdkOut, artifactId),
      };
    });
}

export function findStack(cdkOut: string, stackName?: string): AssemblyStack {
  const stacks = readAssemblyStacks(cdkOut);
  const stack = stackName === undefined && stacks.length === 1 ? stacks[0] : stacks.find((s) => s.stackName === stackName || s.artifactId === stackName);
  if (!stack) {
    throw new Error(`stack ${stackName ?? '(none given)'} is not in ${cdkOut}; stacks there: ${stacks.map((s) => s.stackName).join(', ') || 'none'}`);
  }
  return stack;
}

/** The phone-config custom resources of a stack, in template order. */
export function phoneConfigResources(stack: AssemblyStack): PhoneConfigResourceJson[] {
  return Object.entries(stack.template.Resources)
    .filter(([, r]) => r.Type === RESOURCE_TYPE)
    .map(([logicalId, r]) => ({
      logicalId,
      path: r.Metadata?.['aws:cdk:path'] as string | undefined,
      properties: r.Properties ?? {},
    }));
}

/** The directory of the bundled handler that a Lambda function of the template would run. */
export function functionAssetDir(stack: AssemblyStack, handlerName: string): { dir: string; logicalId: string } {
  for (const [logicalId, r] of Object.entries(stack.template.Resources)) {
    if (r.Type !== 'AWS::Lambda::Function' || r.Properties?.Handler !== `index.${handlerName}`) continue;
    const key = (r.Properties?.Code as { S3Key?: unknown } | undefined)?.S3Key;
    const asset = stack.fileAssets.find((a) => a.objectKey === key);
    if (asset) return { dir: asset.sourcePath, logicalId };
  }
  throw new Error(`no Lambda function with handler index.${handlerName} and a file asset in stack ${stack.stackName}`);
}

function readFileAssets(cdkOut: string, stackName: string): FileAsset[] {
  const file = path.join(cdkOut, `${stackName}.assets.json`);
  if (!fs.existsSync(file)) return [];
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    files?: Record<string, { source: { path: string; packaging?: 'file' | 'zip' }; destinations: Record<string, { bucketName: string; objectKey: string }> }>;
  };
  return Object.values(manifest.files ?? {}).flatMap((f) => Object.values(f.destinations).map((d) => ({
    sourcePath: path.join(cdkOut, f.source.path),
    packaging: f.source.packaging ?? 'file',
    bucketName: d.bucketName,
    objectKey: d.objectKey,
  })));
}
