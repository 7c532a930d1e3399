/**
 * High-cardinality resources -> the pattern a fix would name. A trail can deny ten thousand objects of one
 * bucket; they are one problem, and a policy names them as `arn:aws:s3:::bucket/prefix/*`, not one by one.
 * Only resources whose ID is per request (a fix never names them one at a time) are patterned:
 *   - S3 objects (`arn:P:s3:::BUCKET/KEY`): the bucket's narrowest common folder, `BUCKET/reports/*`;
 *   - Amazon Connect contacts (`arn:P:connect:R:A:instance/ID/contact/CONTACT`): `instance/ID/contact/*`.
 * Everything else (KMS keys, roles, tables, buckets...) is grouped by its exact ARN: a fix names each.
 */

/**
 * The family a resource may be grouped in: the ARN up to where the per-request ID starts (`arn:aws:s3:::bucket/`),
 * or undefined when the resource is grouped only with itself.
 */
export function resourceFamily(resource: string | null): string | undefined {
  if (resource === null) return undefined;
  const s3 = /^arn:[a-z-]+:s3:::[^/]+\//.exec(resource);
  if (s3) return s3[0];
  const contact = /^arn:[a-z-]+:connect:[^:]*:[^:]*:instance\/[^/]+\/contact\//.exec(resource);
  if (contact && resource.length > contact[0].length) return contact[0];
  return undefined;
}

/**
 * The pattern covering distinct resources of one family: the family plus the longest common prefix of their
 * IDs, cut after its last `/` (folders are what a policy names), then `*`. The prefix stops before any `*`,
 * `?` or `$` of a key: in a policy these are wildcards or variables, not the characters themselves.
 */
export function resourcePattern(family: string, resources: Iterable<string>): string {
  let common: string | undefined;
  for (const r of resources) {
    const id = r.slice(family.length);
    if (common === undefined) common = id;
    else {
      let i = 0;
      while (i < common.length && i < id.length && common[i] === id[i]) i++;
      common = common.slice(0, i);
    }
  }
  let prefix = common ?? '';
  const special = prefix.search(/[*?$]/);
  if (special >= 0) prefix = prefix.slice(0, special);
  return `${family}${prefix.slice(0, prefix.lastIndexOf('/') + 1)}*`;
}
