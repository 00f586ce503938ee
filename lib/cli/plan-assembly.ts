/**
 * The `plan` pipeline over a cloud assembly: for each phone-config resource, resolve its
 * properties as CloudFormation would deliver them, load its users, and run the handler's own
 * `reconcile` with `dryRun: true` (read and plan, never write). No comparison rule lives here.
 *
 * A resource that cannot be planned (unresolvable property, unreadable desired state, API error)
 * is reported with its error and the others are still planned.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ConnectClient } from '@aws-sdk/client-connect';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { ConnectApi } from '../engine/connect-api';
import { resolveDeskNumbers } from '../engine/desk-numbers';
import { errorText } from '../engine/errors';
import { scrubPhoneNumbers } from '../core/mask';
import { Logger, createLogger } from '../engine/logger';
import { declared, reconcile, userKey } from '../engine/reconcile';
import { selectAgents } from '../engine/select-agents';
import { describeSelector } from '../core/selectors';
import { AssemblyStack, CfnTemplate, PhoneConfigResourceJson, phoneConfigResources, readAssemblyStacks } from '../assembly/cloud-assembly';
import { RESOURCE_TYPE } from '../core/contract';
import { resolveResource } from '../core/resolved-resource';
import { loadDesiredUsers } from './desired-users';
import { AssemblyPlan, ResourcePlan } from './plan-result';
import { PlanInputError, StackTarget, pseudoParameters, resolveResourceSpec, stackTarget } from './resource-spec';

export interface PlanAssemblyOptions extends StackTarget {
  readonly appDir: string;
  /** Stack artifact ids; empty or absent plans every stack. */
  readonly stacks?: readonly string[];
}

export interface PlanAssemblyDeps {
  /** The Connect client for a region (the stack's: where the handler would run). */
  readonly connect: (region: string) => ConnectClient;
  /** Only asked for when a desired-state object is not a file asset of the assembly. */
  readonly s3: (region: string) => S3Client;
  /** The deployed template of a stack (to tell departed agents from typos). @default - none */
  readonly deployedTemplate?: (stackName: string, region: string) => Promise<unknown>;
  /** For desk numbers kept in SSM. @default - such users cannot be planned */
  readonly ssm?: (region: string) => SSMClient;
  /** For the region of environment-agnostic stacks (`AWS_REGION`). @default {} */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** @default - silent: the handler's JSON log lines would clutter the plan */
  readonly logger?: Logger;
}

export async function planAssembly(options: PlanAssemblyOptions, deps: PlanAssemblyDeps): Promise<AssemblyPlan> {
  const stacks = selectStacks(readAssembly(options.appDir), options.stacks ?? [], options.appDir);
  const logger = deps.logger ?? createLogger({ sink: () => undefined });
  const resources: ResourcePlan[] = [];
  for (const stack of stacks) {
    const target = stackTarget(stack, options, deps.env ?? {});
    const deployed = deps.deployedTemplate === undefined || target.region === undefined ? undefined : await deps.deployedTemplate(stack.stackName, target.region) as CfnTemplate | undefined;
    // One resource at a time: each ConnectApi paces itself to the account's quotas.
    for (const resource of phoneConfigResources(stack)) {
      resources.push(await planResource(stack, resource, target, deps, logger, deployed));
    }
  }
  return { appDir: options.appDir, resources };
}

/** The account and region of each stack the plan would read (the selected ones, flags applied). */
export function stackEnvironments(options: PlanAssemblyOptions, env: Readonly<Record<string, string | undefined>> = {}): { stackName: string; account?: string; region?: string }[] {
  return selectStacks(readAssembly(options.appDir), options.stacks ?? [], options.appDir)
    .map((stack) => ({ stackName: stack.stackName, ...stackTarget(stack, options, env) }));
}

/**
 * The users the deployed resource of the same logical id declares, as the handler keys them: a user
 * among them that no longer exists has left the instance (`gone`), as the deploy will report it.
 */
async function declaredBefore(deployed: CfnTemplate | undefined, resource: PhoneConfigResourceJson, stack: AssemblyStack, params: ReturnType<typeof pseudoParameters>, s3: () => S3Client): Promise<Set<string> | undefined> {
  const previous = deployed?.Resources?.[resource.logicalId];
  if (previous?.Type !== RESOURCE_TYPE) return undefined;
  try {
    const spec = resolveResourceSpec({ logicalId: resource.logicalId, properties: previous.Properties ?? {} }, params);
    return new Set((await loadDesiredUsers(spec, stack, params, s3)).map(userKey));
  } catch {
    // An unreadable deployed declaration: every missing user counts as new, as in the handler.
    return undefined;
  }
}

async function planResource(stack: AssemblyStack, resource: PhoneConfigResourceJson, target: StackTarget, deps: PlanAssemblyDeps, logger: Logger, deployed?: CfnTemplate): Promise<ResourcePlan> {
  const base = { stackName: stack.stackName, logicalId: resource.logicalId, path: constructPath(resource.path) };
  let instanceId: string | undefined;
  try {
    const params = pseudoParameters(stack, target);
    const resolved = resolveResource(resolveResourceSpec(resource, params));
    const spec = resolved.spec;
    instanceId = resolved.instanceId;
    const region = params.region;
    const declaredUsers = await loadDesiredUsers(spec, stack, params, () => deps.s3(region));
    // The plan reads at the pace the deployed handler would, so it never crowds out its quota.
    const api = new ConnectApi(deps.connect(region), instanceId, resolved.rates);
    // Selectors are evaluated as the next deploy would: against the agents there now.
    const selection = await selectAgents(spec.Selectors, declaredUsers, api, logger);
    // Desk numbers kept in SSM are compared as the handler would: read, never printed.
    const numbers = deps.ssm === undefined ? { users: selection.users, problems: new Map<string, string>() } : await resolveDeskNumbers(selection.users, () => (deps.ssm as (r: string) => SSMClient)(region));
    const result = await reconcile({
      instanceId,
      users: declared(numbers.users),
      perChannelWrites: resolved.perChannelWrites,
      skipMissingUsers: resolved.skipMissingUsers,
      numberProblems: numbers.problems,
      selectionProblems: selection.contradictions,
      declaredBefore: await declaredBefore(deployed, resource, stack, params, () => deps.s3(region)),
      dryRun: true,
    }, { api, logger, deadline: Number.POSITIVE_INFINITY });
    const selectors = (spec.Selectors ?? []).map((s, i) => ({ selector: describeSelector(s, i), matched: selection.matched[i] }));
    return { ...base, instanceId, outcomes: result.outcomes, ...(selectors.length > 0 ? { selectors } : {}) };
  } catch (error) {
    return { ...base, instanceId, outcomes: [], error: problemText(error) };
  }
}

function readAssembly(appDir: string): AssemblyStack[] {
  if (!fs.existsSync(path.join(appDir, 'manifest.json'))) {
    throw new PlanInputError(`no cloud assembly in ${appDir} (manifest.json not found). Run \`cdk synth\` first, or pass --app-dir with the assembly's directory.`);
  }
  try {
    return readAssemblyStacks(appDir);
  } catch (error) {
    throw new PlanInputError(`cannot read the cloud assembly in ${appDir}: ${(error as Error).message}`);
  }
}

function selectStacks(stacks: AssemblyStack[], names: readonly string[], appDir: string): AssemblyStack[] {
  const named = (s: AssemblyStack, n: string) => s.stackName === n || s.artifactId === n;
  const unknown = names.filter((n) => !stacks.some((s) => named(s, n)));
  if (unknown.length > 0) {
    throw new PlanInputError(`stack ${unknown.join(', ')} is not in ${appDir}; stacks there: ${stacks.map((s) => s.stackName).join(', ') || 'none'}.`);
  }
  return names.length === 0 ? stacks : stacks.filter((s) => names.some((n) => named(s, n)));
}

/** `Stack/Agents/Resource/Default` → `Stack/Agents`: the construct a reader declared. */
function constructPath(cdkPath: string | undefined): string | undefined {
  return cdkPath?.replace(/\/Resource\/Default$/, '').replace(/\/Default$/, '');
}

/**
 * A resource that cannot be planned: the declaration's own problems (bad properties, unresolvable
 * inputs) read as their message alone; anything else (an SDK error) keeps its name, which says
 * where to look.
 */
function problemText(error: unknown): string {
  const declarationProblem = error instanceof PlanInputError || (error instanceof Error && ['InvalidPhoneConfigError', 'Error'].includes(error.name));
  return declarationProblem ? scrubPhoneNumbers((error as Error).message) : errorText(error);
}
