/**
 * ArnEquals and ArnLike (identical in AWS): each of the six colon-separated parts is matched on its own,
 * with `*` and `?` wildcards, case-sensitively. A value that is not an ARN never matches.
 */
import { parseArn, type Arn } from '../../policy/arn.js';
import { parseTemplate, resolveText } from '../../policy/variables.js';
import { compileWildcard, type Wildcard } from '../../policy/wildcard.js';
import type { OperatorFamily, ValueMatcher } from './types.js';

const PARTS = ['partition', 'service', 'region', 'account', 'resource'] as const;

function arnMatcher(pattern: string): ValueMatcher {
  const parsed = parseArn(pattern);
  if (!parsed) {
    const whole = compileWildcard(pattern);
    return (value) => whole.matches(value);
  }
  const parts: [keyof Arn, Wildcard][] = PARTS.map((p) => [p, compileWildcard(parsed[p])]);
  return (value) => {
    const arn = parseArn(value);
    return arn !== undefined && parts.every(([p, w]) => w.matches(arn[p]));
  };
}

export const arnFamily: OperatorFamily = {
  compile(_operator, policyValue, variables) {
    const template = parseTemplate(policyValue, variables);
    if (!template.dynamic) return { ok: true, match: arnMatcher(policyValue) };
    return {
      ok: true,
      match: (value, lookup) => {
        const resolved = resolveText(template, lookup);
        return resolved !== undefined && arnMatcher(resolved)(value, lookup);
      },
    };
  },
};
