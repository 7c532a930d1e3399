/** StartChatContact on the flow is allowed, by explain() over every policy type that could be read. */
import { problemRef, type ProblemRef } from '../../policy/problems.js';
import { defineDoctorCheck, doctorMessage, NETWORK_KEYS } from '../check.js';

/** `finding`: the index of the explanation's finding that says why. */
type Denied = { deniedBy: readonly string[]; finding?: number; uncertain: boolean };

export const startChatContact = defineDoctorCheck({
  meta: {
    id: 'start-chat-contact',
    title: 'StartChatContact is allowed',
    summary: 'StartChatContact is allowed with every policy type (identity, boundary, SCPs...)',
    docs: 'docs/doctor/start-chat-contact.md',
    severity: 'fail',
    messages: {
      allowed: doctorMessage(() => ({ message: 'The principal is allowed to call StartChatContact on this flow.' })),
      allowedUncertain: doctorMessage(() => ({
        message: 'Allowed by what could be read, but something that could deny it could not be read (see "Could not read").',
        fix: 'Grant whydenied the read calls it lacks (whydenied policy --self), then run again.',
      })),
      noFlow: doctorMessage(() => ({ message: 'No flow given: StartChatContact is authorized on the contact-flow ARN, so it was not evaluated.', fix: 'Give --flow ID (the ContactFlowId the backend passes).' })),
      needsNetwork: doctorMessage((d: { keys: readonly string[] }, w) => ({
        message: `Allowed only from the network its condition names (${w.qs(d.keys)}), which this request does not carry.`,
        fix: `Run again with the backend's values, e.g. --context aws:SourceVpce=vpce-… (or aws:SourceIp=ADDRESS).`,
      })),
      implicitDeny: doctorMessage((d: Denied, w) => ({
        message: `Denied (no allow) by ${w.qs(d.deniedBy)}${w.finding(d.finding) ? `: ${w.finding(d.finding)}` : '.'}`,
        fix: 'See the explanation below for the fix.',
      })),
      deniedByCause: doctorMessage((d: Denied, w) => ({ message: `The policies that could be read allow it, but: ${w.finding(d.finding) ?? 'a check found a cause'}`, fix: 'See the explanation below.' })),
      explicitDeny: doctorMessage((d: Denied, w) => ({
        message: `Explicitly denied by ${w.qs(d.deniedBy)}${w.finding(d.finding) ? `: ${w.finding(d.finding)}` : '.'}`,
        fix: 'See the explanation below; a Deny wins over every Allow.',
      })),
      // The scenario's errors as data (code, message id, data), in their own words.
      invalid: doctorMessage((d: { pointers: readonly string[]; problems: readonly ProblemRef[] }, w) => ({
        message: `The collected policies could not be evaluated: ${d.problems.map((p, i) => `${d.pointers[i] ?? ''}: ${w.problem(p)}`).join('; ')}`,
      })),
    },
  },
  run({ where, explanation, problems, statements, context, uncertain }) {
    if (!where.flow) return [{ severity: 'warn', messageId: 'noFlow', data: {} }];
    if (!explanation) {
      const errors = (problems ?? []).filter((p) => p.severity === 'error');
      return [{ severity: 'warn', messageId: 'invalid', data: { pointers: errors.map((p) => p.pointer), problems: errors.map(problemRef) } }];
    }
    const errors = explanation.findings.filter((f) => f.severity === 'error');
    if (explanation.decision === 'allow' && errors.length === 0) return [uncertain ? { severity: 'warn', messageId: 'allowedUncertain', data: {} } : { severity: 'pass', messageId: 'allowed', data: {} }];
    // Denied only because the backend's network is not in the request: say what to give rather than fail.
    const have = new Set(Object.keys(context).map((k) => k.toLowerCase()));
    const networkOnly =
      errors.every((f) => f.check === 'condition-not-met') &&
      explanation.deniedBy.length === 1 &&
      explanation.deniedBy[0] === 'identity' &&
      explanation.statements.some((t) => {
        if (t.policyType !== 'identity' || t.effect !== 'Allow' || t.mismatch.length !== 1 || t.mismatch[0] !== 'condition') return false;
        const s = statements.find((c) => c.policy === t.policy && c.statement === t.statement);
        return s !== undefined && s.conditionKeys.length > 0 && s.conditionKeys.every((k) => NETWORK_KEYS.includes(k) && !have.has(k));
      });
    if (networkOnly) {
      const keys = [...new Set(statements.flatMap((s) => s.conditionKeys.filter((k) => NETWORK_KEYS.includes(k))))];
      return [{ severity: 'warn', messageId: 'needsNetwork', data: { keys } }];
    }
    const first = errors[0] ?? explanation.findings[0];
    const finding = first === undefined ? undefined : explanation.findings.indexOf(first);
    // A cause found by a check (a Cognito session policy, an ID passed as an ARN...) is certain even when the policies read allow.
    const messageId = explanation.decision === 'allow' ? 'deniedByCause' : explanation.decision === 'explicit-deny' ? 'explicitDeny' : 'implicitDeny';
    return [{ severity: uncertain && errors.length === 0 ? 'warn' : 'fail', messageId, data: { deniedBy: explanation.deniedBy, finding, uncertain } }];
  },
});
