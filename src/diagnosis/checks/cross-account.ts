/**
 * Principal and resource are in different accounts. Both sides must allow; for a service without
 * resource-based policies (Amazon Connect) that can never happen: assume a role in the resource's account.
 */
import { supportsResourcePolicies } from '../../catalog/resource-policies.js';
import type { Check } from '../check.js';

export const crossAccount: Check = {
  id: 'cross-account',
  title: 'The call crosses accounts',
  docs: 'docs/checks/cross-account.md',
  run(ctx) {
    const r = ctx.request;
    if (!r || r.principalAccount === undefined || r.resourceAccount === undefined || r.principalAccount === r.resourceAccount) return [];
    const support = supportsResourcePolicies(r.service);
    const resourceAllows = ctx.result ? !ctx.result.deniedBy.includes('resource') : undefined;
    if (support !== false && resourceAllows === true) return [];
    // From a message alone, "both sides must allow" is a cause only when AWS named the resource policy.
    const proven = ctx.result !== undefined || support === false || ctx.denial?.policyType === 'resource';
    return [
      {
        check: 'cross-account',
        severity: proven ? 'error' : 'warning',
        messageId: support === false ? 'noResourcePolicies' : 'resourcePolicyNeeded',
        data: { principalAccount: r.principalAccount, resourceAccount: r.resourceAccount, service: r.service, action: r.action, principal: r.principal.text },
        policyType: 'resource',
      },
    ];
  },
};
