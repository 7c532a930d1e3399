/**
 * condition-key-not-for-action: a service condition key that no request for the statement's actions
 * carries (connect:InstanceId on an S3 action): the condition never sees it. Found by
 * src/policy/catalog-checks.ts (only for statements whose actions are all exact).
 */
import { message } from '../../diagnosis/rule.js';
import { defineRule } from '../types.js';
import { finding } from './shared.js';

const meta = {
  id: 'condition-key-not-for-action',
  title: "A condition key the statement's actions never carry",
  severity: 'warning',
  docs: 'docs/lint/condition-key-not-for-action.md',
  help: "A service condition key that no request for the statement's actions carries: the condition never sees it.",
  messages: {
    notCarried: message(
      (d: { key: string; operator: string; actions: readonly string[] }, w) => `No request for ${w.qs(d.actions)} carries ${w.q(d.key)}, so this ${w.q(d.operator)} condition never sees it.`,
    ),
  },
} as const;

export const conditionKeyNotForAction = defineRule({
  meta,
  run({ policy }) {
    return policy.problems
      .filter((p) => p.code === 'condition-key-not-for-action')
      .flatMap((p) => {
        const statement = policy.parsed?.statements.find((s) => p.pointer.startsWith(`${s.pointer}/`));
        const condition = statement?.conditions.find((c) => c.pointer === p.pointer);
        if (!statement || !condition) return [];
        return [finding(meta, 'notCarried', p.pointer, { key: condition.key, operator: condition.operator.text, actions: statement.action ?? [] })];
      });
  },
});
