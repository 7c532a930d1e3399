/**
 * collectScenario(): from a request (principal, action, resource) and AWS clients to the scenario that
 * decides it, read from the account with read-only calls: the caller identity, the principal's identity
 * policies, permissions boundary and tags, the SCPs and RCPs of every organization level, a KMS key's key
 * policy and grants or a role's trust policy when the action needs them, and for Amazon
 * Connect the instance, the flow and the flow-log setting. What could not be read is listed with the reason
 * and whether it mattered for the decision; the scenario's `collected` section records all of it, so the
 * same evaluation can be repeated offline (`whydenied simulate scenario.json`).
 */
import { createAwsClients, type AwsClients, type ClientOptions } from '../aws/clients.js';
import { readConnect, parseConnectArn, type ConnectFacts } from '../aws/collect/connect.js';
import { LiveError, principalError } from '../aws/collect/errors.js';
import { readAccessKeys, readRole, readUser, ManagedPolicies, type AccessKeyFact, type IdentityRead } from '../aws/collect/iam.js';
import { readCallerIdentity, type CallerIdentity } from '../aws/collect/identity.js';
import { OrganizationReader, readOrganization, type OrganizationFacts } from '../aws/collect/organizations.js';
import { Reader } from '../aws/collect/reader.js';
import { readKey, readTrustPolicy, type KeyRead } from '../aws/collect/resource-policy.js';
import { explicitResourcePolicy } from '../engine/service-rules.js';
import { buildRequest } from '../request/request.js';
import { parseArn } from '../policy/arn.js';
import { isCognitoSession, parsePrincipal, type Principal } from '../request/principal.js';
import type { ContextValue, OrganizationLevel, Scenario } from '../scenario/types.js';
import { assessUnreadable, type UnreadableEntry } from './uncertainty.js';
import { setOwn } from '../own.js';

export { LiveError } from '../aws/collect/errors.js';
export type { UnreadableEntry } from './uncertainty.js';
export type { ConnectFacts } from '../aws/collect/connect.js';
export type { AccessKeyFact } from '../aws/collect/iam.js';

export interface CollectTarget {
  readonly principal: string;
  readonly action: string;
  readonly resource?: string;
  /** Context keys known from elsewhere (the denial, the user); they win over the collected ones. */
  readonly context?: Readonly<Record<string, ContextValue>>;
}

export interface CollectOptions {
  /** AWS calls in flight at once (default 8). */
  readonly concurrency?: number;
  /** The collection time (tests). */
  readonly now?: () => Date;
  /** `whydenied 0.1.0`, recorded in the `collected` section. */
  readonly tool?: string;
  /** Also read the principal's access keys, when it is an IAM user (doctor). */
  readonly accessKeys?: boolean;
  /** The caller identity, when already known (saves a call). */
  readonly caller?: CallerIdentity;
  /** For messages about credentials (`aws sso login --profile NAME`). */
  readonly profile?: string;
}

/** The `collected` section of a collected scenario: where, when, with which credentials, and what is missing. */
export interface Collected {
  readonly tool: string;
  readonly time: string;
  /** The credentials' account and ARN (sts:GetCallerIdentity). */
  readonly account: string;
  readonly caller: string;
  readonly region: string;
  readonly principal?: {
    readonly kind: Principal['kind'];
    /** The role or user ARN with its path. */
    readonly arn?: string;
    readonly groups?: readonly string[];
    readonly tags?: Readonly<Record<string, string>>;
    readonly accessKeys?: readonly AccessKeyFact[];
  };
  readonly organization?: OrganizationFacts | null;
  readonly connect?: ConnectFacts;
  /** AWS calls made (retries by the SDK not counted). */
  readonly calls: number;
  readonly unreadable: readonly UnreadableEntry[];
  /** True when something that could not be read could change the decision. */
  readonly uncertain: boolean;
}

export type CollectedScenario = Scenario & { readonly collected: Collected };

export interface CollectResult {
  readonly scenario: CollectedScenario;
  readonly unreadable: readonly UnreadableEntry[];
}

function checkTarget(target: CollectTarget): Principal {
  const parsed = parsePrincipal(target.principal);
  if (!parsed.ok) throw principalError(target.principal, parsed.fault);
  if (!/^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/.test(target.action)) throw new LiveError('notAction', { action: target.action });
  if (target.resource !== undefined && target.resource !== '*' && !parseArn(target.resource)) throw new LiveError('notArn', { resource: target.resource });
  return parsed.principal;
}

/** The IAM entity behind a principal: a role (also for its sessions) or a user. */
function entityOf(principal: Principal): { kind: 'role' | 'user'; name: string } | undefined {
  const arn = principal.principalArn ?? '';
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  if (principal.kind === 'role' || principal.kind === 'role-session') return { kind: 'role', name };
  if (principal.kind === 'user') return { kind: 'user', name };
  return undefined;
}

/** Context keys that follow from what was read: tags, the principal's ARN with its path, its id, its organization. */
function derivedContext(principal: Principal, identity: IdentityRead | undefined, org: OrganizationFacts | undefined, orgPath: readonly string[] | undefined): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  if (identity?.found) {
    if (identity.arn !== undefined) context['aws:PrincipalArn'] = identity.arn;
    for (const [k, v] of Object.entries(identity.tags ?? {})) setOwn(context, `aws:PrincipalTag/${k}`, v);
    if (identity.id !== undefined) {
      const session = principal.kind === 'role-session' ? principal.text.slice(principal.text.lastIndexOf('/') + 1) : undefined;
      context['aws:userid'] = session !== undefined ? `${identity.id}:${session}` : identity.id;
    }
  }
  if (org) {
    context['aws:PrincipalOrgID'] = org.id;
    if (orgPath && orgPath.length > 1) context['aws:PrincipalOrgPaths'] = [`${org.id}/${orgPath.slice(0, -1).join('/')}/`];
  }
  return context;
}

/**
 * Read from AWS everything that decides `target`, with read-only calls. Throws LiveError for bad input and
 * for credentials that are missing, invalid or expired; anything else that cannot be read is listed.
 */
export async function collectScenario(target: CollectTarget, clients: AwsClients, options: CollectOptions = {}): Promise<CollectResult> {
  const principal = checkTarget(target);
  const now = options.now?.() ?? new Date();
  const reader = new Reader(clients, options.concurrency ?? 8, options.profile);
  const caller = options.caller ?? (await readCallerIdentity(reader));
  const entity = entityOf(principal);
  const resourceArn = target.resource !== undefined ? parseArn(target.resource) : undefined;
  const resourceAccount = resourceArn && /^\d{12}$/.test(resourceArn.account) ? resourceArn.account : undefined;
  const sameAccount = principal.account === caller.account;

  // IAM: the principal's policies, when the credentials are of its account.
  const managed = new ManagedPolicies(reader);
  const identityTask = async (): Promise<IdentityRead | undefined> => {
    if (!entity) {
      if (principal.kind === 'federated-user') {
        reader.note({ what: 'the policies of the federated user (those of the IAM user that called GetFederationToken, and its session policy)', call: 'none', reason: 'a federated-user ARN does not name the IAM user that created it', affects: ['identity', 'session'] });
      }
      return undefined;
    }
    if (!sameAccount) {
      reader.note({
        what: `${entity.kind} ${entity.name} and its policies`,
        call: entity.kind === 'role' ? 'iam:GetRole' : 'iam:GetUser',
        reason: `the credentials are for account ${caller.account}, the principal is in account ${principal.account}: use credentials of ${principal.account} (--profile)`,
        affects: ['identity', 'permissions-boundary', 'context'],
      });
      return undefined;
    }
    return entity.kind === 'role' ? readRole(reader, entity.name, managed) : readUser(reader, entity.name, managed);
  };
  if (isCognitoSession(principal.text)) {
    reader.note({
      what: 'the session policy of this Amazon Cognito identity-pool session',
      call: 'none',
      reason: 'no AWS API returns a session policy; Cognito identity pools add one to unauthenticated identities (enhanced flow)',
      affects: ['session'],
    });
  }

  // Organizations: SCPs for the principal's account, RCPs for the resource's (service-linked roles and the management account are exempt).
  const orgTask = async () => {
    const org = await readOrganization(reader);
    if (org === undefined || org === 'unreadable' || org.featureSet === 'CONSOLIDATED_BILLING') return { org, scps: undefined, rcps: undefined, path: undefined };
    const orgReader = new OrganizationReader(reader);
    const scpAccount = principal.account !== undefined && principal.account !== org.managementAccount && !principal.serviceLinked ? principal.account : undefined;
    const rcpAccount = resourceAccount !== undefined && resourceAccount !== org.managementAccount ? resourceAccount : undefined;
    const pathAffects = (account: string) => [...(account === scpAccount ? ['scp' as const] : []), ...(account === rcpAccount ? ['rcp' as const] : [])];
    const [scps, rcps] = await Promise.all([
      scpAccount ? orgReader.levels(scpAccount, 'SERVICE_CONTROL_POLICY', pathAffects(scpAccount)) : Promise.resolve(undefined),
      rcpAccount ? orgReader.levels(rcpAccount, 'RESOURCE_CONTROL_POLICY', pathAffects(rcpAccount)) : Promise.resolve(undefined),
    ]);
    const path = scpAccount ? await orgReader.path(scpAccount, '', []) : undefined;
    return { org, scps, rcps, path };
  };

  // Amazon Connect: the instance and flow of a connect resource, in its Region.
  const connectArn = target.resource !== undefined ? parseConnectArn(target.resource) : undefined;
  const connectTask = async (): Promise<ConnectFacts | undefined> => {
    if (!connectArn) return undefined;
    if (connectArn.account !== caller.account) {
      reader.note({ what: `Amazon Connect instance ${connectArn.instanceId}`, call: 'connect:DescribeInstance', reason: `the instance is in account ${connectArn.account}, the credentials are for ${caller.account}`, affects: ['connect'] });
      return undefined;
    }
    return readConnect(reader, { region: connectArn.region, account: connectArn.account, instanceId: connectArn.instanceId, ...(connectArn.flowId !== undefined && { flowId: connectArn.flowId }) });
  };

  // A KMS key's key policy and grants, a role's trust policy: they must allow explicitly.
  const built = buildRequest({ principal: target.principal, action: target.action, ...(target.resource !== undefined && { resource: target.resource }) });
  const explicit = built.ok ? explicitResourcePolicy(built.request) : undefined;
  const resourcePolicyTask = async (): Promise<KeyRead | undefined> => {
    if (!explicit || !resourceArn || target.resource === undefined) return undefined;
    if (resourceArn.account !== caller.account) {
      reader.note({
        what: explicit === 'key-policy' ? `the key policy and grants of ${target.resource}` : `the trust policy of ${target.resource}`,
        call: explicit === 'key-policy' ? 'kms:GetKeyPolicy' : 'iam:GetRole',
        reason: `it is in account ${resourceArn.account}, the credentials are for ${caller.account}: use credentials of ${resourceArn.account} (--profile)`,
        affects: ['resource'],
      });
      return undefined;
    }
    if (explicit === 'key-policy') return readKey(reader, resourceArn, target.resource);
    const trust = await readTrustPolicy(reader, resourceArn, target.resource);
    return trust && { keyPolicy: trust };
  };

  const keysTask = async () => (options.accessKeys && entity?.kind === 'user' && sameAccount ? readAccessKeys(reader, entity.name, now) : undefined);

  const [identity, orgs, connect, accessKeys, resourceRead] = await Promise.all([identityTask(), orgTask(), connectTask(), keysTask(), resourcePolicyTask()]);
  const org = orgs.org !== 'unreadable' ? orgs.org : undefined;
  const scps = orgs.scps !== 'unreadable' ? orgs.scps : undefined;
  const rcps = orgs.rcps !== 'unreadable' ? orgs.rcps : undefined;

  const context = { ...derivedContext(principal, identity, org, orgs.path), ...(target.context ?? {}) };
  const request = {
    principal: target.principal,
    action: target.action,
    ...(target.resource !== undefined && { resource: target.resource }),
    ...(Object.keys(context).length > 0 && { context }),
  };
  const policies: Omit<Scenario, 'request'> = {
    ...(identity && { identityPolicies: identity.identityPolicies }),
    ...(identity?.permissionsBoundary && { permissionsBoundary: identity.permissionsBoundary }),
    ...(scps && { serviceControlPolicies: scps as OrganizationLevel[] }),
    ...(rcps && { resourceControlPolicies: rcps as OrganizationLevel[] }),
    ...(resourceRead?.keyPolicy && { resourcePolicy: resourceRead.keyPolicy }),
    ...(resourceRead?.grants && resourceRead.grants.length > 0 && { kmsGrants: resourceRead.grants }),
    ...((scps || rcps) && org?.managementAccount !== undefined && { organization: { managementAccount: org.managementAccount } }),
  };
  const unreadable = assessUnreadable({ request, ...policies }, reader.unreadable);
  const collected: Collected = {
    tool: options.tool ?? 'whydenied',
    time: now.toISOString(),
    account: caller.account,
    caller: caller.arn,
    region: clients.region,
    principal: {
      kind: principal.kind,
      ...(identity?.arn !== undefined && { arn: identity.arn }),
      ...(identity?.groups !== undefined && { groups: identity.groups }),
      ...(identity?.tags !== undefined && { tags: identity.tags }),
      ...(accessKeys !== undefined && { accessKeys }),
    },
    ...(orgs.org !== 'unreadable' && { organization: org ?? null }),
    ...(connect && { connect }),
    calls: reader.calls,
    unreadable,
    uncertain: unreadable.some((u) => u.mattered),
  };
  return { scenario: { request, ...policies, collected }, unreadable };
}

export interface LiveOptions extends Pick<ClientOptions, 'profile' | 'region' | 'endpoint' | 'credentials' | 'maxAttempts' | 'timeoutMs'> {
  readonly concurrency?: number;
  readonly tool?: string;
}

/**
 * For `explain --live`: the request AWS denied (principal, action, resource from the message) -> the
 * scenario to hand to `explain({ denial, scenario })`, and what could not be read. Creates the clients
 * (credentials and Region the standard SDK way, the Region of the resource ARN when --region is not given)
 * and closes them. Throws LiveError (an id and data) for bad input or unusable credentials.
 */
export async function collectForExplain(request: CollectTarget, options: LiveOptions = {}): Promise<CollectResult> {
  const clients = await createAwsClients({ ...options, ...(request.resource !== undefined && { resourceArn: request.resource }) });
  try {
    return await collectScenario(request, clients, {
      ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
      ...(options.tool !== undefined && { tool: options.tool }),
      ...(options.profile !== undefined && { profile: options.profile }),
    });
  } finally {
    clients.destroy();
  }
}
