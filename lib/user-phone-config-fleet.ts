import { CustomResource, Fn } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DATA_KEYS, DEPLOYMENT_NONCE_CONTEXT, RESOURCE_TYPE } from './core/contract';
import { ValidationIssue } from './core/validate';
import { declarePhoneConfigResource, declaredResources } from './private/phone-config-resource';
import { mergeSettings, toSelectorSpec, toUserSpec } from './private/to-spec';
import { AgentSelector, ConnectInstanceReference, PhoneSettings, ReconcileOptions, UserReference } from './settings';

/** One agent of a fleet: who, and the settings that differ from the fleet's defaults. */
export interface FleetUser extends UserReference, PhoneSettings {}

/** Props of `UserPhoneConfigFleet`. */
export interface UserPhoneConfigFleetProps extends ConnectInstanceReference, ReconcileOptions {
  /**
   * The agents; each is declared once, with optional overrides of `defaults`.
   * @default - none: the agents come from `selectors`
   */
  readonly users?: FleetUser[];
  /**
   * Settings for every agent matching a selector (routing profile, hierarchy group, tags,
   * username prefix), evaluated at each deploy and scheduled run. `defaults` do not apply to them.
   * @default - no selectors
   */
  readonly selectors?: AgentSelector[];
  /**
   * Settings every user gets unless it declares its own (channels merge setting by setting).
   * @default - no defaults: each user declares its own settings
   */
  readonly defaults?: PhoneSettings;
}

/**
 * Declares the phone configuration of many existing Amazon Connect users in one custom resource:
 * thousands of agents without CloudFormation's 500-resource limit, read in bulk with SearchUsers,
 * written at the pace of Connect's quotas, and finished asynchronously when one Lambda invocation
 * is not enough. A user is written only when it differs from its declared settings.
 *
 * A fleet larger than one custom resource can write within CloudFormation's hour (about 5,400
 * users at the default quota) is split into parts: chained resources, users assigned to them by a
 * stable hash, deployed one after another in one `cdk deploy`.
 *
 * @example
 * new UserPhoneConfigFleet(this, 'Agents', {
 *   instanceId: '11111111-2222-3333-4444-555555555555',
 *   defaults: { phoneType: PhoneType.SOFT_PHONE, afterContactWorkTimeLimit: Duration.seconds(30) },
 *   users: [
 *     { username: 'alice' },
 *     { username: 'bob', autoAccept: true },
 *   ],
 * });
 */
export class UserPhoneConfigFleet extends Construct {
  /** The CloudFormation type of the custom resource this construct adds (for template assertions). */
  public static readonly RESOURCE_TYPE: string = RESOURCE_TYPE;

  /**
   * The context key that fixes the deployment nonce: set it to a constant string (for example with
   * `new App({ context: { ... } })`) and the template is the same on every synth, for snapshot tests.
   * Unset, the nonce is the synth time, so every deploy reconciles.
   */
  public static readonly DEPLOYMENT_NONCE_CONTEXT: string = DEPLOYMENT_NONCE_CONTEXT;

  private readonly declared?: CustomResource[];

  constructor(scope: Construct, id: string, props: UserPhoneConfigFleetProps) {
    super(scope, id);
    const issues: ValidationIssue[] = [];
    const selectors = (props.selectors ?? []).map((s, i) => toSelectorSpec(s, `selectors[${i}]`, issues));
    // JavaScript callers may pass anything: say so with the other problems, not as a TypeError.
    if (props.users !== undefined && !Array.isArray(props.users)) issues.push({ where: 'resource', message: `\`users\` is ${JSON.stringify(props.users)}; pass a list of users, e.g. users: [{ username: 'alice' }].` });
    const users = (Array.isArray(props.users) ? props.users : []).map((user, i) => toUserSpec(user, mergeSettings(props.defaults, user), `users[${i}]`, issues));
    this.declared = declarePhoneConfigResource(this, { ...props, users, selectors }, issues);
  }

  /** The custom resource that reconciles the fleet: its first part when it is split (see `resources`). */
  get resource(): CustomResource {
    return this.resources[0];
  }

  /** Every custom resource of the fleet: one, or its parts in deployment order when it is split. */
  get resources(): CustomResource[] {
    return declaredResources(this, this.declared);
  }

  /**
   * A one-line summary of the last deploy, e.g. `1000 users: 12 changed, 988 unchanged`; for a
   * split fleet, each part's, joined with `; `.
   */
  get summary(): string {
    const parts = this.resources.map((r) => r.getAttString(DATA_KEYS.summary));
    return parts.length === 1 ? parts[0] : Fn.join('; ', parts);
  }
}
