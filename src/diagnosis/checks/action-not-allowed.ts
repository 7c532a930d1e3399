/** No Allow in a policy type that must allow covers the action. */
import type { PolicyType } from '../../engine/types.js';
import type { StatementAnalysis } from '../analyze.js';
import { defineCheck, type DiagnosisContext } from '../check.js';
import { message, type Words } from '../rule.js';

/** Policy types whose missing allow denies (the resource policy is the cross-account check's business). */
const MUST_ALLOW: readonly PolicyType[] = ['scp', 'identity', 'permissions-boundary', 'session', 'vpc-endpoint'];

/**
 * The statements that must, together, allow: for SCPs each organization level on its own (a level without
 * an Allow denies even when another level allows everything), else all the policies of the type.
 */
function groups(ctx: DiagnosisContext, type: PolicyType): { statements: StatementAnalysis[]; level?: string }[] {
  const ofType = ctx.analysis.filter((a) => a.type === type);
  const levels = type === 'scp' ? ctx.scenario?.policies.scpLevels : undefined;
  if (!levels) return [{ statements: ofType }];
  return levels.map((level, i) => ({ statements: ofType.filter((a) => level.includes(a.statement.policy)), level: level[0]?.target ?? `level ${i + 1}` }));
}

type Data = { action: string; policyType: PolicyType; statements: number; excludedBy: readonly string[]; levels: readonly string[] };

/** The policies that must allow: for SCPs, the organization level that lacks the Allow. */
function mustAllow(d: Data, w: Words): string {
  return d.policyType === 'scp' && d.levels.length > 0 ? `the service control policies at ${w.qs(d.levels)}` : w.policyType(d.policyType);
}

export const actionNotAllowed = defineCheck({
  meta: {
    id: 'action-not-allowed',
    title: 'No Allow statement covers the action',
    docs: 'docs/checks/action-not-allowed.md',
    severity: 'error',
    messages: {
      noAllowAtAll: message((d: Data, w) => `${w.cap(mustAllow(d, w))} ${mustAllow(d, w).includes(' policies') ? 'have' : 'has'} no Allow statement at all: nothing allows ${w.q(d.action)}.`),
      actionNotCovered: message(
        (d: Data, w) =>
          `No Allow statement in ${mustAllow(d, w)} covers ${w.q(d.action)}` +
          (d.excludedBy.length > 0 ? ` (NotAction in ${w.qs(d.excludedBy)} excludes it)` : '') +
          (d.policyType === 'permissions-boundary' ? '; a boundary grants nothing but must allow every action the role uses.' : '.'),
      ),
      notAmongRead: message(
        (d: Data, w) =>
          `No Allow statement among the ${mustAllow(d, w).replace(/^the /, '')} that could be read covers ${w.q(d.action)}; some could not be read, so whether they allow it is unknown: the decision depends on what could not be read.`,
      ),
    },
  },
  run(ctx) {
    const { result, request } = ctx;
    if (!result || !request) return [];
    const findings = [];
    for (const type of MUST_ALLOW) {
      if (!result.deniedBy.includes(type)) continue;
      for (const { statements, level } of groups(ctx, type)) {
        const allows = statements.filter((a) => a.effect === 'Allow');
        if (allows.some((a) => a.action)) continue; // the action is covered: another check says why it fails
        const excludedBy = allows.filter((a) => a.statement.source.notAction).map((a) => a.statement.label);
        // Some policies of this type could not be read: what was read allows nothing, what was not is unknown.
        if (ctx.unread?.includes(type)) {
          findings.push({
            messageId: 'notAmongRead' as const,
            severity: 'warning' as const,
            data: { action: request.action, policyType: type, statements: allows.length, excludedBy, levels: level === undefined ? [] : [level] },
            location: { policyType: type },
          });
          continue;
        }
        findings.push({
          messageId: allows.length === 0 ? ('noAllowAtAll' as const) : ('actionNotCovered' as const),
          data: { action: request.action, policyType: type, statements: allows.length, excludedBy, levels: level === undefined ? [] : [level] },
          location: { policyType: type },
          fix: { kind: 'grant' as const, policyType: type },
        });
      }
    }
    return findings;
  },
});
