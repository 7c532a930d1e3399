/**
 * A lint fix is offered for automatic application (the `fix:` line, SARIF `fixes`) only when src/proof/
 * shows that the fixed statement allows no request beyond what the statement allowed before and what the
 * rule reads as its author's intent (SuggestedFix.intent: `instance/A` meant things in instance A, a typo
 * meant the action it resembles). Otherwise the fix becomes a suggestion, with placeholders where the file
 * does not say, and the request it would also allow.
 *
 * Only the changed statement is compared: a policy allows the union of its Allow statements less the union
 * of its Deny statements, so a statement that allows no more (an Allow) or denies no less (a Deny, put
 * behind an allow-all statement for the comparison) leaves the policy allowing no more.
 */
import { namesPrincipals } from '../engine/types.js';
import { parsePolicy } from '../policy/parse.js';
import { pointerSegments, Problems, valueAt } from '../policy/problems.js';
import { diffPolicies, type Undecided } from '../proof/diff.js';
import type { LintPolicy, SuggestedFix } from './types.js';
import { isWhollyUnknown } from './unknown.js';
import { own, setOwn } from '../own.js';

export interface FixProof {
  /** proven: the fix allows nothing beyond the statement and its intent; refuted: `grants` shows what more. */
  readonly proof: 'proven' | 'refuted' | 'undecided';
  /** Requests the fix would newly allow beyond the intent (`action on resource`), each confirmed by simulate(). */
  readonly grants: readonly string[];
  /** Why the proof could not decide (data: src/render/proof.ts words it). */
  readonly undecided: readonly Undecided[];
}

/** Policy types whose statements name the caller. */

/** A copy of a JSON value with the value at `pointer` replaced. */
function replaced(document: unknown, pointer: string, value: unknown): unknown {
  const segs = pointerSegments(pointer);
  const walk = (v: unknown, i: number): unknown => {
    if (i === segs.length) return value;
    const seg = segs[i]!;
    if (Array.isArray(v)) return v.map((x, j) => (String(j) === seg ? walk(x, i + 1) : x));
    if (typeof v === 'object' && v !== null) return { ...(v as Record<string, unknown>), [seg]: walk(valueAt(v, [seg]), i + 1) };
    return v;
  };
  return walk(document, 0);
}

/**
 * A Resource known only at deployment (`!GetAtt Logs.Arn`) as an ARN that matches only itself: the same
 * unknown ARN on both sides, distinct from every ARN the policy writes out.
 */
function unknownAsArn(statement: unknown): unknown {
  if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) return statement;
  const out: Record<string, unknown> = { ...(statement as Record<string, unknown>) };
  const one = (x: unknown) => (typeof x === 'string' && isWhollyUnknown(x) ? `arn:aws:whydenied-unknown:::${x}` : x);
  for (const field of ['Resource', 'NotResource']) {
    const v = own(out, field);
    if (v !== undefined) setOwn(out, field, Array.isArray(v) ? v.map(one) : one(v));
  }
  return out;
}

/** The statement alone as a policy; a Deny behind an allow-all statement (else it decides nothing). */
function alone(policy: LintPolicy, written: unknown, effect: 'Allow' | 'Deny'): unknown {
  const statement = unknownAsArn(written);
  const version = policy.valueAt('/Version');
  const allowAll = { Effect: 'Allow', Action: '*', Resource: '*', ...(namesPrincipals(policy.type) && { Principal: '*' }) };
  return { ...(version !== undefined && { Version: version }), Statement: effect === 'Deny' ? [allowAll, statement] : [statement] };
}

export function proveFix(policy: LintPolicy, fix: SuggestedFix): FixProof {
  const statement = policy.parsed?.statements.find((s) => fix.pointer === s.pointer || fix.pointer.startsWith(`${s.pointer}/`));
  if (!statement) return { proof: 'undecided', grants: [], undecided: [{ messageId: 'fixOutsideStatement', data: {} }] };
  const fixed = replaced(policy.document, fix.pointer, fix.value);
  const before = alone(policy, policy.valueAt(statement.pointer), statement.effect);
  const after = alone(policy, valueAt(fixed, statement.pointer), statement.effect);
  const problems = new Problems();
  parsePolicy(after, policy.type, policy.name, '', problems);
  if (problems.hasErrors) return { proof: 'undecided', grants: [], undecided: [{ messageId: 'fixDoesNotParse', data: {} }] };
  try {
    const result = diffPolicies(before, after, policy.type, { ...(fix.intent && { intended: fix.intent }) });
    const grants = [...result.newlyAllowed, ...result.futureActions].map((d) => `${d.action} on ${d.resource}`);
    const { undecided } = result;
    return { proof: grants.length > 0 ? 'refuted' : undecided.length > 0 ? 'undecided' : 'proven', grants, undecided };
  } catch (error) {
    return { proof: 'undecided', grants: [], undecided: [{ messageId: 'proofFailed', data: { error: error instanceof Error ? error.message : String(error) } }] };
  }
}
