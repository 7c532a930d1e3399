/**
 * action-not-allowed (only with `--action`): no identity policy of the file allows the action on the
 * resources it names, as the engine evaluates it (src/lint/action-check.ts). Reported once per file, at
 * the policy whose statements come closest.
 */
import { message } from '../../diagnosis/rule.js';
import type { ActionCheck } from '../types.js';

/** The action, how many policies were checked, the resources checked, the statement that came closest. */
type Data = { action: string; policies: number; resources: readonly string[]; statement: string | undefined };

export const actionNotAllowedMeta = {
  id: 'action-not-allowed',
  title: 'No identity policy allows the --action',
  severity: 'error',
  docs: 'docs/lint/action-not-allowed.md',
  help: 'With --action: no identity policy of the file allows the action on the resources it names, as the engine evaluates it.',
  messages: {
    statementsMiss: message((d: Data, w) => `No identity policy in this file allows ${w.q(d.action)} on ${w.qs(d.resources)}: statement ${w.q(d.statement)} covers the action but not the resource or its conditions.`),
    denied: message((d: Data, w) => `No identity policy in this file allows ${w.q(d.action)} on ${w.qs(d.resources)}: statement ${w.q(d.statement)} denies it.`),
    noStatement: message((d: Data, w) => `No identity policy in this file allows ${w.q(d.action)} (checked on ${w.qs(d.resources)}): no statement covers it.`),
    onlyWithConditions: message(
      (d: Data, w) =>
        `${w.q(d.action)} on ${w.qs(d.resources)} is allowed only when the conditions of statement ${w.q(d.statement)} hold; the request was checked without them (give them with --context K=V).`,
    ),
    conditionsNotMet: message((d: Data, w) => `${w.q(d.action)} on ${w.qs(d.resources)} is not allowed with the --context given: the conditions of statement ${w.q(d.statement)} do not hold for it.`),
  },
} as const;

/** The check the file's finding is about, or undefined when some policy allows the action. */
export function actionNotAllowed(checks: readonly ActionCheck[]): ActionCheck | undefined {
  if (checks.length === 0 || checks.some((c) => c.verdict === 'allowed')) return undefined;
  return checks.find((c) => c.verdict === 'conditional') ?? checks.find((c) => c.results.some((r) => r.near.length > 0)) ?? checks[0];
}
