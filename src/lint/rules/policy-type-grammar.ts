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
import { at } from '../../policy/problems.js';
import { itemPointer } from '../policy.js';
import { defineRule, type RuleFinding } from '../types.js';
import { hasUnknown } from '../unknown.js';
import { finding } from './shared.js';

const meta = {
  id: 'policy-type-grammar',
  title: 'An element the policy type does not allow',
  severity: 'error',
  docs: 'docs/lint/policy-type-grammar.md',
  messages: {
    trustResource: message<{ field: string }>(),
    trustNotPrincipal: message(),
    trustWildcardPrincipal: message(),
    trustAction: message<{ action: string }>(),
    unsupportedAction: message<{ action: string; holder: string; service: string }>(),
    rcpPrincipal: message<{ field: string }>(),
    rcpNotAction: message(),
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
