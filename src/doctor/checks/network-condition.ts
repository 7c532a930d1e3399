/** The chat statements tie calls to the backend's network (aws:SourceVpce, aws:SourceIp...), and correctly. */
import { wildcardMatch } from '../../policy/wildcard.js';
import { defineDoctorCheck, doctorMessage, NETWORK_KEYS, statementNames, statementsData, type Statements } from '../check.js';

const NETWORK_FIX =
  'Add a condition to the chat statement: "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-…"}} when the backend calls Amazon Connect through an interface VPC endpoint, ' +
  'or {"IpAddress": {"aws:SourceIp": ["NAT-IP/32"]}} when it calls over the internet from fixed addresses.';

export const networkCondition = defineDoctorCheck({
  meta: {
    id: 'network-condition',
    title: "Calls tied to the backend's network",
    summary: "calls are tied to the backend's network (an aws:SourceVpce or aws:SourceIp condition)",
    docs: 'docs/doctor/network-condition.md',
    severity: 'warn',
    messages: {
      bound: doctorMessage((d: { keys: readonly string[] }, w) => ({ message: `The chat statements require the backend's network (${w.qs(d.keys)}).` })),
      unbound: doctorMessage((d: Statements, w) => ({
        message: `${w.qs(statementNames(d))} allow${statementNames(d).length === 1 ? 's' : ''} StartChatContact from anywhere: leaked credentials could start chats from any network.`,
        fix: NETWORK_FIX,
      })),
      noStatement: doctorMessage(() => ({ message: 'No statement allows StartChatContact on this flow: nothing to check.' })),
      sourceIpThroughEndpoint: doctorMessage((d: Statements, w) => ({
        message: `${w.qs(statementNames(d))} test${statementNames(d).length === 1 ? 's' : ''} aws:SourceIp, but calls through a VPC endpoint carry no public source IP, so the condition never holds.`,
        fix: 'Use "StringEquals": {"aws:SourceVpce": "vpce-…"} (or aws:VpcSourceIp) for calls through the endpoint.',
      })),
    },
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
