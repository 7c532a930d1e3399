/**
 * wildcard-resource: an Allow in an identity or session policy grants an action on `"Resource": "*"`
 * although the action supports resource-level permissions: every instance, every flow, every bucket.
 * Each such action gets the ARN template it is authorized on, filled from the ARNs the file names
 * (Region, account, instance ID); when the file says enough (and every action agrees), that is the fix.
 */
import { at } from '../../policy/problems.js';
import { message } from '../../diagnosis/rule.js';
import { defineRule, type RuleFinding } from '../types.js';
import { bestSuggestion, exactActions, finding, grantsPermissions, harvest, neededTypes } from './shared.js';

const meta = { id: 'wildcard-resource', title: 'Resource "*" for actions that support resource-level permissions', severity: 'warning', docs: 'docs/lint/wildcard-resource.md', messages: { narrower: message(), template: message() } } as const;

export const wildcardResource = defineRule({
  meta,
  run(ctx) {
    const { policy } = ctx;
    if (!grantsPermissions(policy)) return [];
    const out: RuleFinding<typeof meta.messages>[] = [];
    const values = harvest(ctx.fileArns);
    for (const statement of policy.parsed?.statements ?? []) {
      if (statement.effect !== 'Allow' || !statement.resource?.includes('*')) continue;
      const actions = exactActions(policy, statement);
      const scoped = actions.flatMap((a) => {
        const types = neededTypes(a.catalog);
        const best = bestSuggestion(types, values);
        return best ? [{ action: a.text, suggestion: best, type: best.type.name }] : [];
      });
      if (scoped.length === 0) continue;
      const onlyScoped = scoped.length === (statement.action ?? []).length;
      const distinct = [...new Set(scoped.map((s) => s.suggestion.arn))];
      const pointer = at(statement.pointer, 'Resource');
      const fix = onlyScoped && statement.resource.length === 1 && scoped.every((s) => s.suggestion.complete) ? { pointer, value: distinct.length === 1 ? distinct[0]! : distinct } : undefined;
      out.push(
        finding(meta, scoped.every((s) => s.suggestion.complete) ? 'narrower' : 'template', pointer, {
          actions: scoped.map((s) => s.action),
          types: scoped.map((s) => s.type),
          suggestions: scoped.map((s) => s.suggestion.arn),
          others: (statement.action ?? []).length - scoped.length,
        }, fix),
      );
    }
    return out;
  },
});
