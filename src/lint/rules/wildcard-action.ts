/**
 * wildcard-action: an Allow in an identity or session policy grants every action (`*`) or every action
 * of a service (`connect:*`), today's and those AWS adds later.
 */
import { itemPointer } from '../policy.js';
import { message } from '../../diagnosis/rule.js';
import { defineRule, type RuleFinding } from '../types.js';
import { finding, grantsPermissions } from './shared.js';

const meta = {
  id: 'wildcard-action',
  title: 'Action "*" or "service:*"',
  severity: 'warning',
  docs: 'docs/lint/wildcard-action.md',
  help: 'Action "*" or "service:*" grants every action, including those AWS adds later.',
  messages: {
    everything: message((_: { action: string }, w) => `${w.q('"Action": "*"')} allows every action of every service, including those AWS adds later.`),
    service: message((d: { action: string; service: string }, w) => `${w.q(d.action)} allows every action of ${w.q(d.service)}, including those AWS adds later; list the actions the code calls.`),
  },
} as const;

export const wildcardAction = defineRule({
  meta,
  run({ policy }) {
    if (!grantsPermissions(policy)) return [];
    const out: RuleFinding<typeof meta.messages>[] = [];
    for (const statement of policy.parsed?.statements ?? []) {
      if (statement.effect !== 'Allow') continue;
      (statement.action ?? []).forEach((action, i) => {
        const colon = action.indexOf(':');
        const pointer = itemPointer(policy, statement, 'Action', i);
        if (/^\*+$/.test(action)) out.push(finding(meta, 'everything', pointer, { action }));
        else if (colon > 0 && /^\*+$/.test(action.slice(colon + 1)) && !/[*?]/.test(action.slice(0, colon))) out.push(finding(meta, 'service', pointer, { action, service: action.slice(0, colon) }));
      });
    }
    return out;
  },
});
