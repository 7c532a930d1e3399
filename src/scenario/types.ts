/**
 * The scenario: one request and every policy that decides it. This shape is whydenied's public contract
 * (README "Scenario format"); every field but `request` is optional.
 */

/** A request context value: multivalued keys (aws:TagKeys, aws:CalledVia...) take arrays. */
export type ContextScalar = string | number | boolean;
export type ContextValue = ContextScalar | readonly ContextScalar[];

export interface ScenarioRequest {
  /** ARN of the caller: user, role, role session, federated user, root, a service principal, or `anonymous`. */
  readonly principal: string;
  /** `service:Action`, e.g. `connect:StartChatContact`. */
  readonly action: string;
  /** The ARN the action is authorized on; `*` (or absent) for actions that only support `*`. */
  readonly resource?: string;
  /** Request context keys (case-insensitive). Keys set here win over derived ones. */
  readonly context?: Readonly<Record<string, ContextValue>>;
}

/** A policy document: an object, a JSON string, or a URL-encoded JSON string (as the IAM API returns it). */
export type PolicyDocumentInput = unknown;

export interface NamedPolicy {
  readonly name?: string;
  readonly arn?: string;
  readonly document: PolicyDocumentInput;
}

/** One level of an AWS Organizations hierarchy (root, OU, account) and the policies attached there. */
export interface OrganizationLevel {
  readonly target: string;
  readonly policies: readonly NamedPolicy[];
}

export interface Scenario {
  readonly request: ScenarioRequest;
  readonly identityPolicies?: readonly NamedPolicy[];
  readonly permissionsBoundary?: NamedPolicy;
  readonly sessionPolicies?: readonly NamedPolicy[];
  /** Levels from the root down to the principal's account; absent: not in an organization. */
  readonly serviceControlPolicies?: readonly OrganizationLevel[];
  /** Levels from the root down to the resource's account; RCPFullAWSAccess is implied at every level. */
  readonly resourceControlPolicies?: readonly OrganizationLevel[];
  readonly resourcePolicy?: NamedPolicy;
  /** Present when the call went through a VPC endpoint. */
  readonly vpcEndpointPolicy?: NamedPolicy;
}
