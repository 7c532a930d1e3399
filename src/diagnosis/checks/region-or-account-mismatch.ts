/** An Allow names the right resource in another Region or account than the request's. */
import { parseArn } from '../../policy/arn.js';
import { wildcardMatch } from '../../policy/wildcard.js';
import { about, defineCheck } from '../check.js';
import { message } from '../rule.js';

type Data = { pattern: string; resource: string; policyRegion: string; requestRegion: string; policyAccount: string; requestAccount: string };

export const regionOrAccountMismatch = defineCheck({
  meta: {
    id: 'region-or-account-mismatch',
    title: 'The policy names the resource in another Region or account',
    docs: 'docs/checks/region-or-account-mismatch.md',
    severity: 'error',
    messages: {
      region: message((d: Data, w) => `${w.q(d.pattern)} names Region ${w.q(d.policyRegion)}, but the request is in ${w.q(d.requestRegion)}.`),
      account: message((d: Data, w) => `${w.q(d.pattern)} names account ${w.q(d.policyAccount)}, but the resource is in ${w.q(d.requestAccount)}.`),
      both: message(
        (d: Data, w) =>
          `${w.q(d.pattern)} names Region ${w.q(d.policyRegion)} and account ${w.q(d.policyAccount)}, but the request is in ${w.q(d.requestRegion)}, account ${w.q(d.requestAccount)}.`,
      ),
    },
  },
  run(ctx) {
    const r = ctx.request;
    const requested = r?.resourceArn;
    if (!r || !requested || !ctx.result) return [];
    const findings = [];
    for (const a of ctx.analysis) {
      if (a.effect !== 'Allow' || !a.action || a.resource || !a.statement.source.resource || !ctx.result.deniedBy.includes(a.type)) continue;
      for (const pattern of a.statement.source.resource) {
        const p = parseArn(pattern);
        if (!p || !wildcardMatch(p.resource, requested.resource) || !wildcardMatch(p.service, requested.service)) continue;
        const regionDiffers = !wildcardMatch(p.region, requested.region);
        const accountDiffers = !wildcardMatch(p.account, requested.account);
        if (!regionDiffers && !accountDiffers) continue;
        findings.push({
          messageId: regionDiffers && accountDiffers ? ('both' as const) : regionDiffers ? ('region' as const) : ('account' as const),
          data: { pattern, resource: r.resource, policyRegion: p.region, requestRegion: requested.region, policyAccount: p.account, requestAccount: requested.account },
          location: about(a),
          fix: { kind: 'grant' as const, policyType: a.type, closest: a, failing: 'resource' as const },
        });
      }
    }
    return findings;
  },
});
