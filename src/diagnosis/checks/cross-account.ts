/**
 * Principal and resource are in different accounts. Both sides must allow; for a service without
 * resource-based policies (Amazon Connect) that can never happen: assume a role in the resource's account.
 */
import { supportsResourcePolicies } from '../../catalog/resource-policies.js';
import { defineCheck } from '../check.js';
import { message } from '../rule.js';

export const crossAccount = defineCheck({
  meta: {
    id: 'cross-account',
    title: 'The call crosses accounts',
    docs: 'docs/checks/cross-account.md',
    severity: 'error',
    messages: { noResourcePolicies: message(), resourcePolicyNeeded: message() },
  },
  run(ctx) {
    const r = ctx.request;
    if (!r || r.principalAccount === undefined || r.resourceAccount === undefined || r.principalAccount === r.resourceAccount) return [];
    const support = supportsResourcePolicies(r.service);
    const resourceAllows = ctx.result ? !ctx.result.deniedBy.includes('resource') : undefined;
    if (support !== false && resourceAllows === true) return [];
    const data = { principalAccount: r.principalAccount, resourceAccount: r.resourceAccount, service: r.service, action: r.action, principal: r.principal.text };
    const location = { policyType: 'resource' as const };
    // From a message alone, "both sides must allow" is a cause only when AWS named the resource policy.
    const proven = ctx.result !== undefined || support === false || ctx.denial?.policyType === 'resource';
    const severity = proven ? 'error' : 'warning';
    return support === false
      ? [{ messageId: 'noResourcePolicies', severity, data, location, fix: { kind: 'assume-role-in-resource-account', account: r.resourceAccount } }]
      : [{ messageId: 'resourcePolicyNeeded', severity, data, location }];
  },
});
