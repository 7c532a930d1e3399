/** A Deny statement applies: name it and the element that made it apply. */
import { compileWildcard } from '../../policy/wildcard.js';
import { isDetermining } from '../analyze.js';
import { about, defineCheck, type CheckLocation, type FixIntent } from '../check.js';
import { message, type MessageData, type Report } from '../rule.js';

const messages = { denyAction: message(), denyNotAction: message(), namedByMessage: message(), unnamedDeny: message() };

export const explicitDeny = defineCheck({
  meta: { id: 'explicit-deny', title: 'A Deny statement applies', docs: 'docs/checks/explicit-deny.md', severity: 'error', messages },
  run(ctx) {
    const { request, denial } = ctx;
    const findings: Report<typeof messages, CheckLocation | undefined, FixIntent>[] = [];
    if (request && ctx.result) {
      const { decision, determining } = ctx.result;
      for (const a of ctx.analysis) {
        // The engine names the Denies that decided: no matcher is run again here.
        if (decision !== 'explicit-deny' || a.effect !== 'Deny' || !isDetermining(a, determining)) continue;
        const s = a.statement.source;
        const matchedBy = s.action?.find((p) => compileWildcard(p.toLowerCase()).matches(request.actionLower));
        findings.push({
          messageId: s.notAction ? 'denyNotAction' : 'denyAction',
          data: {
            action: request.action,
            matchedBy,
            notAction: s.notAction,
            conditions: a.statement.conditions.map((c) => `${c.operator.text} ${c.key} ${c.values.join(', ')}`),
            target: a.statement.policy.target,
            policyArn: a.type === 'scp' && denial?.policyType === 'scp' ? denial.policyArn : undefined,
          },
          location: about(a),
          ...(a.type === 'scp' && { fix: { kind: 'scp-exception', statement: a } }),
        });
      }
    }
    // The message proves an explicit deny in a policy the scenario does not hold. AWS reports an SCP level
    // without an Allow as an explicit deny too: given SCPs that deny already explain the message.
    const explained = denial?.policyType === 'scp' && ctx.result?.deniedBy.includes('scp') === true;
    if (denial?.explicit && denial.policyType && denial.policyType !== 'role-trust' && !explained && !findings.some((f) => f.location?.policyType === denial.policyType)) {
      const data: MessageData = { policyType: denial.policyType, policyArn: denial.policyArn, policyName: denial.policyName, action: denial.action };
      findings.push({
        messageId: 'namedByMessage',
        data,
        location: { policyType: denial.policyType, ...(denial.policyName !== undefined || denial.policyArn !== undefined ? { policy: denial.policyName ?? denial.policyArn } : {}) },
      });
    }
    // "with an explicit deny" and no policy type (older messages, Amazon Connect): a Deny applies somewhere.
    // `connect:* on resource: *` is not-a-policy-decision's case.
    const connectStar = /^connect:\*$/i.test(denial?.action ?? '') && (denial?.resource === undefined || denial.resource === '*');
    if (denial?.explicit && !denial.policyType && !connectStar && findings.length === 0) {
      findings.push({ messageId: 'unnamedDeny', severity: 'warning', data: { action: denial.action, policiesGiven: ctx.scenario !== undefined } });
    }
    return findings;
  },
});
