import { CustomResource } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DATA_KEYS, DEPLOYMENT_NONCE_CONTEXT, RESOURCE_TYPE } from './core/contract';
import { ValidationIssue } from './core/validate';
import { declarePhoneConfigResource, declaredResources } from './private/phone-config-resource';
import { toUserSpec } from './private/to-spec';
import { ConnectInstanceReference, PhoneSettings, ReconcileOptions, UserReference } from './settings';

/** Props of `UserPhoneConfig`: one instance, one user, the settings to make true. */
export interface UserPhoneConfigProps extends ConnectInstanceReference, UserReference, PhoneSettings, ReconcileOptions {}

/**
 * Declares the phone configuration of one existing Amazon Connect user and keeps it true on every
 * deploy. Only declared settings are written, and only when they differ from the live user;
 * anything not declared is left as it is. Deleting the construct leaves the user as it is.
 *
 * @example
 * new UserPhoneConfig(this, 'Alice', {
 *   instanceId: '11111111-2222-3333-4444-555555555555',
 *   userId: 'aaaaaaaa-0000-0000-0000-000000000001',
 *   phoneType: PhoneType.SOFT_PHONE,
 *   autoAccept: true,
 *   afterContactWorkTimeLimit: Duration.seconds(30),
 * });
 */
export class UserPhoneConfig extends Construct {
  /** The CloudFormation type of the custom resource this construct adds (for template assertions). */
  public static readonly RESOURCE_TYPE: string = RESOURCE_TYPE;

  /**
   * The context key that fixes the deployment nonce: set it to a constant string (for example with
   * `new App({ context: { ... } })`) and the template is the same on every synth, for snapshot tests.
   * Unset, the nonce is the synth time, so every deploy reconciles.
   */
  public static readonly DEPLOYMENT_NONCE_CONTEXT: string = DEPLOYMENT_NONCE_CONTEXT;

  private readonly declared?: CustomResource[];

  constructor(scope: Construct, id: string, props: UserPhoneConfigProps) {
    super(scope, id);
    const issues: ValidationIssue[] = [];
    const user = toUserSpec(props, props, 'users[0]', issues);
    this.declared = declarePhoneConfigResource(this, { ...props, users: [user] }, issues);
  }

  /** The custom resource that reconciles the user. */
  get resource(): CustomResource {
    // One user is always one resource.
    return declaredResources(this, this.declared)[0];
  }

  /** The user's id, resolved at deploy time (useful when the user is declared by `username`). */
  get userId(): string {
    return this.resource.getAttString(DATA_KEYS.userIds);
  }

  /** What the last deploy changed, e.g. `<id>: autoAccept: false -> true` (phone numbers masked). */
  get changes(): string {
    return this.resource.getAttString(DATA_KEYS.changes);
  }
}
