/**
 * source-ip-with-vpc-endpoint: a policy requires aws:SourceIp (Allow with IpAddress, or Deny with
 * NotIpAddress) and also speaks of VPC endpoints (aws:SourceVpce, aws:SourceVpc, aws:VpcSourceIp, a
 * `vpce-` or `vpc-` ID, or it is, or sits beside, a VPC endpoint policy). Requests through a VPC
 * endpoint carry no aws:SourceIp, so those calls fail the condition: use aws:VpcSourceIp or the endpoint
 * keys for them.
 */
import { message, type Words } from '../../diagnosis/rule.js';
import { defineRule, type LintPolicy, type RuleFinding } from '../types.js';
import { finding } from './shared.js';

/** `mention`: what speaks of VPC endpoints (an endpoint policy, a condition key, an endpoint or VPC ID). */
type Data = { key: string; operator: string; mention: string; ranges: readonly string[] };
function mention(d: Data, w: Words): string {
  const m = String(d.mention);
  if (m === 'endpointPolicy') return 'this is a VPC endpoint policy';
  if (m === 'endpointPolicyBeside') return 'the scenario has a VPC endpoint policy';
  if (m.includes(':')) return `the policy also uses ${w.q(m)}`;
  return `the policy also names the VPC endpoint or VPC ${w.q(m)}`;
}

const meta = {
  id: 'source-ip-with-vpc-endpoint',
  title: 'aws:SourceIp required where calls come through VPC endpoints',
  severity: 'warning',
  docs: 'docs/lint/source-ip-with-vpc-endpoint.md',
  help: 'The policy requires aws:SourceIp and also speaks of VPC endpoints; requests through a VPC endpoint carry no aws:SourceIp, so they fail the condition.',
  messages: {
    allowNeedsSourceIp: message(
      (d: Data, w) =>
        `This Allow requires ${w.q(d.key)} (${w.q(d.operator)} ${w.qs(d.ranges)}), but ${mention(d, w)}: requests through a VPC endpoint carry no aws:SourceIp, so they are never allowed. Use aws:VpcSourceIp, aws:SourceVpce or aws:SourceVpc for them.`,
    ),
    denyWithoutSourceIp: message(
      (d: Data, w) =>
        `This Deny applies when ${w.q(d.key)} is not in ${w.qs(d.ranges)}, but ${mention(d, w)}: requests through a VPC endpoint carry no aws:SourceIp, so they are always denied. Use aws:VpcSourceIp, aws:SourceVpce or aws:SourceVpc for them.`,
    ),
  },
} as const;

const ENDPOINT_KEYS = ['aws:sourcevpce', 'aws:sourcevpc', 'aws:sourcevpcarn', 'aws:vpcsourceip'];

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** What in the policy (or beside it) speaks of VPC endpoints; undefined when nothing does. */
function endpointMention(policy: LintPolicy, related: readonly LintPolicy[]): string | undefined {
  if (policy.type === 'vpc-endpoint') return 'endpointPolicy';
  if (related.some((r) => r.type === 'vpc-endpoint')) return 'endpointPolicyBeside';
  for (const p of [policy, ...related]) {
    for (const s of p.parsed?.statements ?? []) {
      const key = s.conditions.find((c) => ENDPOINT_KEYS.includes(c.key.toLowerCase()));
      if (key) return key.key;
    }
  }
  return strings(policy.document).find((s) => /^vpce?-[0-9a-f]+$/.test(s));
}

export const sourceIpWithVpcEndpoint = defineRule({
  meta,
  run(ctx) {
    const { policy } = ctx;
    const out: RuleFinding<typeof meta.messages>[] = [];
    let mention: string | undefined | null = null;
    for (const s of policy.parsed?.statements ?? []) {
      for (const c of s.conditions) {
        if (c.key.toLowerCase() !== 'aws:sourceip') continue;
        const { name, ifExists } = c.operator;
        const requires = (s.effect === 'Allow' && name === 'IpAddress' && !ifExists) || (s.effect === 'Deny' && name === 'NotIpAddress');
        if (!requires) continue;
        if (mention === null) mention = endpointMention(policy, ctx.related);
        if (mention === undefined) return [];
        out.push(finding(meta, s.effect === 'Allow' ? 'allowNeedsSourceIp' : 'denyWithoutSourceIp', c.pointer, { key: c.key, operator: c.operator.text, mention, ranges: c.values }));
      }
    }
    return out;
  },
});
