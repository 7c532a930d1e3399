/**
 * A policy lists an action that does not exist, close to the requested one (`connect:StartChatContat`), or
 * the requested action under a misspelled service prefix (`conect:StartChatContact`): it silently matches
 * nothing.
 */
import type { Problem } from '../../policy/problems.js';
import { defineCheck } from '../check.js';
import { message } from '../rule.js';

/** The problem is about a misspelling of `action`: what it proposes (a did-you-mean, or a hint's actions) is it. */
function meantFor(w: Problem, action: string): boolean {
  if (w.value === undefined) return false;
  const lower = action.toLowerCase();
  const colon = lower.indexOf(':');
  const proposed = [...(w.suggestion !== undefined ? [w.suggestion] : []), ...(w.proposes ?? [])].map((p) => p.toLowerCase());
  if (w.code === 'unknown-action') return proposed.includes(lower);
  // `conect` is not an AWS service prefix, so `conect:StartChatContact` matches nothing (did you mean `connect`?)
  return w.code === 'unknown-service' && proposed.includes(lower.slice(0, colon)) && w.value.toLowerCase().endsWith(lower.slice(colon));
}

export const misspelledAction = defineCheck({
  meta: {
    id: 'misspelled-action',
    title: 'A policy misspells the action',
    docs: 'docs/checks/misspelled-action.md',
    severity: 'error',
    messages: {
      misspelled: message(
        (d: { detail: string; hint: string | undefined; pointer: string; action: string; value: string | undefined; suggestion: string | undefined }, w) =>
          `${String(d.detail)} (${String(d.hint)}) at ${w.q(d.pointer)}: that statement was meant to allow ${w.q(d.action)}.`,
      ),
    },
  },
  run(ctx) {
    const action = ctx.request?.action;
    if (!action) return [];
    return ctx.warnings
      .filter((w) => meantFor(w, action))
      .map((w) => ({ messageId: 'misspelled' as const, data: { detail: w.message, hint: w.hint, pointer: w.pointer, action, value: w.value, suggestion: w.suggestion }, fix: { kind: 'allow-action' as const } }));
  },
});
