/** allow-not-resource: Allow with NotResource grants the actions on every resource not listed, in every account and Region. */
import { at } from '../../policy/problems.js';
import { message } from '../../diagnosis/rule.js';
import { defineRule } from '../types.js';
import { finding } from './shared.js';

const meta = {
  id: 'allow-not-resource',
  title: 'Allow with NotResource',
  severity: 'warning',
  docs: 'docs/lint/allow-not-resource.md',
  help: 'Allow with NotResource grants the actions on every resource not listed.',
  messages: {
    allowNotResource: message(
      (d: { notResource: readonly string[]; actions: readonly string[] }, w) =>
        `Allow with NotResource ${w.qs(d.notResource)} allows ${w.qs(d.actions)} on every other resource in every account; list the allowed resources instead.`,
    ),
  },
} as const;

export const allowNotResource = defineRule({
  meta,
  run({ policy }) {
    return (policy.parsed?.statements ?? [])
      .filter((s) => s.effect === 'Allow' && s.notResource)
      .map((s) => finding(meta, 'allowNotResource', at(s.pointer, 'NotResource'), { notResource: s.notResource ?? [], actions: s.action ?? s.notAction ?? [] }));
  },
});
