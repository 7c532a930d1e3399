/**
 * No fix that another check would flag: every fix document goes through `whydenied lint`'s rules before it
 * is offered. A finding the fix brings (on a statement it added or changed, one the policy before it did not
 * have) keeps it from being called verified; the findings the policy already had are the user's.
 */
import { lintPolicies } from '../lint/lint.js';
import type { LintFinding } from '../lint/types.js';
import type { Fix, FixLintFinding, PolicyDocument } from '../remedy/fix.js';

function lint(document: PolicyDocument, fix: Fix): LintFinding[] {
  const source = { type: fix.policyType, name: fix.holder.name, document, pointer: '', embedded: false, scope: [fix.target] };
  return lintPolicies(fix.holder.name, [source]).findings;
}

const key = (f: LintFinding) => `${f.rule}\u0000${f.messageId}\u0000${JSON.stringify(f.data)}`;

/**
 * The fix with the lint findings it brings; flagged, it is not verified. A finding about the requested
 * resource itself (an ARN in AWS's documentation account, say) is about the request, not about the fix:
 * naming exactly that resource is the fix's job.
 */
export function lintedFix(fix: Fix, resource: string | undefined): Fix {
  const aboutRequest = (f: LintFinding) => resource !== undefined && resource !== '*' && Object.values(f.data).some((v) => (Array.isArray(v) ? v : [v]).some((x) => x === resource));
  // Statements the fix added or changed: a finding on an unchanged statement is the policy's own.
  const old = fix.before?.Statement ?? [];
  const changed = (pointer: string) => {
    const index = /^\/Statement\/(\d+)(\/|$)/.exec(pointer)?.[1];
    return index === undefined || JSON.stringify(old[Number(index)]) !== JSON.stringify(fix.document.Statement[Number(index)]);
  };
  const after = lint(fix.document, fix);
  // Nothing on what the fix changed: nothing it could bring, so the policy before need not be linted.
  if (!after.some((f) => !aboutRequest(f) && changed(f.location.documentPointer))) return fix;
  const before = new Map<string, number>();
  for (const f of fix.before ? lint(fix.before, fix) : []) before.set(key(f), (before.get(key(f)) ?? 0) + 1);
  const brought: FixLintFinding[] = [];
  for (const f of after) {
    const left = before.get(key(f)) ?? 0;
    if (left > 0) before.set(key(f), left - 1);
    else if (aboutRequest(f) || !changed(f.location.documentPointer)) continue;
    else brought.push({ rule: f.rule, severity: f.severity, messageId: f.messageId, data: f.data, pointer: f.location.documentPointer, ...(f.location.statement !== undefined && { statement: f.location.statement }) } as FixLintFinding);
  }
  if (brought.length === 0) return fix;
  return { ...fix, verified: false, lint: brought };
}
