/**
 * Loose policies (each with its type) -> the policy fields of a scenario, as `explain --policy/--scp/...`
 * and the MCP `explain` tool take them: identity and session policies add up, each SCP or RCP is one
 * organization level (root first) unless it names the level it shares with others, the others are single.
 */
import type { PolicyType } from '../engine/types.js';
import type { NamedPolicy } from './types.js';
import { own, setOwn } from '../own.js';

export interface GivenPolicy {
  readonly type: PolicyType;
  readonly name: string;
  readonly document: unknown;
  /** For SCPs and RCPs: the organization level it is attached to; policies with the same level share it. Absent: a level of its own. */
  readonly level?: string;
}

/** The scenario's policy slots: where each policy type goes, and its shape (the one list of them). */
export const POLICY_SLOTS: Readonly<Record<PolicyType, readonly [field: string, shape: 'one' | 'many' | 'levels']>> = {
  identity: ['identityPolicies', 'many'],
  'permissions-boundary': ['permissionsBoundary', 'one'],
  session: ['sessionPolicies', 'many'],
  scp: ['serviceControlPolicies', 'levels'],
  rcp: ['resourceControlPolicies', 'levels'],
  resource: ['resourcePolicy', 'one'],
  'vpc-endpoint': ['vpcEndpointPolicy', 'one'],
};

/** The scenario fields that hold policies (identityPolicies, permissionsBoundary, ...). */
export const POLICY_SLOT_FIELDS: readonly string[] = Object.values(POLICY_SLOTS).map(([field]) => field);

/** The slots of one shape, each with its policy type, in the order above. */
export function slotsShaped(shape: 'one' | 'many' | 'levels'): readonly [field: string, type: PolicyType][] {
  return (Object.entries(POLICY_SLOTS) as [PolicyType, readonly [string, string]][]).filter(([, [, s]]) => s === shape).map(([type, [field]]) => [field, type]);
}

/** The scenario with the policies added (a new object; a single-policy field takes the last one given). */
export function withGivenPolicies(scenario: Readonly<Record<string, unknown>> | undefined, policies: readonly GivenPolicy[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...scenario };
  const levels = new Map<string, { target: string; policies: NamedPolicy[] }>();
  for (const p of policies) {
    const [field, shape] = POLICY_SLOTS[p.type];
    const named: NamedPolicy = { name: p.name, document: p.document };
    const before = (own(out, field) as unknown[] | undefined) ?? [];
    if (shape === 'one') setOwn(out, field, named);
    else if (shape === 'many') setOwn(out, field, [...before, named]);
    else {
      const shared = p.level === undefined ? undefined : levels.get(`${p.type}\u0000${p.level}`);
      if (shared) shared.policies.push(named);
      else {
        const level = { target: p.level ?? p.name, policies: [named] };
        if (p.level !== undefined) levels.set(`${p.type}\u0000${p.level}`, level);
        setOwn(out, field, [...before, level]);
      }
    }
  }
  return out;
}
