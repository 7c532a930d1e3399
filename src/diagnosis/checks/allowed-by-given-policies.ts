/** The given policies allow the request: the denial comes from something they do not include. */
import { defineCheck } from '../check.js';
import { message } from '../rule.js';

export const allowedByGivenPolicies = defineCheck({
  meta: {
    id: 'allowed-by-given-policies',
    title: 'The given policies allow the request',
    docs: 'docs/checks/allowed-by-given-policies.md',
    severity: 'warning',
    messages: {
      allowed: message(
        (d: { missing: readonly string[]; namedType: string | undefined }, w) =>
          `The policies given allow this request, so the denial comes from a policy they do not include` +
          (d.namedType ? ` (AWS named ${w.policyType(d.namedType)})` : '') +
          (d.missing.length > 0 ? `: not given: ${w.qs(d.missing)}.` : '.'),
      ),
    },
  },
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
    return [{ messageId: 'allowed', data: { missing, namedType: ctx.denial?.policyType } }];
  },
});
