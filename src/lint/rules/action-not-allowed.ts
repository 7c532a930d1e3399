/**
 * action-not-allowed (only with `--action`): no identity policy of the file allows the action on the
 * resources it names, as the engine evaluates it (src/lint/action-check.ts). Reported once per file, at
 * the policy whose statements come closest.
 */
import { message } from '../../diagnosis/rule.js';
import type { ActionCheck } from '../types.js';

export const actionNotAllowedMeta = {
  id: 'action-not-allowed',
  title: 'No identity policy allows the --action',
  severity: 'error',
  docs: 'docs/lint/action-not-allowed.md',
  messages: { statementsMiss: message(), denied: message(), noStatement: message(), onlyWithConditions: message(), conditionsNotMet: message() },
} as const;

/** The check the file's finding is about, or undefined when some policy allows the action. */
export function actionNotAllowed(checks: readonly ActionCheck[]): ActionCheck | undefined {
  if (checks.length === 0 || checks.some((c) => c.verdict === 'allowed')) return undefined;
  return checks.find((c) => c.verdict === 'conditional') ?? checks.find((c) => c.results.some((r) => r.near.length > 0)) ?? checks[0];
}
