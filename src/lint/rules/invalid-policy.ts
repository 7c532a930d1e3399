/**
 * invalid-policy: what AWS itself rejects (the engine's grammar, src/policy/parse.ts): unknown fields,
 * a missing Effect, Principal in an identity policy, unknown condition operators... and the grammar's
 * two warnings (policy variables without Version 2012-10-17, NotPrincipal with Allow).
 */
import { CATALOG_CODES } from '../policy.js';
import type { LintRule } from '../types.js';
import { finding } from './shared.js';

const meta = { id: 'invalid-policy', title: 'The policy breaks the IAM policy grammar', severity: 'error', docs: 'docs/lint/invalid-policy.md' } as const;

export const invalidPolicy: LintRule = {
  meta,
  run(policy) {
    return policy.problems
      .filter((p) => !CATALOG_CODES.has(p.code))
      .map((p) => finding(meta, p.code, p.pointer, { detail: p.message, hint: p.hint }, undefined, p.severity));
  },
};
