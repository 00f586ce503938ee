/**
 * Reads what a synthesized cloud assembly (`cdk.out`) declares for this library: the phone-config
 * custom resources of each stack with their properties, the handler bundle that would be
 * deployed, and the file assets a resource's properties point at. The manifests are read with
 * `aws-cdk-lib/cx-api`; intrinsics.ts resolves what it does not (Refs, joins, asset parameters).
 */
import * as path from 'path';
import * as cxapi from 'aws-cdk-lib/cx-api';
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

/**
 * Every stack of a cloud assembly, those of CDK Stages (nested assemblies, as in pipelines)
 * included, read with the CDK's own `cx-api`. A staged stack is named by its display name
 * (`Stage/Stack`), as `cdk` lists it.
 */
export function readAssemblyStacks(cdkOut: string): AssemblyStack[] {
  return new cxapi.CloudAssembly(cdkOut).stacksRecursively.map((artifact) => ({
    // The construct path (`Stage/Stack`), as the manifest's display name is without cx-api's suffix.
    stackName: artifact.hierarchicalId,
    artifactId: artifact.id,
    templateFile: artifact.templateFullPath,
    template: artifact.template as CfnTemplate,
    account: artifact.environment.account,
    region: artifact.environment.region,
    fileAssets: fileAssetsOf(artifact),
  }));
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

/** The file assets of a stack's asset manifests (source path made absolute) and where each goes. */
function fileAssetsOf(stack: cxapi.CloudFormationStackArtifact): FileAsset[] {
  return stack.dependencies.filter(cxapi.AssetManifestArtifact.isAssetManifestArtifact).flatMap((manifest) => {
    const dir = path.dirname(manifest.file);
    return Object.values(manifest.contents.files ?? {}).flatMap((f) => Object.values(f.destinations).map((d) => ({
      sourcePath: path.join(dir, f.source.path ?? ''),
      packaging: f.source.packaging === 'zip' ? 'zip' as const : 'file' as const,
      bucketName: d.bucketName,
      objectKey: d.objectKey,
    })));
  });
}
