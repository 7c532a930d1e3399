/**
 * Near misses: a policy pattern (or condition value) that misses the request by one part. ARNs are compared
 * segment by segment (partition, service, Region, account, resource type, ID); letter case (ARNs are
 * case-sensitive, IAM Reference "IAM JSON policy elements: Resource"), a trailing slash and a trailing
 * wildcard are told apart. Region and account differences are region-or-account-mismatch's business.
 */
import { parseArn } from './arn.js';
import { wildcardMatch } from './wildcard.js';

export type ArnSegment = 'case' | 'partition' | 'service' | 'region' | 'account' | 'resourceType' | 'id' | 'trailingSlash' | 'wildcard';

export interface NearMiss {
  readonly segment: ArnSegment;
  /** What the pattern has there, and what the request has. */
  readonly found: string;
  readonly expected: string;
}

/** Segments whose difference makes a pattern wrong for this request, not merely about another resource. */
export const BROKEN_SEGMENTS: ReadonlySet<ArnSegment> = new Set(['case', 'partition', 'service', 'resourceType', 'trailingSlash']);

function lowerMatch(pattern: string, value: string): boolean {
  return wildcardMatch(pattern.toLowerCase(), value.toLowerCase());
}

/** The one part in which `pattern` misses `arn`, or undefined when it matches or misses by more than one part. */
export function arnNearMiss(pattern: string, arn: string): NearMiss | undefined {
  if (wildcardMatch(pattern, arn)) return undefined;
  if (lowerMatch(pattern, arn)) return { segment: 'case', found: pattern, expected: arn };
  const p = parseArn(pattern);
  const r = parseArn(arn);
  if (!p || !r) return undefined;
  const header: [ArnSegment, string, string][] = [
    ['partition', p.partition, r.partition],
    ['service', p.service, r.service],
    ['region', p.region, r.region],
    ['account', p.account, r.account],
  ];
  const differing = header.filter(([, a, b]) => !wildcardMatch(a, b));
  const resourceMatches = wildcardMatch(p.resource, r.resource);
  if (differing.length === 1 && resourceMatches) {
    const [segment, found, expected] = differing[0]!;
    return { segment, found, expected };
  }
  if (differing.length > 0) return undefined;
  // Same header: the resource part.
  if (p.resource.endsWith('/') && p.resource.slice(0, -1) === r.resource) return { segment: 'trailingSlash', found: p.resource, expected: r.resource };
  if (r.resource.endsWith('/') && r.resource.slice(0, -1) === p.resource) return { segment: 'trailingSlash', found: p.resource, expected: r.resource };
  if (p.resource.endsWith('/*') && p.resource.slice(0, -2) === r.resource) return { segment: 'wildcard', found: p.resource, expected: r.resource };
  // A missing resource-type path (`ID/contact-flow/F` for `instance/ID/contact-flow/F`).
  if (wildcardMatch(`*/${p.resource}`, r.resource)) {
    return { segment: 'resourceType', found: p.resource, expected: r.resource };
  }
  const ps = p.resource.split(/([/:])/);
  const rs = r.resource.split(/([/:])/);
  if (ps.length !== rs.length) return undefined;
  const diffs = ps.flatMap((part, i) => (wildcardMatch(part, rs[i]!) ? [] : [i]));
  if (diffs.length !== 1) return undefined;
  const i = diffs[0]!;
  return { segment: i === 0 ? 'resourceType' : 'id', found: ps[i]!, expected: rs[i]! };
}

export type ValueMiss = 'case' | 'type' | 'format';

/**
 * Why a condition value misses a request value that is nearly it: letter case (`StringEquals` is
 * case-sensitive), type (`"true"` vs a Bool, a number as text), format (an ARN against an ID, a CIDR suffix).
 */
export function valueNearMiss(policyValue: string, requestValue: string): ValueMiss | undefined {
  if (policyValue === requestValue) return undefined;
  if (policyValue.toLowerCase() === requestValue.toLowerCase()) return 'case';
  if (/^(true|false)$/i.test(policyValue) && /^(true|false)$/i.test(requestValue)) return undefined;
  if (policyValue.trim() === requestValue.trim() || (Number(policyValue) === Number(requestValue) && policyValue.trim() !== '' && !Number.isNaN(Number(policyValue)))) return 'type';
  const tail = (v: string) => v.slice(Math.max(v.lastIndexOf('/'), v.lastIndexOf(':')) + 1);
  if ((policyValue.startsWith('arn:') !== requestValue.startsWith('arn:')) && tail(policyValue) === tail(requestValue)) return 'format';
  if (policyValue.replace(/\/\d{1,3}$/, '') === requestValue.replace(/\/\d{1,3}$/, '')) return 'format';
  return undefined;
}
