/** An Allow names the right resource in another Region or account than the request's. */
import { parseArn } from '../../policy/arn.js';
import { wildcardMatch } from '../../policy/wildcard.js';
import { about, type Check, type Finding } from '../check.js';

export const regionOrAccountMismatch: Check = {
  id: 'region-or-account-mismatch',
  title: 'The policy names the resource in another Region or account',
  docs: 'docs/checks/region-or-account-mismatch.md',
  run(ctx) {
    const r = ctx.request;
    const requested = r?.resourceArn;
    if (!r || !requested || !ctx.result) return [];
    const findings: Finding[] = [];
    for (const a of ctx.analysis) {
      if (a.effect !== 'Allow' || !a.action || a.resource || !a.statement.source.resource || !ctx.result.deniedBy.includes(a.type)) continue;
      for (const pattern of a.statement.source.resource) {
        const p = parseArn(pattern);
        if (!p || !wildcardMatch(p.resource, requested.resource) || !wildcardMatch(p.service, requested.service)) continue;
        const regionDiffers = !wildcardMatch(p.region, requested.region);
        const accountDiffers = !wildcardMatch(p.account, requested.account);
        if (!regionDiffers && !accountDiffers) continue;
        findings.push({
          check: 'region-or-account-mismatch',
          severity: 'error',
          messageId: regionDiffers && accountDiffers ? 'both' : regionDiffers ? 'region' : 'account',
          data: { pattern, resource: r.resource, policyRegion: p.region, requestRegion: requested.region, policyAccount: p.account, requestAccount: requested.account },
          ...about(a),
        });
      }
    }
    return findings;
  },
};
