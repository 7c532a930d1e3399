/** allow-not-action: Allow with NotAction grants every action not listed, in every service, including future ones. */
import { at } from '../../policy/problems.js';
import { message } from '../../diagnosis/rule.js';
import { defineRule } from '../types.js';
import { finding } from './shared.js';

const meta = {
  id: 'allow-not-action',
  title: 'Allow with NotAction',
  severity: 'warning',
  docs: 'docs/lint/allow-not-action.md',
  help: 'Allow with NotAction grants every action not listed, in every service, including future ones.',
  messages: {
    allowNotAction: message(
      (d: { notAction: readonly string[]; resources: readonly string[] }, w) =>
        `Allow with NotAction ${w.qs(d.notAction)} allows every other action of every service, including those AWS adds later; list the allowed actions instead.`,
    ),
  },
} as const;

export const allowNotAction = defineRule({
  meta,
  run({ policy }) {
    return (policy.parsed?.statements ?? [])
      .filter((s) => s.effect === 'Allow' && s.notAction)
      .map((s) => finding(meta, 'allowNotAction', at(s.pointer, 'NotAction'), { notAction: s.notAction ?? [], resources: s.resource ?? s.notResource ?? [] }));
  },
});
