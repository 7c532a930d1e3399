/**
 * `--policy-type`: what kind of policy a document is, which decides its grammar (Access Analyzer's
 * ValidatePolicy checks differ per type). The engine knows seven types; a role's trust policy and a KMS
 * key policy are resource-based policies whose holder adds its own rules (./rules/policy-type-grammar.ts).
 * When the type is not given, a document whose statements name a Principal is a resource-based policy
 * (a trust policy when it allows assuming a role and names no Resource), else an identity-based policy.
 */
import type { PolicyType } from '../engine/types.js';
import type { PolicyHolder } from './types.js';

export const LINT_POLICY_TYPES = ['identity', 'resource', 'trust', 'scp', 'rcp', 'boundary', 'session', 'vpc-endpoint', 'key'] as const;
export type LintPolicyType = (typeof LINT_POLICY_TYPES)[number];

/** The engine's type and the holder of a lint policy type. */
export function typeOf(type: LintPolicyType): { type: PolicyType; holder?: PolicyHolder } {
  switch (type) {
    case 'trust':
      return { type: 'resource', holder: { kind: 'trust', service: 'sts' } };
    case 'key':
      return { type: 'resource', holder: { kind: 'key', service: 'kms' } };
    case 'boundary':
      return { type: 'permissions-boundary' };
    default:
      return { type };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** The type a document's own shape tells (`--policy-type` absent). */
export function guessPolicyType(document: unknown): LintPolicyType {
  if (!isObject(document)) return 'identity';
  const statements = list(document['Statement']).filter(isObject);
  const named = statements.filter((s) => s['Principal'] !== undefined || s['NotPrincipal'] !== undefined);
  if (named.length === 0) return 'identity';
  // Every other resource-based policy names its resources; a trust policy cannot.
  const noResource = statements.every((s) => s['Resource'] === undefined && s['NotResource'] === undefined);
  const assumes = statements.some((s) => list(s['Action']).some((a) => typeof a === 'string' && /^sts:AssumeRole/i.test(a)));
  return noResource && assumes ? 'trust' : 'resource';
}
