/** The one line the AWS SDK plugin (src/aws/sdk-plugin.ts) appends to an AccessDenied error's message. */
import type { Explanation } from '../explain/explain.js';
import type { Denial, NamedPolicyType } from '../input/denial.js';
import { LIKELY_CAUSES } from './explanation.js';
import { findingMessage } from './findings.js';
import { POLICY_TYPE_NAMES } from './simulation.js';
import { own } from '../own.js';
import { visible } from './visible.js';


function policyTypeName(type: NamedPolicyType): string {
  return type === 'role-trust' ? 'the role trust policy' : POLICY_TYPE_NAMES[type];
}

/** `[whydenied] ACTION on RESOURCE denied by ...; cause: ...; next step`, on one line. */
export function summaryLine(e: Explanation, denial: Denial): string {
  const action = e.request?.action ?? denial.action ?? denial.operation ?? 'the call';
  const resource = e.request?.resource ?? denial.resource;
  const what = resource !== undefined && resource !== '' ? `${action} on ${resource}` : action;

  const types: readonly NamedPolicyType[] = e.deniedBy.length > 0 ? e.deniedBy : e.source.policyType !== null ? [e.source.policyType] : [];
  const how = e.decision === 'allow' ? 'denied' : e.decision === 'explicit-deny' ? 'explicitly denied' : e.decision === 'implicit-deny' ? 'denied (no allow)' : 'denied';
  const by = types.length > 0 ? `${how} by ${types.map(policyTypeName).join(', ')}` : `${how} (the message names no policy type)`;

  const finding = e.findings.find((f) => f.severity === 'error') ?? e.findings.find((f) => f.check === 'not-a-policy-decision' || f.check === 'allowed-by-given-policies');
  const likely = e.messageOnly?.likelyCauses[0];
  const cause = finding ? `cause: ${findingMessage(finding).replace(/\.$/, '')}` : likely !== undefined ? `likely cause: ${own(LIKELY_CAUSES, likely) ?? likely}` : undefined;

  const evaluated = e.statements.length > 0;
  const next = !evaluated
    ? 'run `whydenied explain` with the policies for the exact statement'
    : e.fixes.some((f) => f.verified)
      ? 'a verified fix is in error.whydenied.fixes'
      : 'details in error.whydenied';
  return visible(`[whydenied] ${[`${what} ${by}`, cause, next].filter((part) => part !== undefined).join('; ')}`.replace(/\s+/g, ' '));
}
