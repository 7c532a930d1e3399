/** A Deny statement applies: name it and the element that made it apply. */
import { compileWildcard } from '../../policy/wildcard.js';
import { isDetermining } from '../analyze.js';
import { about, defineCheck, type CheckLocation, type FixIntent } from '../check.js';
import { message, type Report, type Words } from '../rule.js';

type Deny = {
  action: string;
  /** The Action pattern that covers the request (denyAction). */
  matchedBy: string | undefined;
  notAction: readonly string[] | undefined;
  /** The statement's conditions, each `operator key values`. */
  conditions: readonly string[];
  target: string | undefined;
  policyArn: string | undefined;
};
type Named = { policyType: string; policyArn: string | undefined; policyName: string | undefined; action: string | undefined };

const conditionsText = (d: Deny) => (d.conditions.length > 0 ? `, and its conditions hold (${d.conditions.join('; ')}).` : '.');
const policyArnText = (d: Deny, w: Words) => (d.policyArn ? ` AWS named the policy ${w.q(d.policyArn)}.` : d.target ? ` (attached at ${w.q(d.target)})` : '');

const messages = {
  denyAction: message((d: Deny, w) => `This Deny applies: its Action ${w.q(d.matchedBy)} covers ${w.q(d.action)}` + conditionsText(d) + policyArnText(d, w)),
  denyNotAction: message((d: Deny, w) => `This Deny applies: its NotAction ${w.qs(d.notAction)} does not exclude ${w.q(d.action)}` + conditionsText(d) + policyArnText(d, w)),
  namedByMessage: message(
    (d: Named, w) =>
      `AWS says ${w.policyType(d.policyType)}${d.policyArn ? ` (${w.q(d.policyArn)}${d.policyName ? `, ${d.policyName}` : ''})` : ''} explicitly ${w.policyType(d.policyType).includes(' policies') ? 'deny' : 'denies'} ${w.q(d.action)}, and no policy given holds that Deny.` +
      (d.policyType === 'scp' ? ' AWS also reports an SCP level with no Allow for the action as an explicit deny.' : ''),
  ),
  unnamedDeny: message(
    (d: { action: string | undefined; policiesGiven: boolean }, w) =>
      `AWS says an explicit deny decided ${w.q(d.action)} but names no policy type${d.policiesGiven ? ', and no Deny statement in the policies given applies' : ''}: ` +
      'no Allow can override it. Look for a Deny statement in the service control policies, the identity policies, the permissions boundary, the session policies and the VPC endpoint policy.',
  ),
};

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
      const data: Named = { policyType: denial.policyType, policyArn: denial.policyArn, policyName: denial.policyName, action: denial.action };
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
