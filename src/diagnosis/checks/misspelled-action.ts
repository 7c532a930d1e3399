/** A policy lists an action that does not exist, close to the requested one: it silently matches nothing. */
import type { Check } from '../check.js';

export const misspelledAction: Check = {
  id: 'misspelled-action',
  title: 'A policy misspells the action',
  docs: 'docs/checks/misspelled-action.md',
  run(ctx) {
    const action = ctx.request?.action;
    if (!action) return [];
    return ctx.warnings
      .filter((w) => w.code === 'unknown-action' && w.hint !== undefined && w.hint.toLowerCase().includes(`\`${action.toLowerCase()}\``))
      .map((w) => ({ check: 'misspelled-action' as const, severity: 'error' as const, messageId: 'misspelled', data: { detail: w.message, hint: w.hint, pointer: w.pointer, action } }));
  },
};
