/** Who is calling: the request's principal, its kind, its account, and the identities a policy can name. */
import { parseArn } from '../policy/arn.js';
import { memoize } from '../policy/memo.js';
import type { PrincipalFault } from '../policy/problems.js';

export type PrincipalKind = 'user' | 'role' | 'role-session' | 'federated-user' | 'root' | 'service' | 'identity-provider' | 'anonymous';

export interface Principal {
  readonly text: string;
  readonly kind: PrincipalKind;
  readonly partition: string;
  readonly account?: string;
  /** The value of aws:PrincipalArn: the role ARN for a role session, the caller's ARN otherwise. */
  readonly principalArn?: string;
  /** The IAM user name (aws:username), for users. */
  readonly userName?: string;
  /** A role under the `/aws-service-role/` path: SCPs and RCPs do not apply to it. */
  readonly serviceLinked: boolean;
  /** Can have identity policies, a boundary and session policies (not root, services or anonymous). */
  readonly hasIdentityPolicies: boolean;
}

/** What a Principal element can name of a caller, and how a resource policy's grant then applies. */
export type IdentityLevel = 'account' | 'role' | 'self';

export interface Identity {
  readonly level: IdentityLevel;
  /** `arn:...` for IAM identities, the service name for service principals, the provider for web identity and SAML callers. */
  readonly name: string;
  /** A web identity or SAML provider: only `Federated` principal values name it. */
  readonly federated?: true;
}

export type PrincipalResult = { readonly ok: true; readonly principal: Principal } | { readonly ok: false; readonly fault: PrincipalFault };

/** Web identity providers written by name in trust policies (`"Federated": "cognito-identity.amazonaws.com"`). */
const WEB_IDENTITY_PROVIDERS: ReadonlySet<string> = new Set(['cognito-identity.amazonaws.com', 'accounts.google.com', 'graph.facebook.com', 'www.amazon.com']);

const ANONYMOUS: Principal = { text: 'anonymous', kind: 'anonymous', partition: 'aws', serviceLinked: false, hasIdentityPolicies: false };

/** Parse a request principal; why not when it is none of the forms AWS uses (callers repeat: once each). */
export const parsePrincipal: (text: string) => PrincipalResult = memoize(principalOf);

function principalOf(text: string): PrincipalResult {
  if (text === 'anonymous' || text === '*') return { ok: true, principal: ANONYMOUS };
  // AssumeRoleWithWebIdentity callers: a token from one of these providers (IAM User Guide, "Role trust policies").
  if (WEB_IDENTITY_PROVIDERS.has(text)) return { ok: true, principal: { text, kind: 'identity-provider', partition: 'aws', serviceLinked: false, hasIdentityPolicies: false } };
  if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(text)) {
    const partition = text.endsWith('.cn') ? 'aws-cn' : 'aws';
    return { ok: true, principal: { text, kind: 'service', partition, serviceLinked: false, hasIdentityPolicies: false } };
  }
  const arn = parseArn(text);
  const bad = (fault: PrincipalFault): PrincipalResult => ({ ok: false, fault });
  if (!arn) return bad('not-a-principal');
  if (!/^\d{12}$/.test(arn.account)) return bad('no-account');
  const base = { text, partition: arn.partition, account: arn.account };
  const name = (resource: string, prefix: string) => resource.slice(resource.lastIndexOf('/') + 1) || resource.slice(prefix.length);
  if (arn.service === 'iam') {
    if (arn.resource === 'root') return { ok: true, principal: { ...base, kind: 'root', principalArn: text, serviceLinked: false, hasIdentityPolicies: false } };
    if (arn.resource.startsWith('user/') && arn.resource.length > 5) {
      return { ok: true, principal: { ...base, kind: 'user', principalArn: text, userName: name(arn.resource, 'user/'), serviceLinked: false, hasIdentityPolicies: true } };
    }
    if (arn.resource.startsWith('role/') && arn.resource.length > 5) {
      const serviceLinked = arn.resource.startsWith('role/aws-service-role/');
      return { ok: true, principal: { ...base, kind: 'role', principalArn: text, serviceLinked, hasIdentityPolicies: true } };
    }
    // An OIDC or SAML provider: the caller of AssumeRoleWithWebIdentity / AssumeRoleWithSAML.
    if (/^(oidc|saml)-provider\/.+$/.test(arn.resource)) {
      // Not an AWS principal of that account: no aws:PrincipalAccount, only the Federated name.
      return { ok: true, principal: { text, kind: 'identity-provider', partition: arn.partition, serviceLinked: false, hasIdentityPolicies: false } };
    }
  }
  if (arn.service === 'sts') {
    const session = /^assumed-role\/([^/]+)\/(.+)$/.exec(arn.resource);
    if (session) {
      const roleArn = `arn:${arn.partition}:iam::${arn.account}:role/${session[1]}`;
      const serviceLinked = session[1]!.startsWith('AWSServiceRoleFor');
      return { ok: true, principal: { ...base, kind: 'role-session', principalArn: roleArn, serviceLinked, hasIdentityPolicies: true } };
    }
    if (/^federated-user\/.+$/.test(arn.resource)) {
      return { ok: true, principal: { ...base, kind: 'federated-user', principalArn: text, serviceLinked: false, hasIdentityPolicies: true } };
    }
  }
  return bad('not-a-principal-arn');
}

/**
 * The identities of a caller, broadest first. `principalArn` is the effective aws:PrincipalArn (the context
 * may give a role's path, which its session ARN lacks).
 */
export function identitiesOf(principal: Principal, principalArn: string | undefined): Identity[] {
  switch (principal.kind) {
    case 'anonymous':
      return [{ level: 'self', name: 'anonymous' }]; // only "*" names it
    case 'service':
      return [{ level: 'self', name: principal.text }];
    case 'identity-provider':
      return [{ level: 'self', name: principal.text, federated: true }];
    case 'root':
      return [{ level: 'account', name: principal.text }];
    default: {
      const ids: Identity[] = [{ level: 'account', name: `arn:${principal.partition}:iam::${principal.account}:root` }];
      if (principal.kind === 'role-session' || principal.kind === 'role') ids.push({ level: 'role', name: principalArn ?? principal.principalArn! });
      if (principal.kind !== 'role') ids.push({ level: 'self', name: principal.text });
      return ids;
    }
  }
}

/** The value of aws:PrincipalType. */
export function principalType(kind: PrincipalKind): string | undefined {
  switch (kind) {
    case 'user':
      return 'User';
    case 'role':
    case 'role-session':
      return 'AssumedRole';
    case 'federated-user':
      return 'FederatedUser';
    case 'root':
      return 'Account';
    case 'anonymous':
      return 'Anonymous';
    case 'service':
    case 'identity-provider':
      return undefined;
  }
}

/**
 * Amazon Cognito's enhanced (simplified) flow names every session `CognitoIdentityCredentials`; only that flow
 * adds the scope-down policy. A role name alone (`Cognito_PoolUnauth_Role`) proves nothing: the basic flow
 * and backends may assume the same role under their own session names.
 */
export function isCognitoSession(principal: string): boolean {
  return /:assumed-role\/[^/]+\/CognitoIdentityCredentials$/.test(principal);
}
