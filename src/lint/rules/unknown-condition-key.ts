/**
 * unknown-condition-key: a condition key that neither the global keys nor the service defines, so no
 * request ever carries it (with the closest key). Found by src/policy/catalog-checks.ts.
 */
import { message } from '../../diagnosis/rule.js';
import { defineRule } from '../types.js';
import { finding } from './shared.js';

const meta = {
  id: 'unknown-condition-key',
  title: 'A condition key that AWS does not define',
  severity: 'warning',
  docs: 'docs/lint/unknown-condition-key.md',
  help: 'A condition key that neither the global keys nor the service defines: no request carries it, so the condition never sees a value.',
  messages: {
    unknownKey: message(
      (d: { key: string; operator: string; suggestion: string | undefined }, w) =>
        `${w.q(d.key)} is not a condition key AWS defines, so no request carries it and ${w.q(d.operator)} never sees it${d.suggestion ? ` (did you mean ${w.q(d.suggestion)}?)` : ''}.`,
    ),
  },
} as const;

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
