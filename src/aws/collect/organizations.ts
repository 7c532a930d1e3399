/**
 * AWS Organizations: whether the account is in an organization (DescribeOrganization), its path from the
 * root (ListParents, level by level), and the SCPs or RCPs attached at every level, root first
 * (ListPoliciesForTarget, paginated, then DescribePolicy for each policy). Member accounts usually may not
 * read policies: that is recorded as unreadable, and collection goes on.
 */
import { DescribeOrganizationCommand, DescribePolicyCommand, ListParentsCommand, ListPoliciesForTargetCommand, type PolicySummary } from '@aws-sdk/client-organizations';
import type { NamedPolicy, OrganizationLevel } from '../../scenario/types.js';
import type { Reader } from './reader.js';

export interface OrganizationFacts {
  readonly id: string;
  readonly managementAccount?: string;
  /** ALL, or CONSOLIDATED_BILLING (then no SCP or RCP applies). */
  readonly featureSet?: string;
}

/** undefined: not in an organization; 'unreadable': could not tell. */
export async function readOrganization(reader: Reader): Promise<OrganizationFacts | undefined | 'unreadable'> {
  const got = await reader.attempt(() => reader.call('organizations:DescribeOrganization', () => reader.clients.organizations.send(new DescribeOrganizationCommand({}))));
  if (got.ok) {
    const o = got.value.Organization;
    if (!o?.Id) return undefined;
    return { id: o.Id, ...(o.MasterAccountId !== undefined && { managementAccount: o.MasterAccountId }), ...(o.FeatureSet !== undefined && { featureSet: o.FeatureSet }) };
  }
  if (got.code === 'AWSOrganizationsNotInUseException') return undefined;
  reader.note({ what: 'whether the account is in an organization (and its SCPs and RCPs)', call: got.call, reason: got.reason, affects: ['scp', 'rcp', 'context'] });
  return 'unreadable';
}

type PolicyType = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

/** The organization levels of accounts and the policies attached to each, each read once. */
export class OrganizationReader {
  private readonly paths = new Map<string, Promise<string[] | undefined>>();
  private readonly contents = new Map<string, Promise<NamedPolicy | undefined>>();

  constructor(private readonly reader: Reader) {}

  /** Root first, the account last: `[r-..., ou-..., ..., ACCOUNT]`. */
  path(account: string, what: string, affects: readonly ('scp' | 'rcp')[]): Promise<string[] | undefined> {
    let p = this.paths.get(account);
    if (!p) {
      p = this.reader.read(what, affects, async () => {
        const levels = [account];
        let child = account;
        for (let depth = 0; depth < 10; depth++) {
          const parents = await this.reader.pages(async (NextToken) => {
            const out = await this.reader.call('organizations:ListParents', () => this.reader.clients.organizations.send(new ListParentsCommand({ ChildId: child, NextToken })));
            return { items: out.Parents, next: out.NextToken };
          });
          const parent = parents[0];
          if (!parent?.Id) break;
          levels.unshift(parent.Id);
          if (parent.Type === 'ROOT') break;
          child = parent.Id;
        }
        return levels;
      });
      this.paths.set(account, p);
    }
    return p;
  }

  private content(summary: PolicySummary, type: PolicyType): Promise<NamedPolicy | undefined> {
    const id = summary.Id!;
    let p = this.contents.get(id);
    if (!p) {
      p = this.reader.read(`the ${type === 'SERVICE_CONTROL_POLICY' ? 'SCP' : 'RCP'} ${summary.Name ?? id}`, [type === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp'], async () => {
        const out = await this.reader.call('organizations:DescribePolicy', () => this.reader.clients.organizations.send(new DescribePolicyCommand({ PolicyId: id })));
        const text = out.Policy?.Content ?? '';
        let document: unknown = text;
        try {
          document = JSON.parse(text);
        } catch {
          // the engine reports it
        }
        return { name: summary.Name ?? id, ...(summary.Arn !== undefined && { arn: summary.Arn }), document };
      });
      this.contents.set(id, p);
    }
    return p;
  }

  /**
   * The levels from the root to `account` with the policies of `type` at each. undefined when the type is
   * not enabled; 'unreadable' when any part could not be read (a partial hierarchy would decide wrongly).
   */
  async levels(account: string, type: PolicyType, pathAffects: readonly ('scp' | 'rcp')[]): Promise<OrganizationLevel[] | undefined | 'unreadable'> {
    const label = type === 'SERVICE_CONTROL_POLICY' ? 'service control policies (SCPs)' : 'resource control policies (RCPs)';
    const affects = [type === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp'] as const;
    const policiesOf = pathAffects.length > 1 ? 'SCPs and RCPs' : pathAffects[0] === 'rcp' ? 'RCPs' : 'SCPs';
    const path = await this.path(account, `the organization path of account ${account} (for its ${policiesOf})`, pathAffects);
    if (!path) return 'unreadable';
    let disabled = false;
    let failed = false;
    const levels = await Promise.all(
      path.map(async (target) => {
        const got = await this.reader.attempt(() =>
          this.reader.pages<PolicySummary>(async (NextToken) => {
            const out = await this.reader.call('organizations:ListPoliciesForTarget', () => this.reader.clients.organizations.send(new ListPoliciesForTargetCommand({ TargetId: target, Filter: type, NextToken })));
            return { items: out.Policies, next: out.NextToken };
          }),
        );
        if (!got.ok) {
          if (got.code === 'PolicyTypeNotEnabledException') disabled = true;
          else {
            failed = true;
            this.reader.note({ what: `the ${label} attached to ${target}`, call: got.call, reason: got.reason, affects });
          }
          return undefined;
        }
        const policies = await Promise.all(got.value.filter((s) => s.Id !== undefined).map((s) => this.content(s, type)));
        if (policies.some((p) => p === undefined)) failed = true;
        return { target, policies: policies.filter((p): p is NamedPolicy => p !== undefined) };
      }),
    );
    if (disabled && !failed) return undefined;
    if (failed || levels.some((l) => l === undefined)) return 'unreadable';
    return levels as OrganizationLevel[];
  }
}
