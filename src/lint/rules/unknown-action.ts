/**
 * unknown-action: an Action or NotAction entry that names no action of the Service Authorization
 * Reference (a typo, a wrong service prefix, a wildcard that matches nothing, or no `service:` at all),
 * with the closest action as the fix. Found by src/policy/catalog-checks.ts.
 */
import { message } from '../../diagnosis/rule.js';
import { defineRule } from '../types.js';
import { finding } from './shared.js';
import { own } from '../../own.js';

type Data = { action: string; service: string | undefined; suggestion: string | undefined };

const meta = {
  id: 'unknown-action',
  title: 'An action that AWS does not define',
  severity: 'error',
  docs: 'docs/lint/unknown-action.md',
  help: 'An Action or NotAction entry names no action of the Service Authorization Reference: a typo, a wrong service prefix, or a wildcard that matches nothing. It grants (or denies) nothing.',
  messages: {
    notAnAction: message((d: Data, w) => `${w.q(d.action)} is not an action: actions are written \`service:Action\`, e.g. \`connect:StartChatContact\`.`),
    unknownService: message((d: Data, w) => `${w.q(d.service)} is not an AWS service prefix, so ${w.q(d.action)} matches nothing${d.suggestion ? ` (did you mean ${w.q(d.suggestion)}?)` : ''}.`),
    unknownAction: message((d: Data, w) => `${w.q(d.action)} is not an action of ${w.q(d.service)}, so it matches nothing${d.suggestion ? ` (did you mean ${w.q(d.suggestion)}?)` : ''}.`),
    matchesNothing: message((d: Data, w) => `${w.q(d.action)} matches no action of ${w.q(d.service)}.`),
  },
} as const;

const MESSAGE_IDS: Readonly<Partial<Record<string, 'notAnAction' | 'unknownService' | 'unknownAction'>>> = { 'invalid-action': 'notAnAction', 'unknown-service': 'unknownService', 'unknown-action': 'unknownAction' };

export const unknownAction = defineRule({
  meta,
  run({ policy }) {
    return policy.problems.flatMap((p) => {
      const id = own(MESSAGE_IDS, p.code);
      const action = policy.valueAt(p.pointer);
      if (!id || typeof action !== 'string') return [];
      const messageId = id === 'unknownAction' && /[*?]/.test(action) ? 'matchesNothing' : id;
      const suggestion = p.suggestion;
      // The typo meant the action it resembles: the fix may allow that action and nothing else.
      const service = action.includes(':') ? action.slice(0, action.indexOf(':')) : undefined;
      return [finding(meta, messageId, p.pointer, { action, service, suggestion }, suggestion !== undefined && messageId !== 'unknownService' ? { pointer: p.pointer, value: suggestion, intent: [{ action: suggestion, resource: '*' }] } : undefined)];
    });
  },
});
