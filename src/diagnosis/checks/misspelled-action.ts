/**
 * A policy lists an action that does not exist, close to the requested one (`connect:StartChatContat`), or
 * the requested action under a misspelled service prefix (`conect:StartChatContact`): it silently matches
 * nothing.
 */
import type { Problem } from '../../policy/problems.js';
import type { Check } from '../check.js';

function meantFor(w: Problem, action: string): boolean {
  if (w.hint === undefined) return false;
  const hint = w.hint.toLowerCase();
  const colon = action.indexOf(':');
  if (w.code === 'unknown-action') return hint.includes(`\`${action.toLowerCase()}\``);
  // `conect` is not an AWS service prefix, so `conect:StartChatContact` matches nothing (did you mean `connect`?)
  return w.code === 'unknown-service' && hint.includes(`\`${action.slice(0, colon).toLowerCase()}\``) && w.message.toLowerCase().includes(`${action.slice(colon).toLowerCase()}\``);
}

export const misspelledAction: Check = {
  id: 'misspelled-action',
  title: 'A policy misspells the action',
  docs: 'docs/checks/misspelled-action.md',
  run(ctx) {
    const action = ctx.request?.action;
    if (!action) return [];
    return ctx.warnings
      .filter((w) => meantFor(w, action))
      .map((w) => ({ check: 'misspelled-action' as const, severity: 'error' as const, messageId: 'misspelled', data: { detail: w.message, hint: w.hint, pointer: w.pointer, action } }));
  },
};
