/**
 * IAM: a role's or a user's identity policies (attached managed policies at their default version, inline
 * policies, and for users their groups' policies), permissions boundary, path and tags; a user's access keys.
 * Every list is read to its last page (Marker / IsTruncated); independent calls run at once.
 */
import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  type AttachedPolicy,
  type Tag,
} from '@aws-sdk/client-iam';
import type { NamedPolicy } from '../../scenario/types.js';
import type { Affects, Reader } from './reader.js';

export interface IdentityRead {
  readonly kind: 'role' | 'user';
  readonly name: string;
  /** From GetRole / GetUser: the ARN with its path (the value of aws:PrincipalArn). */
  readonly arn?: string;
  readonly path?: string;
  /** RoleId / UserId (aws:userid). */
  readonly id?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** False when the role or user does not exist in the credentials' account. */
  readonly found: boolean;
  readonly identityPolicies: readonly NamedPolicy[];
  readonly permissionsBoundary?: NamedPolicy;
  readonly groups?: readonly string[];
}

export interface AccessKeyFact {
  /** The last four characters only: key ids are not printed whole. */
  readonly idEnding: string;
  readonly status: string;
  readonly created: string;
  readonly ageDays: number;
}

/** A policy document as IAM returns it (URL-encoded JSON) -> the JSON value (or the decoded text if it is not JSON). */
export function decodePolicyDocument(document: string | undefined): unknown {
  if (document === undefined) return undefined;
  let text = document;
  try {
    text = decodeURIComponent(document);
  } catch {
    // not encoded after all
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function tagsOf(tags: readonly Tag[] | undefined): Record<string, string> | undefined {
  if (!tags || tags.length === 0) return undefined;
  return Object.fromEntries(tags.filter((t) => t.Key !== undefined).map((t) => [t.Key!, t.Value ?? '']));
}

/** Managed policies are read once each (a user and its groups often share them). */
export class ManagedPolicies {
  private readonly cache = new Map<string, Promise<NamedPolicy | undefined>>();
  constructor(private readonly reader: Reader) {}

  get(arn: string, affects: readonly Affects[]): Promise<NamedPolicy | undefined> {
    const key = `${affects.join(',')} ${arn}`;
    let p = this.cache.get(key);
    if (!p) {
      p = this.reader.read(`the managed policy ${arn}`, affects, async () => {
        const { iam } = this.reader.clients;
        const policy = await this.reader.call('iam:GetPolicy', () => iam.send(new GetPolicyCommand({ PolicyArn: arn })));
        const versionId = policy.Policy?.DefaultVersionId;
        const version = await this.reader.call('iam:GetPolicyVersion', () => iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId })));
        return { name: policy.Policy?.PolicyName ?? arn.slice(arn.lastIndexOf('/') + 1), arn, document: decodePolicyDocument(version.PolicyVersion?.Document) };
      });
      this.cache.set(key, p);
    }
    return p;
  }
}

type Owner = { kind: 'role'; name: string } | { kind: 'user'; name: string } | { kind: 'group'; name: string };

/** The attached managed policies of a role, user or group, each at its default version. */
async function attachedPolicies(reader: Reader, owner: Owner, managed: ManagedPolicies): Promise<NamedPolicy[]> {
  const { iam } = reader.clients;
  const list = await reader.read(`the attached policies of ${owner.kind} ${owner.name}`, ['identity'], () =>
    reader.pages<AttachedPolicy>(async (Marker) => {
      const out =
        owner.kind === 'role'
          ? await reader.call('iam:ListAttachedRolePolicies', () => iam.send(new ListAttachedRolePoliciesCommand({ RoleName: owner.name, Marker })))
          : owner.kind === 'user'
            ? await reader.call('iam:ListAttachedUserPolicies', () => iam.send(new ListAttachedUserPoliciesCommand({ UserName: owner.name, Marker })))
            : await reader.call('iam:ListAttachedGroupPolicies', () => iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: owner.name, Marker })));
      return { items: out.AttachedPolicies, next: out.IsTruncated ? out.Marker : undefined };
    }),
  );
  const arns = (list ?? []).map((p) => p.PolicyArn).filter((a): a is string => a !== undefined);
  const policies = await Promise.all(arns.map((arn) => managed.get(arn, ['identity'])));
  return policies.filter((p): p is NamedPolicy => p !== undefined);
}

/** The inline policies of a role, user or group; groups' are named `GROUP/POLICY`. */
async function inlinePolicies(reader: Reader, owner: Owner): Promise<NamedPolicy[]> {
  const { iam } = reader.clients;
  const names = await reader.read(`the inline policies of ${owner.kind} ${owner.name}`, ['identity'], () =>
    reader.pages<string>(async (Marker) => {
      const out =
        owner.kind === 'role'
          ? await reader.call('iam:ListRolePolicies', () => iam.send(new ListRolePoliciesCommand({ RoleName: owner.name, Marker })))
          : owner.kind === 'user'
            ? await reader.call('iam:ListUserPolicies', () => iam.send(new ListUserPoliciesCommand({ UserName: owner.name, Marker })))
            : await reader.call('iam:ListGroupPolicies', () => iam.send(new ListGroupPoliciesCommand({ GroupName: owner.name, Marker })));
      return { items: out.PolicyNames, next: out.IsTruncated ? out.Marker : undefined };
    }),
  );
  const policies = await Promise.all(
    (names ?? []).map((PolicyName) =>
      reader.read(`the inline policy ${PolicyName} of ${owner.kind} ${owner.name}`, ['identity'], async (): Promise<NamedPolicy> => {
        const document =
          owner.kind === 'role'
            ? (await reader.call('iam:GetRolePolicy', () => iam.send(new GetRolePolicyCommand({ RoleName: owner.name, PolicyName })))).PolicyDocument
            : owner.kind === 'user'
              ? (await reader.call('iam:GetUserPolicy', () => iam.send(new GetUserPolicyCommand({ UserName: owner.name, PolicyName })))).PolicyDocument
              : (await reader.call('iam:GetGroupPolicy', () => iam.send(new GetGroupPolicyCommand({ GroupName: owner.name, PolicyName })))).PolicyDocument;
        return { name: owner.kind === 'group' ? `${owner.name}/${PolicyName}` : PolicyName, document: decodePolicyDocument(document) };
      }),
    ),
  );
  return policies.filter((p): p is NamedPolicy => p !== undefined);
}

/** Keep the first of each managed policy (same ARN) and every inline policy. */
function distinct(policies: readonly NamedPolicy[]): NamedPolicy[] {
  const seen = new Set<string>();
  return policies.filter((p) => {
    if (p.arn === undefined) return true;
    if (seen.has(p.arn)) return false;
    seen.add(p.arn);
    return true;
  });
}

const NOT_FOUND = new Set(['NoSuchEntity', 'NoSuchEntityException']);

/** What to say when the role or user is not in the credentials' account. */
function notFound(reader: Reader, kind: 'role' | 'user', name: string, call: string, reason: string): IdentityRead {
  reader.note({ what: `${kind} ${name} and its policies`, call, reason: `${reason} (is it in another account than the credentials'?)`, affects: ['identity', 'permissions-boundary', 'context'] });
  return { kind, name, found: false, identityPolicies: [] };
}

export async function readRole(reader: Reader, name: string, managed: ManagedPolicies): Promise<IdentityRead> {
  const { iam } = reader.clients;
  const got = await reader.attempt(() => reader.call('iam:GetRole', () => iam.send(new GetRoleCommand({ RoleName: name }))));
  if (!got.ok && NOT_FOUND.has(got.code)) return notFound(reader, 'role', name, got.call, got.reason);
  if (!got.ok) reader.note({ what: `role ${name} (its path, tags and permissions boundary)`, call: got.call, reason: got.reason, affects: ['permissions-boundary', 'context'] });
  const role = got.ok ? got.value.Role : undefined;
  const owner: Owner = { kind: 'role', name };
  const boundaryArn = role?.PermissionsBoundary?.PermissionsBoundaryArn;
  const [attached, inline, boundary] = await Promise.all([
    attachedPolicies(reader, owner, managed),
    inlinePolicies(reader, owner),
    boundaryArn ? managed.get(boundaryArn, ['permissions-boundary']) : Promise.resolve(undefined),
  ]);
  const tags = tagsOf(role?.Tags);
  return {
    kind: 'role',
    name,
    found: true,
    ...(role?.Arn !== undefined && { arn: role.Arn }),
    ...(role?.Path !== undefined && { path: role.Path }),
    ...(role?.RoleId !== undefined && { id: role.RoleId }),
    ...(tags && { tags }),
    identityPolicies: distinct([...attached, ...inline]),
    ...(boundary && { permissionsBoundary: boundary }),
  };
}

export async function readUser(reader: Reader, name: string, managed: ManagedPolicies): Promise<IdentityRead> {
  const { iam } = reader.clients;
  const got = await reader.attempt(() => reader.call('iam:GetUser', () => iam.send(new GetUserCommand({ UserName: name }))));
  if (!got.ok && NOT_FOUND.has(got.code)) return notFound(reader, 'user', name, got.call, got.reason);
  if (!got.ok) reader.note({ what: `user ${name} (its path, tags and permissions boundary)`, call: got.call, reason: got.reason, affects: ['permissions-boundary', 'context'] });
  const user = got.ok ? got.value.User : undefined;
  const owner: Owner = { kind: 'user', name };
  const boundaryArn = user?.PermissionsBoundary?.PermissionsBoundaryArn;
  const groupPolicies = async (): Promise<{ groups: string[]; policies: NamedPolicy[] }> => {
    const groups = await reader.read(`the groups of user ${name} (and their policies)`, ['identity'], () =>
      reader.pages<string>(async (Marker) => {
        const out = await reader.call('iam:ListGroupsForUser', () => iam.send(new ListGroupsForUserCommand({ UserName: name, Marker })));
        return { items: (out.Groups ?? []).map((g) => g.GroupName).filter((g): g is string => g !== undefined), next: out.IsTruncated ? out.Marker : undefined };
      }),
    );
    const perGroup = await Promise.all(
      (groups ?? []).map(async (g) => {
        const group: Owner = { kind: 'group', name: g };
        const [a, i] = await Promise.all([attachedPolicies(reader, group, managed), inlinePolicies(reader, group)]);
        return [...a, ...i];
      }),
    );
    return { groups: groups ?? [], policies: perGroup.flat() };
  };
  const [attached, inline, fromGroups, boundary] = await Promise.all([
    attachedPolicies(reader, owner, managed),
    inlinePolicies(reader, owner),
    groupPolicies(),
    boundaryArn ? managed.get(boundaryArn, ['permissions-boundary']) : Promise.resolve(undefined),
  ]);
  const tags = tagsOf(user?.Tags);
  return {
    kind: 'user',
    name,
    found: true,
    ...(user?.Arn !== undefined && { arn: user.Arn }),
    ...(user?.Path !== undefined && { path: user.Path }),
    ...(user?.UserId !== undefined && { id: user.UserId }),
    ...(tags && { tags }),
    identityPolicies: distinct([...attached, ...inline, ...fromGroups.policies]),
    ...(boundary && { permissionsBoundary: boundary }),
    groups: fromGroups.groups,
  };
}

const DAY = 86_400_000;

/** A user's access keys: status, creation date and age; the key id only by its last four characters. */
export async function readAccessKeys(reader: Reader, userName: string, now: Date): Promise<AccessKeyFact[] | undefined> {
  const { iam } = reader.clients;
  const keys = await reader.read(`the access keys of user ${userName}`, ['access-keys'], () =>
    reader.pages(async (Marker) => {
      const out = await reader.call('iam:ListAccessKeys', () => iam.send(new ListAccessKeysCommand({ UserName: userName, Marker })));
      return { items: out.AccessKeyMetadata, next: out.IsTruncated ? out.Marker : undefined };
    }),
  );
  return keys?.map((k) => {
    const created = k.CreateDate ?? now;
    return { idEnding: (k.AccessKeyId ?? '').slice(-4), status: k.Status ?? 'Unknown', created: created.toISOString(), ageDays: Math.floor((now.getTime() - created.getTime()) / DAY) };
  });
}
