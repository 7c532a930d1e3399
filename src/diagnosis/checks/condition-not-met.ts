/**
 * The closest Allow (action and resource match) fails on a condition. Knows the VPC endpoint trap:
 * aws:SourceIp is absent when the call comes through a VPC endpoint, and aws:SourceVpce / aws:SourceVpc
 * are absent when it does not.
 */
import { valueNearMiss } from '../../policy/near-miss.js';
import { about, defineCheck, type FixIntent } from '../check.js';
import { message } from '../rule.js';

const ENDPOINT_KEYS = ['aws:sourcevpce', 'aws:sourcevpc', 'aws:vpcsourceip'];

export const conditionNotMet = defineCheck({
  meta: {
    id: 'condition-not-met',
    title: 'The closest Allow fails on a condition',
    docs: 'docs/checks/condition-not-met.md',
    severity: 'error',
    messages: { sourceIpThroughEndpoint: message(), endpointKeyWithoutEndpoint: message(), keyAbsent: message(), valueMismatch: message() },
  },
  run(ctx) {
    const { result, request } = ctx;
    if (!result || !request) return [];
    const throughEndpoint = ENDPOINT_KEYS.some((k) => request.context.has(k)) || ctx.scenario?.policies.vpcEndpoint !== undefined;
    const findings = [];
    for (const a of ctx.analysis) {
      if (a.effect !== 'Allow' || !a.action || !a.resource || !a.principal || a.failedConditions.length === 0) continue;
      if (!result.deniedBy.includes(a.type)) continue;
      for (const c of a.failedConditions) {
        const key = c.key.toLowerCase();
        const values = request.context.get(key);
        const absent = values === undefined || values.length === 0;
        const ipThroughEndpoint = absent && key === 'aws:sourceip' && throughEndpoint;
        const endpointKeyWithout = !ipThroughEndpoint && absent && ENDPOINT_KEYS.includes(key) && request.context.has('aws:sourceip');
        const sourceVpce = request.context.get('aws:sourcevpce')?.[0];
        const fix: FixIntent = ipThroughEndpoint
          ? { kind: 'use-source-vpce', policyType: a.type, closest: a, ...(sourceVpce !== undefined && { sourceVpce }) }
          : { kind: 'grant', policyType: a.type, closest: a, failing: 'condition' };
        findings.push({
          messageId: ipThroughEndpoint ? ('sourceIpThroughEndpoint' as const) : endpointKeyWithout ? ('endpointKeyWithoutEndpoint' as const) : absent ? ('keyAbsent' as const) : ('valueMismatch' as const),
          data: {
            operator: c.operator.text,
            key: c.key,
            policyValues: c.values,
            requestValues: values ?? [],
            sourceVpce,
            sourceVpc: request.context.get('aws:sourcevpc')?.[0],
            sourceIp: request.context.get('aws:sourceip')?.[0],
            // A policy value that nearly is the request's: which way it differs (case, type, format).
            nearMiss: absent ? undefined : c.values.flatMap((pv) => (values ?? []).flatMap((rv) => { const m = valueNearMiss(pv, rv); return m ? [`${m}`, pv, rv] : []; })).slice(0, 3),
          },
          location: about(a),
          fix,
        });
      }
    }
    return findings;
  },
});
