/** String operators: StringEquals, StringEqualsIgnoreCase, StringLike (negated forms are derived). */
import { parseTemplate, resolvePattern, resolveText } from '../../policy/variables.js';
import type { OperatorFamily, ValueMatcher } from './types.js';

function equals(policyValue: string, variables: boolean, ignoreCase: boolean): ValueMatcher {
  const template = parseTemplate(policyValue, variables);
  const fold = (s: string) => (ignoreCase ? s.toLowerCase() : s);
  if (!template.dynamic) {
    const expected = fold(template.parts.map((p) => (p.kind === 'variable' ? '' : p.text)).join(''));
    return (value) => fold(value) === expected;
  }
  return (value, lookup) => {
    const expected = resolveText(template, lookup);
    return expected !== undefined && fold(value) === fold(expected);
  };
}

function like(policyValue: string, variables: boolean): ValueMatcher {
  const template = parseTemplate(policyValue, variables);
  if (!template.dynamic) {
    const pattern = resolvePattern(template, () => undefined)!;
    return (value) => pattern.matches(value);
  }
  return (value, lookup) => resolvePattern(template, lookup)?.matches(value) ?? false;
}

export const stringFamily: OperatorFamily = {
  compile(operator, policyValue, variables) {
    switch (operator) {
      case 'StringEquals':
        return { ok: true, match: equals(policyValue, variables, false) };
      case 'StringEqualsIgnoreCase':
        return { ok: true, match: equals(policyValue, variables, true) };
      default:
        return { ok: true, match: like(policyValue, variables) };
    }
  },
};
