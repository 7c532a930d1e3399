/**
 * wildcard-resource: an Allow in an identity or session policy grants an action on `"Resource": "*"`
 * although the action supports resource-level permissions: every instance, every flow, every bucket.
 * Each such action gets the ARN template it is authorized on, filled from the ARNs the file names
 * (Region, account, instance ID); when the file says enough (and every action agrees), that is the fix.
 */
import { at } from '../../policy/problems.js';
import { message, type Words } from '../../diagnosis/rule.js';
import { defineRule, type RuleFinding } from '../types.js';
import { bestSuggestion, exactActions, finding, grantsPermissions, harvest, neededTypes } from './shared.js';

/** The actions that support resource-level permissions, their resource types and ARNs; how many others. */
type Data = { actions: readonly string[]; types: readonly string[]; suggestions: readonly string[]; others: number };

function suggestions(d: Data, w: Words): string {
  if (new Set(d.suggestions).size === 1) return `${d.actions.length === 1 ? 'it is' : 'they are'} authorized on ${w.q(d.suggestions[0])}`;
  return d.actions.map((a, i) => `${w.q(a)} is authorized on the ${d.types[i]} resource ${w.q(d.suggestions[i])}`).join('; ');
}
const its = (d: Data) => (d.actions.length === 1 ? 'its' : 'their');
function others(d: Data, w: Words): string {
  const n = d.others;
  return n > 0
    ? ` (${w.plural(n, 'other action')} of the statement only ${n === 1 ? 'supports' : 'support'} ${w.q('*')} or ${n === 1 ? 'is a wildcard' : 'are wildcards'}: keep ${w.q('*')} for ${n === 1 ? 'it' : 'them'} in a statement of their own.)`
    : '';
}

const meta = {
  id: 'wildcard-resource',
  title: 'Resource "*" for actions that support resource-level permissions',
  severity: 'warning',
  docs: 'docs/lint/wildcard-resource.md',
  help: 'Resource "*" for actions that support resource-level permissions grants them on every resource in every account and Region; the rule gives the narrower ARN the file allows.',
  messages: {
    narrower: message((d: Data, w) => `${w.q('Resource: "*"')} grants ${w.qs(d.actions)} on every resource of ${its(d)} type in every account and Region; ${suggestions(d, w)}.` + others(d, w)),
    template: message(
      (d: Data, w) =>
        `${w.q('Resource: "*"')} grants ${w.qs(d.actions)} on every resource of ${its(d)} type in every account and Region; ${suggestions(d, w)} (fill in what the file does not say).` + others(d, w),
    ),
  },
} as const;

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
