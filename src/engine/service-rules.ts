/**
 * Rules services add on top of the generic evaluation logic (docs/evaluation.md, "Service rules"): resource
 * policies that must allow explicitly (KMS key policies, role trust policies), KMS grants, calls that need
 * no permission, things AWS owns, and partitions. Each function reads only the request.
 */
import type { Request } from '../request/request.js';
import type { AwsRuleFinding } from './types.js';

/**
 * "IAM role trust policies and KMS key policies are exceptions to this logic, because they must explicitly
 * allow access for principals" (IAM User Guide, "Policy evaluation logic"). Which one applies to this
 * request, if any: a KMS operation on a key, or a role-assumption action on a role.
 */
export type ExplicitResourcePolicy = 'key-policy' | 'trust-policy';

/** Actions authorized by the role's trust policy (STS API Reference; IAM User Guide, "Role trust policies"). */
const TRUST_POLICY_ACTIONS: ReadonlySet<string> = new Set([
  'sts:assumerole',
  'sts:assumerolewithwebidentity',
  'sts:assumerolewithsaml',
  'sts:tagsession',
  'sts:setsourceidentity',
]);

export function explicitResourcePolicy(req: Request): ExplicitResourcePolicy | undefined {
  const arn = req.resourceArn;
  if (!arn) return undefined;
  if (req.service === 'kms' && arn.service === 'kms' && arn.resource.startsWith('key/')) return 'key-policy';
  if (TRUST_POLICY_ACTIONS.has(req.actionLower) && arn.service === 'iam' && arn.resource.startsWith('role/')) return 'trust-policy';
  return undefined;
}

/**
 * Calls whose outcome no policy decides. STS API Reference, GetCallerIdentity: "No permissions are required
 * to perform this operation. If an administrator attaches a policy to your identity that explicitly denies
 * access to the sts:GetCallerIdentity action, you can still perform this operation." GetSessionToken: "No
 * permissions are required for users to perform this operation ... You cannot use policies to control
 * authentication operations", and it "must be called by using the long-term AWS security credentials".
 * Anonymous callers and web identity tokens are not authenticated AWS callers: the policies decide (deny).
 */
export function permissionFreeCall(req: Request): AwsRuleFinding | undefined {
  const kind = req.principal.kind;
  if (kind === 'anonymous' || kind === 'identity-provider') return undefined;
  if (req.actionLower === 'sts:getcalleridentity') return { rule: 'no-permission-required', outcome: 'allows', data: { action: req.action } };
  if (req.actionLower === 'sts:getsessiontoken') {
    if (kind === 'user' || kind === 'root') return { rule: 'no-permission-required', outcome: 'allows', data: { action: req.action } };
    if (kind === 'role' || kind === 'role-session' || kind === 'federated-user') {
      return { rule: 'long-term-credentials-required', outcome: 'refuses', data: { action: req.action, principal: req.principal.text } };
    }
  }
  return undefined;
}

/** Writes to an AWS managed policy: it belongs to AWS (IAM User Guide, "AWS managed policies"). */
const MANAGED_POLICY_WRITES: ReadonlySet<string> = new Set([
  'iam:createpolicyversion',
  'iam:deletepolicy',
  'iam:deletepolicyversion',
  'iam:setdefaultpolicyversion',
  'iam:tagpolicy',
  'iam:untagpolicy',
]);

/**
 * Changes to a role's permissions, trust policy or existence. A service-linked role's are set by its service
 * ("To attach a policy to this service-linked role, you must make the request using the AWS service that
 * depends on this role", IAM API Reference, CreateServiceLinkedRole); an IAM Identity Center role's by its
 * permission set.
 */
const ROLE_WRITES: ReadonlySet<string> = new Set([
  'iam:attachrolepolicy',
  'iam:detachrolepolicy',
  'iam:putrolepolicy',
  'iam:deleterolepolicy',
  'iam:updateassumerolepolicy',
  'iam:putrolepermissionsboundary',
  'iam:deleterolepermissionsboundary',
  'iam:deleterole',
]);

/** KMS: "The alias/aws/ prefix is reserved for AWS managed keys" (KMS API Reference, CreateAlias). */
const ALIAS_WRITES: ReadonlySet<string> = new Set(['kms:createalias', 'kms:deletealias', 'kms:updatealias']);

export type AwsOwnedKind = 'aws-managed-policy' | 'sso-reserved-role' | 'service-linked-role' | 'aws-managed-key-alias';

/** A change to something AWS owns or a service manages: refused whatever the policies say. */
export function awsOwnedResource(req: Request): AwsRuleFinding | undefined {
  const arn = req.resourceArn;
  if (!arn) return undefined;
  let kind: AwsOwnedKind | undefined;
  if (arn.service === 'iam' && arn.account === 'aws' && arn.resource.startsWith('policy/') && MANAGED_POLICY_WRITES.has(req.actionLower)) kind = 'aws-managed-policy';
  else if (arn.service === 'iam' && arn.resource.startsWith('role/aws-reserved/sso.amazonaws.com/') && ROLE_WRITES.has(req.actionLower)) kind = 'sso-reserved-role';
  else if (arn.service === 'iam' && arn.resource.startsWith('role/aws-service-role/') && ROLE_WRITES.has(req.actionLower)) kind = 'service-linked-role';
  else if (arn.service === 'kms' && arn.resource.startsWith('alias/aws/') && ALIAS_WRITES.has(req.actionLower)) kind = 'aws-managed-key-alias';
  return kind && { rule: 'aws-owned-resource', outcome: 'refuses', data: { kind, resource: req.resource, action: req.action } };
}

/** Access never crosses partitions: a principal of `aws-cn` can never act on an `arn:aws:` resource. */
export function partitionMismatch(req: Request): AwsRuleFinding | undefined {
  const principal = req.principal;
  if (principal.account === undefined || !req.resourceArn || req.resourceArn.partition === '') return undefined;
  if (principal.partition === req.resourceArn.partition) return undefined;
  return {
    rule: 'partition-mismatch',
    outcome: 'refuses',
    data: { principalPartition: principal.partition, resourcePartition: req.resourceArn.partition, principal: principal.text, resource: req.resource },
  };
}
