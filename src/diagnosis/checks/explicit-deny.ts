/** A Deny statement applies: name it and the element that made it apply. */
import { compileWildcard } from '../../policy/wildcard.js';
import { about, type Check, type Finding } from '../check.js';

export const explicitDeny: Check = {
  id: 'explicit-deny',
  title: 'A Deny statement applies',
  docs: 'docs/checks/explicit-deny.md',
  run(ctx) {
    const { request, denial } = ctx;
    const findings: Finding[] = [];
    if (request && ctx.result) {
      for (const a of ctx.analysis) {
        if (a.effect !== 'Deny' || !a.applies || !ctx.result.deniedBy.includes(a.type)) continue;
        const s = a.statement.source;
        const matchedBy = s.action?.find((p) => compileWildcard(p.toLowerCase()).matches(request.actionLower));
        findings.push({
          check: 'explicit-deny',
          severity: 'error',
          messageId: s.notAction ? 'denyNotAction' : 'denyAction',
          data: {
            action: request.action,
            matchedBy,
            notAction: s.notAction,
            conditions: a.statement.conditions.map((c) => `${c.operator.text} ${c.key} ${c.values.join(', ')}`),
            target: a.statement.policy.target,
            policyArn: a.type === 'scp' && denial?.policyType === 'scp' ? denial.policyArn : undefined,
          },
          ...about(a),
        });
      }
    }
    // The message proves an explicit deny in a policy the scenario does not hold. AWS reports an SCP level
    // without an Allow as an explicit deny too: given SCPs that deny already explain the message.
    const explained = denial?.policyType === 'scp' && ctx.result?.deniedBy.includes('scp') === true;
    if (denial?.explicit && denial.policyType && denial.policyType !== 'role-trust' && !explained && !findings.some((f) => f.policyType === denial.policyType)) {
      findings.push({
        check: 'explicit-deny',
        severity: 'error',
        messageId: 'namedByMessage',
        data: { policyType: denial.policyType, policyArn: denial.policyArn, policyName: denial.policyName, action: denial.action },
        policyType: denial.policyType,
        ...(denial.policyName !== undefined || denial.policyArn !== undefined ? { policy: denial.policyName ?? denial.policyArn } : {}),
      });
    }
    // "with an explicit deny" and no policy type (older messages, Amazon Connect): a Deny applies somewhere.
    // `connect:* on resource: *` is not-a-policy-decision's case.
    const connectStar = /^connect:\*$/i.test(denial?.action ?? '') && (denial?.resource === undefined || denial.resource === '*');
    if (denial?.explicit && !denial.policyType && !connectStar && findings.length === 0) {
      findings.push({
        check: 'explicit-deny',
        severity: 'warning',
        messageId: 'unnamedDeny',
        data: { action: denial.action, policiesGiven: ctx.scenario !== undefined },
      });
    }
    return findings;
  },
};
