/** No Allow in a policy type that must allow covers the action. */
import type { PolicyType } from '../../engine/types.js';
import type { Check, Finding } from '../check.js';

/** Policy types whose missing allow denies (the resource policy is the cross-account check's business). */
const MUST_ALLOW: readonly PolicyType[] = ['scp', 'identity', 'permissions-boundary', 'session', 'vpc-endpoint'];

export const actionNotAllowed: Check = {
  id: 'action-not-allowed',
  title: 'No Allow statement covers the action',
  docs: 'docs/checks/action-not-allowed.md',
  run(ctx) {
    const { result, request } = ctx;
    if (!result || !request) return [];
    const findings: Finding[] = [];
    for (const type of MUST_ALLOW) {
      if (!result.deniedBy.includes(type)) continue;
      const ofType = ctx.analysis.filter((a) => a.type === type);
      const allows = ofType.filter((a) => a.effect === 'Allow');
      if (allows.some((a) => a.action)) continue; // the action is covered: another check says why it fails
      const excludedBy = allows.filter((a) => a.statement.source.notAction).map((a) => a.statement.label);
      const levels = type === 'scp' ? [...new Set(ofType.map((a) => a.statement.policy.target ?? ''))] : [];
      findings.push({
        check: 'action-not-allowed',
        severity: 'error',
        messageId: allows.length === 0 ? 'noAllowAtAll' : 'actionNotCovered',
        data: { action: request.action, policyType: type, statements: allows.length, excludedBy, levels },
        policyType: type,
      });
    }
    return findings;
  },
};
