/** The chat statements tie calls to the backend's network (aws:SourceVpce, aws:SourceIp...), and correctly. */
import { message } from '../../diagnosis/rule.js';
import { wildcardMatch } from '../../policy/wildcard.js';
import { defineDoctorCheck, NETWORK_KEYS, statementsData, type Statements } from '../check.js';

export const networkCondition = defineDoctorCheck({
  meta: {
    id: 'network-condition',
    title: "Calls tied to the backend's network",
    docs: 'docs/commands/doctor.md',
    severity: 'warn',
    messages: { bound: message<{ keys: readonly string[] }>(), unbound: message<Statements>(), noStatement: message<Record<string, never>>(), sourceIpThroughEndpoint: message<Statements>() },
  },
  run({ statements, where, context }) {
    const flowArn = where.flow?.arn;
    // The statements that would allow this flow (all chat statements when no flow is given).
    const relevant = flowArn ? statements.filter((s) => (s.notResource ? !s.resources.some((r) => wildcardMatch(r, flowArn)) : s.resources.some((r) => wildcardMatch(r, flowArn)))) : statements;
    if (relevant.length === 0) return [{ severity: 'warn', messageId: 'noStatement', data: {} }];
    const unbound = relevant.filter((s) => !s.conditionKeys.some((k) => NETWORK_KEYS.includes(k)));
    const viaEndpoint = Object.keys(context).some((k) => k.toLowerCase() === 'aws:sourcevpce');
    const ipThroughEndpoint = viaEndpoint ? relevant.filter((s) => s.conditionKeys.includes('aws:sourceip')) : [];
    if (ipThroughEndpoint.length > 0) return [{ severity: 'fail', messageId: 'sourceIpThroughEndpoint', data: statementsData(ipThroughEndpoint) }];
    if (unbound.length > 0) return [{ severity: 'warn', messageId: 'unbound', data: statementsData(unbound) }];
    return [{ severity: 'pass', messageId: 'bound', data: { keys: [...new Set(relevant.flatMap((s) => s.conditionKeys.filter((k) => NETWORK_KEYS.includes(k))))] } }];
  },
});
