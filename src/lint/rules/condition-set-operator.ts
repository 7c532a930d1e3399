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

const meta = { id: 'condition-set-operator', title: 'A set operator on a single-valued key, or none on a multivalued key', severity: 'warning', docs: 'docs/lint/condition-set-operator.md', messages: { forAllValuesAllow: message(), setOnSingleValued: message(), multivaluedWithoutSet: message() } } as const;

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
