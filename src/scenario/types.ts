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

/**
 * A KMS grant on the request's key (KMS Developer Guide, "Grants in AWS KMS"): it allows the grantee the
 * listed operations, within its encryption-context constraints, with no key policy or IAM policy needed.
 */
export interface KmsGrant {
  /** Grant name or ID, for the output. */
  readonly name?: string;
  /** The grantee principal: an IAM user, role, session or account ARN, or a service principal. */
  readonly grantee: string;
  /** Grant operations without the `kms:` prefix, e.g. `Decrypt`. */
  readonly operations: readonly string[];
  readonly constraints?: {
    /** Every pair must be in the request's encryption context (`kms:EncryptionContext:KEY`). */
    readonly encryptionContextSubset?: Readonly<Record<string, string>>;
    /** The request's encryption context must be exactly these pairs. */
    readonly encryptionContextEquals?: Readonly<Record<string, string>>;
  };
}

/** The AWS Organizations facts that change which policies apply. */
export interface OrganizationFacts {
  /** SCPs do not apply to principals of the management account, RCPs not to its resources. */
  readonly managementAccount?: string;
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
  /** The resource's policy: for a KMS key its key policy, for an IAM role its trust policy. */
  readonly resourcePolicy?: NamedPolicy;
  /** Present when the call went through a VPC endpoint. */
  readonly vpcEndpointPolicy?: NamedPolicy;
  /** Grants on the KMS key the request uses. */
  readonly kmsGrants?: readonly KmsGrant[];
  readonly organization?: OrganizationFacts;
}
