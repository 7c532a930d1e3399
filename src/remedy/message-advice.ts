/**
 * Advice from a message alone (no policies given): the likely causes, the read-only commands that fetch what
 * decides, and the suggested policy, each sent to the policy that can change the outcome, or left out:
 *   - a cause the message proves to be outside IAM (a Participant Service 403, an ID passed as an ARN, an S3
 *     setting, a declarative policy, an Organizations policy it names) -> no IAM causes, no IAM commands;
 *   - sts:AssumeRole* -> the trust policy of the role being assumed, never sts:AssumeRole on `*` for the caller;
 *   - an anonymous caller has no identity policy -> the resource's policy;
 *   - an `AWSReservedSSO_*` role -> its permission set in IAM Identity Center;
 *   - a service-linked role -> its policies cannot be edited;
 *   - a named SCP -> `aws organizations describe-policy` from the management account;
 *   - an unknown resource -> no policy with an invented `*`.
 */
import { catalogAction, actionResourceTypes } from '../catalog/arn-templates.js';
import type { Finding } from '../diagnosis/checks/index.js';
import type { Denial } from '../input/denial.js';
import { parseArn } from '../policy/arn.js';
import type { Request } from '../request/request.js';
import type { ScenarioRequest } from '../scenario/types.js';
import { proposeIdentityPolicy, resourceHolder, type Fix } from './fix.js';

export interface MessageAdvice {
  readonly likelyCauses: readonly string[];
  readonly commands: readonly string[];
  readonly fixes: readonly Fix[];
}

const ASSUME_ROLE = /^sts:assumerole(withsaml|withwebidentity)?$/i;

/** The permission set behind an IAM Identity Center role: `AWSReservedSSO_ReadOnly_0123456789abcdef` -> `ReadOnly`. */
export function permissionSetOf(roleArn: string | undefined): string | undefined {
  const name = roleArn?.slice(roleArn.lastIndexOf('/') + 1);
  const m = name === undefined ? null : /^AWSReservedSSO_(.+)_[0-9a-f]{16}$/.exec(name);
  return m ? m[1] : name?.startsWith('AWSReservedSSO_') ? name.slice('AWSReservedSSO_'.length) : undefined;
}

/** The SCP or RCP id in an Organizations policy ARN (`arn:aws:organizations::111122223333:policy/o-abc/service_control_policy/p-12345678`). */
function organizationsPolicyId(policyArn: string | undefined): string | undefined {
  const arn = policyArn === undefined ? undefined : parseArn(policyArn);
  if (!arn || arn.service !== 'organizations') return undefined;
  const id = arn.resource.slice(arn.resource.lastIndexOf('/') + 1);
  return /^p-[0-9a-z]+$/.test(id) ? id : undefined;
}

/** Findings that prove the cause is outside IAM policies. */
export function provesOutsideIam(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.check === 'not-a-policy-decision' || (f.check === 'id-passed-as-arn' && f.severity === 'error'));
}

/** Whether the action needs a resource that the request does not name (then no policy can be written). */
function resourceUnknown(request: ScenarioRequest): boolean {
  if (request.resource !== undefined) return false;
  const catalog = catalogAction(request.action);
  return catalog === undefined || actionResourceTypes(catalog).some((t) => t.required);
}

function trustPolicySuggestion(request: ScenarioRequest, caller: Request['principal']): Fix | undefined {
  const roleArn = request.resource;
  if (roleArn === undefined || !/:role\//.test(roleArn) || caller.principalArn === undefined || !/^sts:assumerole$/i.test(request.action)) return undefined;
  return {
    kind: 'suggestion',
    policyType: 'resource',
    target: roleArn,
    change: 'attach',
    reason: 'trustPolicyAllowUnseen',
    holder: resourceHolder('TrustPolicy', roleArn),
    document: { Version: '2012-10-17', Statement: [{ Sid: 'AllowAssumeRole', Effect: 'Allow', Principal: { AWS: caller.principalArn }, Action: 'sts:AssumeRole' }] },
    verified: false,
  };
}

/** Most likely causes first; for Amazon Connect chat, in the order they occur in practice. */
function likely(denial: Denial | undefined, request: Request | undefined, findings: readonly Finding[]): string[] {
  if (provesOutsideIam(findings)) return [];
  const type = denial?.policyType;
  if (type === 'scp') return denial?.policyArn !== undefined ? [] : ['scpDeny'];
  if (type === 'rcp') return denial?.policyArn !== undefined ? [] : ['rcpDeny'];
  if (type === 'permissions-boundary') return ['boundary'];
  if (type === 'session') return ['sessionPolicy'];
  if (type === 'vpc-endpoint') return ['vpcEndpointPolicy'];
  if (type === 'resource') return ['resourcePolicy'];
  if (type === 'role-trust' || ASSUME_ROLE.test(request?.action ?? denial?.action ?? '')) return ['trustPolicy', ...(denial?.explicit === true ? ['scpDeny'] : ['actionMissing'])];
  const principal = request?.principal;
  if (principal?.kind === 'anonymous') return ['anonymousCaller'];
  if (denial?.explicit === true) return type === 'identity' ? ['identityDeny'] : ['scpDeny', 'identityDeny', 'boundaryDeny', 'resourcePolicy'];
  const connectChat = request?.actionLower === 'connect:startchatcontact';
  const causes = connectChat ? ['instanceArnInsteadOfFlow', 'actionMissing', 'sourceIpWithEndpoint'] : ['actionMissing', 'resourceMismatch', 'conditionFails'];
  if (permissionSetOf(principal?.principalArn) !== undefined) causes[causes.indexOf('actionMissing')] = 'permissionSetMissing';
  if (principal?.serviceLinked) causes.splice(causes.indexOf('actionMissing'), 1, 'serviceLinkedRole');
  if (type === undefined) causes.push('scpDeny', 'boundary', 'sessionPolicy');
  return causes;
}

function commands(denial: Denial | undefined, request: Request | undefined, findings: readonly Finding[]): string[] {
  const out: string[] = [];
  if (denial?.encodedAuthorizationMessage !== undefined) {
    out.push(`aws sts decode-authorization-message --encoded-message ${denial.encodedAuthorizationMessage} --query DecodedMessage --output text > decoded.json`);
  }
  if (denial?.authorizationId !== undefined) out.push(`aws iam-toolbox get-request-authorization-details --authorization-id ${denial.authorizationId}`);
  if (denial?.policyType === 'vpc-endpoint' && denial.vpcEndpointId !== undefined) {
    out.push(`aws ec2 describe-vpc-endpoints --vpc-endpoint-ids ${denial.vpcEndpointId} --query "VpcEndpoints[0].PolicyDocument" --output text`);
  }
  const policyId = organizationsPolicyId(denial?.policyArn);
  if (policyId !== undefined) out.push(`aws organizations describe-policy --policy-id ${policyId}`);
  if (provesOutsideIam(findings) || policyId !== undefined) return out;
  const p = request?.principal;
  if (!p) return out;
  const arn = p.principalArn ?? '';
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  const permissionSet = permissionSetOf(arn);
  if (permissionSet !== undefined) {
    out.push(
      'aws sso-admin list-instances',
      'aws sso-admin list-permission-sets --instance-arn INSTANCE_ARN',
      'aws sso-admin describe-permission-set --instance-arn INSTANCE_ARN --permission-set-arn PERMISSION_SET_ARN',
      'aws sso-admin get-inline-policy-for-permission-set --instance-arn INSTANCE_ARN --permission-set-arn PERMISSION_SET_ARN',
      'aws sso-admin list-managed-policies-in-permission-set --instance-arn INSTANCE_ARN --permission-set-arn PERMISSION_SET_ARN',
    );
  } else if (p.kind === 'role' || p.kind === 'role-session') {
    out.push(
      `aws iam list-attached-role-policies --role-name ${name}`,
      `aws iam list-role-policies --role-name ${name}`,
      `aws iam get-role-policy --role-name ${name} --policy-name POLICY_NAME`,
      `aws iam get-policy-version --policy-arn POLICY_ARN --version-id "$(aws iam get-policy --policy-arn POLICY_ARN --query Policy.DefaultVersionId --output text)"`,
      ...(p.serviceLinked ? [] : [`aws iam get-role --role-name ${name} --query Role.PermissionsBoundary`]),
    );
  } else if (p.kind === 'user') {
    out.push(
      `aws iam list-attached-user-policies --user-name ${name}`,
      `aws iam list-user-policies --user-name ${name}`,
      `aws iam list-groups-for-user --user-name ${name}`,
      `aws iam get-user --user-name ${name} --query User.PermissionsBoundary`,
    );
  }
  const role = request?.resource !== undefined && ASSUME_ROLE.test(request.action) ? parseArn(request.resource) : undefined;
  if (role?.service === 'iam' && role.resource.startsWith('role/')) {
    out.push(`aws iam get-role --role-name ${role.resource.slice(role.resource.lastIndexOf('/') + 1)} --query Role.AssumeRolePolicyDocument`);
  }
  if (p.account && p.kind !== 'anonymous' && !p.serviceLinked) out.push(`aws organizations list-policies-for-target --target-id ${p.account} --filter SERVICE_CONTROL_POLICY`);
  return out;
}

/** The suggested policy, addressed to whoever can change the outcome; none when that is not an identity policy the caller's owner controls. */
function fixes(denial: Denial | undefined, request: ScenarioRequest | undefined, built: Request | undefined, findings: readonly Finding[]): Fix[] {
  if (!request || !built || provesOutsideIam(findings) || /[*?]/.test(request.action)) return [];
  if (ASSUME_ROLE.test(request.action)) {
    // Across accounts the caller's identity policy must allow it too, on that role only (never on `*`).
    const trust = trustPolicySuggestion(request, built.principal);
    if (!trust || findings.some((f) => f.severity === 'error' && f.check !== 'cross-account')) return [];
    const cross = findings.some((f) => f.check === 'cross-account') && built.principal.principalArn !== undefined;
    if (!cross) return [trust];
    const { alternative: _broader, ...identity } = proposeIdentityPolicy(request, built.principal.principalArn!);
    return [trust, identity];
  }
  if (findings.some((f) => f.severity === 'error')) return [];
  const named = denial?.policyType;
  if (denial?.explicit === true || (named !== undefined && named !== 'identity')) return [];
  const p = built.principal;
  if (p.kind === 'anonymous' || p.kind === 'service' || p.serviceLinked || !p.hasIdentityPolicies) return [];
  if (resourceUnknown(request)) return [];
  const owner = p.principalArn ?? request.principal;
  const permissionSet = permissionSetOf(p.principalArn);
  const fix = proposeIdentityPolicy(request, owner);
  return [permissionSet !== undefined ? { ...fix, target: `permission set ${permissionSet} (IAM Identity Center)`, reason: 'permissionSet' } : fix];
}

export function messageAdvice(denial: Denial | undefined, request: ScenarioRequest | undefined, built: Request | undefined, findings: readonly Finding[]): MessageAdvice {
  return { likelyCauses: likely(denial, built, findings), commands: commands(denial, built, findings), fixes: fixes(denial, request, built, findings) };
}
