/**
 * resource-type-mismatch: for an action in the statement, none of its Resource patterns can name an ARN
 * of a resource type the action is authorized on (the required types of the Service Authorization
 * Reference, else all of them), so the statement never applies to that action. The classic case:
 * connect:StartChatContact on the instance ARN, when it is authorized on the contact-flow ARN. Actions
 * that support only `*` need `*`. CloudFormation unknowns count as one ARN segment each
 * (`instance/${InstanceId}` is an instance ARN); a Resource that is wholly unknown can name anything.
 */
import { resourceTypesOf } from '../../catalog/index.js';
import { parseArn } from '../../policy/arn.js';
import { wildcardMatch } from '../../policy/wildcard.js';
import { patternFitsTemplate } from '../arn-glob.js';
import { message } from '../../diagnosis/rule.js';
import { defineRule, type RuleFinding } from '../types.js';
import { isWhollyUnknown } from '../unknown.js';
import { at } from '../../policy/problems.js';
import { bestSuggestion, exactActions, finding, harvest, harvestPreferring, meantResources, neededTypes, suggestArn } from './shared.js';

type Mismatch = {
  action: string;
  effect: string;
  resources: readonly string[];
  /** The resource types the patterns name, those the action needs (and their ARN templates), the ARN to use. */
  namedTypes: readonly string[];
  neededTypes: readonly string[];
  neededTemplates: readonly string[];
  suggestion: string;
};

const meta = {
  id: 'resource-type-mismatch',
  title: 'The Resource names no resource type the action is authorized on',
  severity: 'error',
  docs: 'docs/lint/resource-type-mismatch.md',
  help: 'The statement names no ARN of a resource type the action is authorized on (for example the instance ARN for connect:StartChatContact, which is authorized on the contact-flow ARN), so the statement never applies to that action.',
  messages: {
    wrongType: message(
      (d: Mismatch, w) =>
        `${w.q(d.action)} is authorized on the ${w.qs(d.neededTypes)} resource (${w.qs(d.neededTemplates)}), but the statement names ${w.qs(d.resources)}, ` +
        `${d.namedTypes.length === 1 ? 'an ARN of the' : 'ARNs of the'} ${w.qs(d.namedTypes)} resource type, so it never ${d.effect === 'Deny' ? 'denies' : 'allows'} ${w.q(d.action)}. Use ${w.q(d.suggestion)}.`,
    ),
    noType: message(
      (d: Mismatch, w) =>
        `${w.q(d.action)} is authorized on the ${w.qs(d.neededTypes)} resource (${w.qs(d.neededTemplates)}), and none of ${w.qs(d.resources)} can name one, so the statement never applies to it. Use ${w.q(d.suggestion)}.`,
    ),
    onlyStar: message(
      (d: { action: string; effect: string; resources: readonly string[] }, w) =>
        `${w.q(d.action)} does not support resource-level permissions: it is only ${d.effect === 'Deny' ? 'denied' : 'allowed'} by a statement whose Resource is ${w.q('*')}, never by ${w.qs(d.resources)}.`,
    ),
  },
} as const;

/** The resource types of its own service that a pattern names (for the message). */
function typesNamed(pattern: string): string[] {
  const arn = parseArn(pattern);
  if (!arn) return [];
  return resourceTypesOf(arn.service)
    .filter((t) => !t.key.startsWith('wildcard-') && patternFitsTemplate(pattern, t.arn))
    .map((t) => t.key);
}

export const resourceTypeMismatch = defineRule({
  meta,
  run(ctx) {
    const { policy } = ctx;
    const out: RuleFinding<typeof meta.messages>[] = [];
    const variables = policy.parsed?.version === '2012-10-17';
    for (const statement of policy.parsed?.statements ?? []) {
      const patterns = statement.resource;
      if (!patterns) continue;
      // Patterns nothing can be said about: wholly unknown, a variable, anything that is not an ARN.
      if (patterns.some((p) => isWhollyUnknown(p) || p.startsWith('${') || (!p.startsWith('arn:') && p !== '*' && !/^[*?]+$/.test(p)))) continue;
      const actions = exactActions(policy, statement);
      for (const action of actions) {
        const types = neededTypes(action.catalog);
        const pointer = at(statement.pointer, 'Resource');
        if (types.length === 0) {
          if (patterns.some((p) => wildcardMatch(p, '*'))) continue;
          // AWS authorizes the action only on `*`: that is what any Resource for it meant.
          out.push(finding(meta, 'onlyStar', pointer, { action: action.text, effect: statement.effect, resources: patterns }, patterns.length === 1 && actions.length === 1 ? { pointer, value: '*', intent: [{ action: action.text, resource: '*' }] } : undefined));
          continue;
        }
        if (patterns.some((p) => types.some((t) => patternFitsTemplate(p, t.type.arn, variables)))) continue;
        const values = harvestPreferring(patterns, ctx.fileArns);
        const suggestion = bestSuggestion(types, values)!;
        const named = [...new Set(patterns.flatMap(typesNamed))];
        // Offered as a fix only when it stays inside what the Resource named (./fix-proof.ts); else the template.
        const fix =
          suggestion.complete && actions.length === 1 && patterns.length === 1
            ? { pointer, value: suggestion.arn, intent: meantResources(patterns[0]!).map((resource) => ({ action: action.text, resource })), template: suggestArn(suggestion.type.type.arn, harvest(patterns), 'placeholder').arn }
            : undefined;
        out.push(
          finding(
            meta,
            named.length > 0 ? 'wrongType' : 'noType',
            pointer,
            { action: action.text, effect: statement.effect, resources: patterns, namedTypes: named, neededTypes: types.map((t) => t.name), neededTemplates: types.map((t) => t.type.arn), suggestion: suggestion.arn },
            fix,
          ),
        );
      }
    }
    return out;
  },
});
