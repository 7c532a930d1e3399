/**
 * invalid-policy: what AWS itself rejects (the engine's grammar, src/policy/parse.ts): unknown fields,
 * a missing Effect, Principal in an identity policy, unknown condition operators... and the grammar's
 * two warnings (policy variables without Version 2012-10-17, NotPrincipal with Allow).
 */
import { CATALOG_CODES } from '../policy.js';
import { message } from '../../diagnosis/rule.js';
import { PROBLEM_CODES, type ProblemCode } from '../../policy/problems.js';
import { defineRule } from '../types.js';

/** Codes a policy document cannot have (the scenario's and the explain input's), and condition values (the invalid-condition-value rule's). */
const NOT_GRAMMAR = new Set<ProblemCode>(['invalid-scenario', 'invalid-request', 'invalid-context', 'invalid-input', 'missing-resource-policy', 'invalid-condition-value']);
type GrammarCode = Exclude<
  ProblemCode,
  'invalid-action' | 'unknown-service' | 'unknown-action' | 'invalid-resource' | 'malformed-arn' | 'unknown-condition-key' | 'condition-key-not-for-action' | 'invalid-scenario' | 'invalid-request' | 'invalid-context' | 'invalid-input' | 'missing-resource-policy' | 'invalid-condition-value'
>;
const isGrammar = (code: ProblemCode): code is GrammarCode => !CATALOG_CODES.has(code) && !NOT_GRAMMAR.has(code);

/** One message per grammar problem code: the problem's own words are its data. */
const grammar = message((d: { detail: string; hint: string | undefined }, w) => `${w.cap(String(d.detail)).replace(/\.$/, '')}${d.hint ? ` (${String(d.hint)})` : ''}.`);
const GRAMMAR_MESSAGES = Object.fromEntries(PROBLEM_CODES.filter(isGrammar).map((code) => [code, grammar])) as Record<GrammarCode, typeof grammar>;
import { finding } from './shared.js';

const meta = {
  id: 'invalid-policy',
  title: 'The policy breaks the IAM policy grammar',
  severity: 'error',
  docs: 'docs/lint/invalid-policy.md',
  help: 'The document breaks the IAM policy grammar (unknown fields, a missing Effect, Principal in an identity policy, unknown condition operators...): AWS rejects it, or reads it differently than it looks.',
  messages: GRAMMAR_MESSAGES,
} as const;

export const invalidPolicy = defineRule({
  meta,
  run({ policy }) {
    return policy.problems.flatMap((p) => (isGrammar(p.code) ? [finding(meta, p.code, p.pointer, { detail: p.message, hint: p.hint }, undefined, p.severity)] : []));
  },
});
