/**
 * policy-type-grammar: what a policy type forbids beyond the common grammar (src/policy/parse.ts checks
 * Principal per type, Deny-only RCPs...), from IAM Access Analyzer's policy checks
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html):
 * - trust policy: no Resource/NotResource (ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE), no NotPrincipal
 *   (..._NOTPRINCIPAL), no `"Principal": "*"` (ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL), and only
 *   STS actions (IAM: "AssumeRole policy may only specify STS AssumeRole actions");
 * - a policy held by a resource (key policy, bucket, queue, topic policy): only that service's actions
 *   (UNSUPPORTED_ACTION_IN_POLICY);
 * - RCP: Principal only `"*"`, no NotPrincipal (RCP_SYNTAX_ERROR_PRINCIPAL), no NotAction
 *   (RCP_SYNTAX_ERROR_NOTACTION).
 */
import { message } from '../../diagnosis/rule.js';
import { own } from '../../own.js';
import { at } from '../../policy/problems.js';
import { itemPointer } from '../policy.js';
import { defineRule, type RuleFinding } from '../types.js';
import { hasUnknown } from '../unknown.js';
import { finding } from './shared.js';

const HOLDER_WORDS: Readonly<Record<string, string>> = { key: 'KMS key', bucket: 'bucket', queue: 'queue', topic: 'topic', function: 'Lambda function', trust: 'trust' };

const meta = {
  id: 'policy-type-grammar',
  title: 'An element the policy type does not allow',
  severity: 'error',
  docs: 'docs/lint/policy-type-grammar.md',
  help: "What the policy's type does not allow (IAM Access Analyzer's checks per type): Resource, NotPrincipal, `Principal: *` or non-STS actions in a role's trust policy; another service's actions in a key, bucket, queue or topic policy; a Principal other than `*`, NotPrincipal or NotAction in a resource control policy.",
  messages: {
    trustResource: message((d: { field: string }, w) => `A role's trust policy applies to the role it is attached to: it cannot have ${w.q(d.field)}; remove it.`),
    trustNotPrincipal: message((_, w) => `A role's trust policy does not support ${w.q('NotPrincipal')}: name the principals in ${w.q('Principal')}.`),
    trustWildcardPrincipal: message((_, w) => `${w.q('"Principal": "*"')} is not supported in a role's trust policy: name the accounts, roles, services or identity providers that may assume the role.`),
    trustAction: message(
      (d: { action: string }, w) =>
        `${w.q(d.action)} is not an STS action: a role's trust policy may only allow ${w.q('sts:AssumeRole')}, ${w.q('sts:AssumeRoleWithSAML')}, ${w.q('sts:AssumeRoleWithWebIdentity')}, ${w.q('sts:TagSession')}, ${w.q('sts:SetSourceIdentity')} or ${w.q('sts:SetContext')} (the role's permissions go in its identity policies).`,
    ),
    unsupportedAction: message(
      (d: { action: string; holder: string; service: string }, w) =>
        `${w.q(d.action)} is not a ${w.q(d.service)} action, so a ${own(HOLDER_WORDS, d.holder) ?? 'resource'} policy cannot allow or deny it: it only governs the ${w.q(d.service)} resource it is attached to.`,
    ),
    rcpPrincipal: message((d: { field: string }, w) =>
      d.field === 'NotPrincipal' ? `Resource control policies do not support ${w.q('NotPrincipal')}.` : `Resource control policies only support ${w.q('"Principal": "*"')}: select principals with conditions (aws:PrincipalArn, aws:PrincipalOrgID...).`,
    ),
    rcpNotAction: message((_, w) => `Resource control policies do not support ${w.q('NotAction')}: list the actions in ${w.q('Action')}.`),
  },
} as const;

const serviceOf = (action: string) => action.split(':')[0]!.toLowerCase();

export const policyTypeGrammar = defineRule({
  meta,
  run({ policy }) {
    const out: RuleFinding<typeof meta.messages>[] = [];
    const holder = policy.holder;
    for (const s of policy.parsed?.statements ?? []) {
      if (holder?.kind === 'trust') {
        for (const field of ['Resource', 'NotResource'] as const) if (policy.valueAt(at(s.pointer, field)) !== undefined) out.push(finding(meta, 'trustResource', at(s.pointer, field), { field }));
        if (s.notPrincipal) out.push(finding(meta, 'trustNotPrincipal', at(s.pointer, 'NotPrincipal'), {}));
        if (policy.valueAt(at(s.pointer, 'Principal')) === '*') out.push(finding(meta, 'trustWildcardPrincipal', at(s.pointer, 'Principal'), {}));
      }
      if (holder) {
        (s.action ?? []).forEach((action, i) => {
          if (hasUnknown(action) || action === '*' || !action.includes(':') || serviceOf(action) === holder.service) return;
          const pointer = itemPointer(policy, s, 'Action', i);
          if (holder.kind === 'trust') out.push(finding(meta, 'trustAction', pointer, { action }));
          else out.push(finding(meta, 'unsupportedAction', pointer, { action, holder: holder.kind, service: holder.service }));
        });
      }
      if (policy.type === 'rcp') {
        const principal = policy.valueAt(at(s.pointer, 'Principal'));
        if (principal !== undefined && principal !== '*') out.push(finding(meta, 'rcpPrincipal', at(s.pointer, 'Principal'), { field: 'Principal' }));
        if (s.notPrincipal) out.push(finding(meta, 'rcpPrincipal', at(s.pointer, 'NotPrincipal'), { field: 'NotPrincipal' }));
        if (s.notAction) out.push(finding(meta, 'rcpNotAction', at(s.pointer, 'NotAction'), {}));
      }
    }
    return out;
  },
});
