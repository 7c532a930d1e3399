/**
 * Loose policies (each with its type) -> the policy fields of a scenario, as `explain --policy/--scp/...`
 * and the MCP `explain` tool take them: identity and session policies add up, each SCP or RCP is one
 * organization level (root first), the others are single.
 */
import type { PolicyType } from '../engine/types.js';
import type { NamedPolicy } from './types.js';

export interface GivenPolicy {
  readonly type: PolicyType;
  readonly name: string;
  readonly document: unknown;
}

const PLACES: Readonly<Record<PolicyType, readonly [field: string, shape: 'one' | 'many' | 'levels']>> = {
  identity: ['identityPolicies', 'many'],
  'permissions-boundary': ['permissionsBoundary', 'one'],
  session: ['sessionPolicies', 'many'],
  scp: ['serviceControlPolicies', 'levels'],
  rcp: ['resourceControlPolicies', 'levels'],
  resource: ['resourcePolicy', 'one'],
  'vpc-endpoint': ['vpcEndpointPolicy', 'one'],
};

/** The scenario with the policies added (a new object; a single-policy field takes the last one given). */
export function withGivenPolicies(scenario: Readonly<Record<string, unknown>> | undefined, policies: readonly GivenPolicy[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...scenario };
  for (const p of policies) {
    const [field, shape] = PLACES[p.type];
    const named: NamedPolicy = { name: p.name, document: p.document };
    if (shape === 'one') out[field] = named;
    else if (shape === 'many') out[field] = [...((out[field] as unknown[] | undefined) ?? []), named];
    else out[field] = [...((out[field] as unknown[] | undefined) ?? []), { target: p.name, policies: [named] }];
  }
  return out;
}
