/**
 * A policy lists an action that does not exist, close to the requested one (`connect:StartChatContat`), or
 * the requested action under a misspelled service prefix (`conect:StartChatContact`): it silently matches
 * nothing.
 */
import type { Problem } from '../../policy/problems.js';
import { defineCheck } from '../check.js';
import { message } from '../rule.js';

function meantFor(w: Problem, action: string): boolean {
  const lower = action.toLowerCase();
  const colon = lower.indexOf(':');
  const suggestion = w.suggestion?.toLowerCase();
  if (suggestion !== undefined && w.value !== undefined) {
    if (w.code === 'unknown-action') return suggestion === lower;
    // `conect` is not an AWS service prefix, so `conect:StartChatContact` matches nothing (did you mean `connect`?)
    if (w.code === 'unknown-service') return suggestion === lower.slice(0, colon) && w.value.toLowerCase().endsWith(lower.slice(colon));
  }
  // Hints in words (a prefix written without `*`, the action under another prefix) quote the action.
  const hint = w.hint?.toLowerCase();
  if (hint === undefined) return false;
  if (w.code === 'unknown-action') return hint.includes(`\`${lower}\``);
  return w.code === 'unknown-service' && hint.includes(`\`${lower.slice(0, colon)}\``) && w.message.toLowerCase().includes(`${lower.slice(colon)}\``);
}

export const misspelledAction = defineCheck({
  meta: { id: 'misspelled-action', title: 'A policy misspells the action', docs: 'docs/checks/misspelled-action.md', severity: 'error', messages: { misspelled: message() } },
  run(ctx) {
    const action = ctx.request?.action;
    if (!action) return [];
    return ctx.warnings
      .filter((w) => meantFor(w, action))
      .map((w) => ({ messageId: 'misspelled' as const, data: { detail: w.message, hint: w.hint, pointer: w.pointer, action, value: w.value, suggestion: w.suggestion }, fix: { kind: 'allow-action' as const } }));
  },
});
