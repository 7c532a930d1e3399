/**
 * unknown-condition-key: a condition key that neither the global keys nor the service defines, so no
 * request ever carries it (with the closest key). Found by src/policy/catalog-checks.ts.
 */
import { message } from '../../diagnosis/rule.js';
import { defineRule } from '../types.js';
import { finding } from './shared.js';

const meta = { id: 'unknown-condition-key', title: 'A condition key that AWS does not define', severity: 'warning', docs: 'docs/lint/unknown-condition-key.md', messages: { unknownKey: message() } } as const;

export const unknownConditionKey = defineRule({
  meta,
  run({ policy }) {
    const conditions = (policy.parsed?.statements ?? []).flatMap((s) => s.conditions);
    return policy.problems
      .filter((p) => p.code === 'unknown-condition-key')
      .flatMap((p) => {
        const condition = conditions.find((c) => c.pointer === p.pointer);
        return condition ? [finding(meta, 'unknownKey', p.pointer, { key: condition.key, operator: condition.operator.text, suggestion: p.suggestion })] : [];
      });
  },
});
