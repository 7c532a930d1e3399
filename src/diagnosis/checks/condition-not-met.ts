/**
 * The closest Allow (action and resource match) fails on a condition. Knows the VPC endpoint trap:
 * aws:SourceIp is absent when the call comes through a VPC endpoint, and aws:SourceVpce / aws:SourceVpc
 * are absent when it does not.
 */
import { valueNearMiss } from '../../policy/near-miss.js';
import { about, defineCheck, type FixIntent } from '../check.js';
import { own } from '../../own.js';
import { message, type Words } from '../rule.js';

const ENDPOINT_KEYS = ['aws:sourcevpce', 'aws:sourcevpc', 'aws:vpcsourceip'];

type Data = {
  operator: string;
  key: string;
  policyValues: readonly string[];
  requestValues: readonly string[];
  sourceVpce: string | undefined;
  sourceVpc: string | undefined;
  sourceIp: string | undefined;
  /** [how, policy value, request value] when a policy value nearly is the request's. */
  nearMiss: readonly string[] | undefined;
};

const VALUE_MISS_WORDS: Readonly<Record<string, string>> = {
  case: 'only in letter case (use the exact case, or a case-insensitive operator such as StringEqualsIgnoreCase)',
  type: 'only in type or spacing (a number or boolean written as text; use the operator for its type)',
  format: 'only in format (an ARN against an ID, or an address with and without a CIDR suffix)',
};
function valueMissText(v: readonly string[] | undefined, w: Words): string {
  if (!v || v.length < 3) return '';
  const [kind, policy, request] = v;
  return ` The policy value ${w.q(policy)} differs from ${w.q(request)} ${own(VALUE_MISS_WORDS, kind!) ?? kind}: replace it.`;
}
const condition = (d: Data, w: Words) => `The condition ${w.q(d.operator)} on ${w.q(d.key)} ${w.qs(d.policyValues)} fails`;

export const conditionNotMet = defineCheck({
  meta: {
    id: 'condition-not-met',
    title: 'The closest Allow fails on a condition',
    docs: 'docs/checks/condition-not-met.md',
    severity: 'error',
    messages: {
      sourceIpThroughEndpoint: message(
        (d: Data, w) =>
          `${condition(d, w)} because the call came through a VPC endpoint, where AWS does not set aws:SourceIp. ` +
          `Use ${d.sourceVpce ? `aws:SourceVpce (${w.q(d.sourceVpce)})` : 'aws:SourceVpce'} or aws:SourceVpc instead.`,
      ),
      endpointKeyWithoutEndpoint: message((d: Data, w) => `${condition(d, w)} because the call did not come through a VPC endpoint (it came from ${w.q(d.sourceIp)}), so ${w.q(d.key)} is absent.`),
      keyAbsent: message((d: Data, w) => `${condition(d, w)}: the request has no ${w.q(d.key)}.`),
      valueMismatch: message((d: Data, w) => `${condition(d, w)}: the request has ${w.qs(d.requestValues)}.` + valueMissText(d.nearMiss, w)),
    },
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
