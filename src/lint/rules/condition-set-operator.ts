/**
 * condition-set-operator: `ForAllValues:` / `ForAnyValue:` on a single-valued key (AWS: "may result in
 * overly permissive policies"; `ForAllValues` is even true when the key is absent), or a multivalued key
 * (`aws:TagKeys`, `aws:CalledVia`...) without one. IAM User Guide, "Single-valued vs. multivalued context
 * keys". The key's kind comes from the catalog (ArrayOf... types are multivalued).
 */
import { findConditionKey } from '../../catalog/index.js';
import { message } from '../../diagnosis/rule.js';
import { defineRule, type RuleFinding } from '../types.js';
import { finding } from './shared.js';

type Data = { key: string; operator: string; effect: string };

const meta = {
  id: 'condition-set-operator',
  title: 'A set operator on a single-valued key, or none on a multivalued key',
  severity: 'warning',
  docs: 'docs/lint/condition-set-operator.md',
  help: 'ForAllValues:/ForAnyValue: on a single-valued key (overly permissive), or a multivalued key without one.',
  messages: {
    forAllValuesAllow: message(
      (d: Data, w) =>
        `${w.q(d.operator)} on the single-valued key ${w.q(d.key)} in an Allow: ForAllValues is true when the key is absent, so this condition allows requests without ${w.q(d.key)}; drop the qualifier.`,
    ),
    setOnSingleValued: message(
      (d: Data, w) => `${w.q(d.operator)} on the single-valued key ${w.q(d.key)}: AWS warns that set operators on single-valued keys can make a policy overly permissive; drop the qualifier.`,
    ),
    multivaluedWithoutSet: message((d: Data, w) => `${w.q(d.key)} is multivalued, but ${w.q(d.operator)} has no ForAllValues: or ForAnyValue: qualifier; say which the policy means.`),
  },
} as const;

export const conditionSetOperator = defineRule({
  meta,
  run({ policy }) {
    const out: RuleFinding<typeof meta.messages>[] = [];
    for (const statement of policy.parsed?.statements ?? []) {
      for (const c of statement.conditions) {
        const known = findConditionKey(c.key);
        if (!known || c.operator.info.family === 'null') continue;
        const multivalued = known.type.startsWith('ArrayOf');
        const data = { key: c.key, operator: c.operator.text, effect: statement.effect };
        if (c.operator.qualifier && !multivalued) out.push(finding(meta, c.operator.qualifier === 'ForAllValues' && statement.effect === 'Allow' ? 'forAllValuesAllow' : 'setOnSingleValued', c.pointer, data));
        else if (!c.operator.qualifier && multivalued) out.push(finding(meta, 'multivaluedWithoutSet', c.pointer, data));
      }
    }
    return out;
  },
});
