/** The given policies allow the request: the denial comes from something they do not include. */
import type { Check } from '../check.js';

export const allowedByGivenPolicies: Check = {
  id: 'allowed-by-given-policies',
  title: 'The given policies allow the request',
  docs: 'docs/checks/allowed-by-given-policies.md',
  run(ctx) {
    if (ctx.result?.decision !== 'allow' || !ctx.scenario) return [];
    const p = ctx.scenario.policies;
    const missing = [
      !p.scpLevels && 'serviceControlPolicies',
      !p.permissionsBoundary && 'permissionsBoundary',
      !p.session && 'sessionPolicies',
      !p.resource && 'resourcePolicy',
      !p.vpcEndpoint && 'vpcEndpointPolicy',
    ].filter((x): x is string => typeof x === 'string');
    return [{ check: 'allowed-by-given-policies', severity: 'warning', messageId: 'allowed', data: { missing, namedType: ctx.denial?.policyType } }];
  },
};
