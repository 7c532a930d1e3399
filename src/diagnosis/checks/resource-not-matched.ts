/**
 * Statements allow the action but their Resource misses the requested ARN. When a pattern is an ARN of
 * another resource type (the instance ARN for connect:StartChatContact, which is authorized on the
 * contact-flow ARN), say so with the template the action needs.
 */
import { actionResourceTypes, catalogAction } from '../../catalog/arn-templates.js';
import { resourceTypeOfPattern } from '../../policy/arn.js';
import { arnNearMiss } from '../../policy/near-miss.js';
import { about, defineCheck } from '../check.js';
import { own } from '../../own.js';
import { message, type Words } from '../rule.js';

type Data = {
  action: string;
  resource: string;
  patterns: readonly string[];
  /** Patterns that are ARNs of a resource type the action is not authorized on, and those types. */
  wrongTypes: readonly string[];
  wrongTypeNames: readonly string[];
  neededTypes: readonly string[];
  neededTemplates: readonly string[];
  failsConditionsToo: boolean;
  /** [segment, the pattern's value, the request's value, pattern] when a pattern misses by one part. */
  nearMiss: readonly string[];
};

const SEGMENT_WORDS: Readonly<Record<string, string>> = {
  case: 'letter case (ARNs are case-sensitive)',
  partition: 'partition',
  service: 'service',
  region: 'Region',
  account: 'account',
  resourceType: 'resource type',
  id: 'resource ID',
  trailingSlash: 'trailing slash',
  wildcard: 'trailing wildcard (`/*` matches what is under the resource, not the resource itself)',
};

/** ` The closest, P, differs only in its SEGMENT: F where the request has E.` */
function nearMissText(v: readonly string[], w: Words): string {
  if (v.length < 4) return '';
  const [segment, found, expected, pattern] = v;
  return ` ${w.q(pattern)} differs only in its ${own(SEGMENT_WORDS, segment!) ?? segment}: ${w.q(found)} where the request has ${w.q(expected)}.`;
}

export const resourceNotMatched = defineCheck({
  meta: {
    id: 'resource-not-matched',
    title: 'The Resource patterns miss the requested ARN',
    docs: 'docs/checks/resource-not-matched.md',
    severity: 'error',
    messages: {
      wrongResourceType: message(
        (d: Data, w) =>
          `${w.q(d.action)} is authorized on the ${w.orList(d.neededTypes)} resource (${w.qs(d.neededTemplates)}), but this statement names ${w.qs(d.wrongTypes)}, ` +
          `an ARN of the ${w.qs(d.wrongTypeNames)} resource type, which never matches ${w.q(d.resource)}.`,
      ),
      patternsMiss: message((d: Data, w) => `The statement allows ${w.q(d.action)}, but none of its Resource patterns ${w.qs(d.patterns)} matches ${w.q(d.resource)}.` + nearMissText(d.nearMiss, w)),
      excludedByNotResource: message((d: Data, w) => `The statement allows ${w.q(d.action)}, but its NotResource ${w.qs(d.patterns)} excludes ${w.q(d.resource)}.`),
    },
  },
  run(ctx) {
    const { result, request } = ctx;
    if (!result || !request) return [];
    const action = catalogAction(request.action);
    const needed = action ? actionResourceTypes(action) : [];
    const required = needed.filter((t) => t.required);
    const findings = [];
    for (const a of ctx.analysis) {
      if (a.effect !== 'Allow' || !a.action || a.resource || !a.principal || !result.deniedBy.includes(a.type)) continue;
      const patterns = a.statement.source.resource ?? a.statement.source.notResource ?? [];
      const wrongTypes = a.statement.source.resource
        ? patterns.flatMap((p) => {
            const type = resourceTypeOfPattern(p);
            return type && !needed.some((n) => n.name === type) ? [p] : [];
          })
        : [];
      const wrongTypeNames = wrongTypes.map((p) => resourceTypeOfPattern(p) ?? '');
      // The pattern that misses by one part, and which part (segment, pattern's value, request's value, pattern).
      const near = wrongTypes.length > 0 || !a.statement.source.resource ? undefined : patterns.map((p) => ({ p, miss: arnNearMiss(p, request.resource) })).find((n) => n.miss);
      const nearMiss = near?.miss ? [near.miss.segment, near.miss.found, near.miss.expected, near.p] : [];
      findings.push({
        messageId: a.statement.source.notResource ? ('excludedByNotResource' as const) : wrongTypes.length > 0 ? ('wrongResourceType' as const) : ('patternsMiss' as const),
        data: {
          action: request.action,
          resource: request.resource,
          patterns,
          wrongTypes,
          wrongTypeNames,
          neededTypes: (required.length > 0 ? required : needed).map((t) => t.name),
          neededTemplates: (required.length > 0 ? required : needed).map((t) => t.type.arn),
          failsConditionsToo: a.failedConditions.length > 0,
          nearMiss,
        },
        location: about(a),
        fix: { kind: 'grant' as const, policyType: a.type, closest: a, failing: 'resource' as const },
      });
    }
    return findings;
  },
});
