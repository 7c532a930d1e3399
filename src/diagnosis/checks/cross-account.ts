/**
 * Principal and resource are in different accounts. Both sides must allow; for a service without
 * resource-based policies (Amazon Connect) that can never happen: assume a role in the resource's account.
 */
import { supportsResourcePolicies } from '../../catalog/resource-policies.js';
import { defineCheck } from '../check.js';
import { message } from '../rule.js';

type Data = { principalAccount: string; resourceAccount: string; service: string; action: string; principal: string };

export const crossAccount = defineCheck({
  meta: {
    id: 'cross-account',
    title: 'The call crosses accounts',
    docs: 'docs/checks/cross-account.md',
    severity: 'error',
    messages: {
      noResourcePolicies: message(
        (d: Data, w) =>
          `The principal is in account ${w.q(d.principalAccount)} and the resource in ${w.q(d.resourceAccount)}; ${w.q(d.service)} has no resource-based policies, so no policy edit can allow this. ` +
          `Assume a role in account ${w.q(d.resourceAccount)} that allows ${w.q(d.action)}, and call from there.`,
      ),
      resourcePolicyNeeded: message(
        (d: Data, w) =>
          `The principal is in account ${w.q(d.principalAccount)} and the resource in ${w.q(d.resourceAccount)}: cross-account calls need an Allow in the caller's identity policy and in the resource's policy.`,
      ),
    },
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
