/** The words of `doctor connect`: each check's message and fix (one template per message id), and the human report. */
import type { DataOf, MessageData, MessageId, Messages } from '../diagnosis/rule.js';
import { DOCTOR_CHECKS, type DoctorCheck, type DoctorCheckId, type DoctorMessages } from '../doctor/checks/index.js';
import type { DoctorReport } from '../doctor/connect.js';
import { renderUnreadable } from './collected.js';
import { explanationJson, renderExplanation } from './explanation.js';
import { findingMessage } from './findings.js';
import { problemJson, problemMessage } from './problems.js';
import type { Style } from './style.js';
import { own } from '../own.js';
import { visible } from './visible.js';

const q = (v: unknown) => `\`${visible(String(v))}\``;
const list = (v: unknown) => (Array.isArray(v) ? v.map(q).join(', ') : q(v));
const items = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
/** `Policy › Sid` for each statement of the data. */
const statements = (d: MessageData) => {
  const sids = items(d['sids']);
  return items(d['policies']).map((p, i) => `${p} › ${sids[i] ?? ''}`);
};
/** `…0001 (200 days)` for each access key of the data. */
const keys = (d: MessageData) => {
  const ages = items(d['keyAges']);
  return items(d['keyEndings']).map((k, i) => `…${k} (${ages[i] ?? '?'} days)`);
};

type Text = { message: string; fix?: string };
type DoctorTemplates<M extends Messages> = { readonly [K in MessageId<M>]: (d: DataOf<M[K]>, report: DoctorReport | undefined) => Text };

const NETWORK_FIX =
  'Add a condition to the chat statement: "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-…"}} when the backend calls Amazon Connect through an interface VPC endpoint, ' +
  'or {"IpAddress": {"aws:SourceIp": ["NAT-IP/32"]}} when it calls over the internet from fixed addresses.';

const MESSAGES: { readonly [Id in DoctorCheckId]: DoctorTemplates<DoctorMessages[Id]> } = {
  'instance-and-flow': {
    found: (d) => ({ message: `Instance ${q(d['alias'] ?? d['instance'])} and flow ${q(d['name'] ?? d['flow'])} (${String(d['type'] ?? 'type unknown')}, ${String(d['status'] ?? 'status unknown')}) exist in ${d['account']} ${d['region']}.` }),
    instanceOnly: (d) => ({ message: `Instance ${q(d['alias'] ?? d['instance'])} exists in ${d['account']} ${d['region']}; no flow was given.` }),
    instanceNotFound: (d) => ({
      message: `Instance ${q(d['instance'])} does not exist in account ${d['account']}, Region ${d['region']}.`,
      fix: `Check the instance ID and the Region (aws connect list-instances --region ${d['region']}); the backend must call the instance's Region.`,
    }),
    instanceNotActive: (d) => ({ message: `Instance ${q(d['instance'])} is ${q(d['status'])}, not ACTIVE.`, fix: 'Wait for the instance to be created, or recreate it if creation failed.' }),
    instanceUnreadable: (d) => ({ message: `Could not read instance ${q(d['instance'])} in ${d['region']} (see "Could not read").`, fix: 'Allow connect:DescribeInstance to the credentials whydenied uses (whydenied policy --self).' }),
    flowNotFound: (d) => ({
      message: `Flow ${q(d['flow'])} does not exist in instance ${q(d['alias'] ?? d['instance'])}.`,
      fix: 'Pass the flow ID (a UUID from the flow\'s ARN …/contact-flow/ID), not its name or ARN, as ContactFlowId.',
    }),
    flowArchived: (d) => ({ message: `Flow ${q(d['name'] ?? d['flow'])} is archived.`, fix: 'Use a published, active contact flow.' }),
    flowType: (d) => ({ message: `Flow ${q(d['name'] ?? d['flow'])} is of type ${q(d['type'])}; StartChatContact needs a contact flow (CONTACT_FLOW).`, fix: 'Pass the ID of an inbound contact flow.' }),
    flowUnreadable: (d) => ({ message: `Could not read flow ${q(d['flow'])} (see "Could not read").`, fix: 'Allow connect:DescribeContactFlow to the credentials whydenied uses.' }),
  },
  'start-chat-contact': {
    allowed: () => ({ message: 'The principal is allowed to call StartChatContact on this flow.' }),
    allowedUncertain: () => ({ message: 'Allowed by what could be read, but something that could deny it could not be read (see "Could not read").', fix: 'Grant whydenied the read calls it lacks (whydenied policy --self), then run again.' }),
    noFlow: () => ({ message: 'No flow given: StartChatContact is authorized on the contact-flow ARN, so it was not evaluated.', fix: 'Give --flow ID (the ContactFlowId the backend passes).' }),
    needsNetwork: (d) => ({
      message: `Allowed only from the network its condition names (${list(d['keys'])}), which this request does not carry.`,
      fix: `Run again with the backend's values, e.g. --context aws:SourceVpce=vpce-… (or aws:SourceIp=ADDRESS).`,
    }),
    implicitDeny: (d, r) => ({
      message: `Denied (no allow) by ${list(d['deniedBy'])}${finding(d, r) ? `: ${finding(d, r)}` : '.'}`,
      fix: 'See the explanation below for the fix.',
    }),
    deniedByCause: (d, r) => ({ message: `The policies that could be read allow it, but: ${finding(d, r) ?? 'a check found a cause'}`, fix: 'See the explanation below.' }),
    explicitDeny: (d, r) => ({ message: `Explicitly denied by ${list(d['deniedBy'])}${finding(d, r) ? `: ${finding(d, r)}` : '.'}`, fix: 'See the explanation below; a Deny wins over every Allow.' }),
    // The problems' words: the report carries them as data (the check names their places).
    invalid: (_d, r) => ({ message: `The collected policies could not be evaluated: ${(r?.problems ?? []).filter((p) => p.severity === 'error').map((p) => `${p.pointer}: ${problemMessage(p)}`).join('; ')}` }),
  },
  'chat-resource-star': {
    scoped: (d) => ({ message: `The statements allowing StartChatContact name specific resources (${list(statements(d))}).` }),
    noStatement: () => ({ message: 'No statement allows StartChatContact, so none allows it on "*".' }),
    star: (d) => ({
      message: `${list(statements(d))} allow${statements(d).length === 1 ? 's' : ''} StartChatContact on every resource ("*" or NotResource).`,
      fix: 'Name the flow: "Resource": "arn:aws:connect:REGION:ACCOUNT:instance/INSTANCE_ID/contact-flow/FLOW_ID" (or …/contact-flow/* for every flow of the instance).',
    }),
  },
  'network-condition': {
    bound: (d) => ({ message: `The chat statements require the backend's network (${list(d['keys'])}).` }),
    unbound: (d) => ({ message: `${list(statements(d))} allow${statements(d).length === 1 ? 's' : ''} StartChatContact from anywhere: leaked credentials could start chats from any network.`, fix: NETWORK_FIX }),
    noStatement: () => ({ message: 'No statement allows StartChatContact on this flow: nothing to check.' }),
    sourceIpThroughEndpoint: (d) => ({
      message: `${list(statements(d))} test${statements(d).length === 1 ? 's' : ''} aws:SourceIp, but calls through a VPC endpoint carry no public source IP, so the condition never holds.`,
      fix: 'Use "StringEquals": {"aws:SourceVpce": "vpce-…"} (or aws:VpcSourceIp) for calls through the endpoint.',
    }),
  },
  'flow-logs': {
    on: () => ({ message: 'Flow logs (CONTACTFLOW_LOGS) are on.' }),
    off: (d) => ({
      message: 'Flow logs are off: failed chats leave no trace of the flow blocks they ran.',
      fix: `aws connect update-instance-attribute --instance-id ${d['instance']} --attribute-type CONTACTFLOW_LOGS --value true --region ${d['region']} (and add a "Set logging behavior" block to the flow)`,
    }),
    unknown: () => ({ message: 'Could not read whether flow logs are on (see "Could not read").', fix: 'Allow connect:ListInstanceAttributes or connect:DescribeInstanceAttribute to the credentials whydenied uses.' }),
  },
  'access-keys': {
    role: () => ({ message: 'The principal is a role: temporary credentials, nothing to rotate.' }),
    noKeys: (d) => ({ message: `User ${q(d['user'])} has no active access keys.` }),
    userKeys: (d) => ({
      message: `User ${q(d['user'])} calls with long-term access keys (${list(keys(d))}).`,
      fix: 'Prefer a role: run the backend with a Lambda execution role, an ECS task role or an EC2 instance profile, and delete the user\'s keys.',
    }),
    old: (d) => ({
      message: `User ${q(d['user'])} has active access keys older than ${d['maxDays']} days: ${list(keys(d))}.`,
      fix: 'Rotate them now (aws iam create-access-key, switch the backend, aws iam update-access-key --status Inactive, then delete-access-key); better, move the backend to a role.',
    }),
    unreadable: (d) => ({ message: `Could not read the access keys of ${q(d['principal'])} (see "Could not read").`, fix: 'Allow iam:ListAccessKeys to the credentials whydenied uses.' }),
    root: () => ({ message: 'The principal is the account root user.', fix: 'Never call APIs as root: delete root access keys and use a role.' }),
    other: (d) => ({ message: `The principal is a ${String(d['kind'])}: its credentials' age cannot be checked.` }),
  },
};

/** The words of the explanation's finding a start-chat-contact result points at. */
function finding(d: MessageData, report: DoctorReport | undefined): string | undefined {
  const i = d['finding'];
  const f = typeof i === 'number' ? report?.explanation?.findings[i] : undefined;
  return f && findingMessage(f);
}

/** A check's message and fix. */
export function doctorCheckText(c: DoctorCheck, report?: DoctorReport): Text {
  const template = own(MESSAGES[c.id] as unknown as Readonly<Record<string, (d: MessageData, r: DoctorReport | undefined) => Text>>, c.messageId);
  return template ? template(c.data, report) : { message: c.messageId };
}

const TITLES = new Map<string, string>(DOCTOR_CHECKS.map((c) => [c.meta.id, c.meta.title]));

/** The report as `--json` prints it: each check with its words, the explanation with the words of its findings. */
export function doctorJson(report: DoctorReport): unknown {
  return {
    ...report,
    checks: report.checks.map((c) => {
      const text = doctorCheckText(c, report);
      return { ...c, message: text.message, ...(text.fix !== undefined && { fix: text.fix }) };
    }),
    ...(report.explanation && { explanation: explanationJson(report.explanation) }),
    ...(report.problems && { problems: report.problems.map(problemJson) }),
  };
}

export function renderDoctor(report: DoctorReport, style: Style): string {
  const mark = { pass: style.green('PASS'), warn: style.yellow('WARN'), fail: style.red('FAIL') };
  const lines = [
    style.bold(`Amazon Connect chat doctor: ${visible(report.flow?.arn ?? report.instance.arn)}`),
    `  principal: ${visible(report.principal)}${report.principalFrom === 'caller' ? style.dim(' (the caller; give --principal for the backend\'s role)') : ''}`,
    visible(`  read as ${report.caller} in account ${report.account}`),
    '',
  ];
  for (const c of report.checks) {
    const text = doctorCheckText(c, report);
    lines.push(`${mark[c.status]}  ${TITLES.get(c.id)}`, `      ${visible(text.message)}`);
    if (text.fix && c.status !== 'pass') lines.push(`      ${style.bold('Fix:')} ${visible(text.fix)}`);
  }
  const evaluation = report.checks.find((c) => c.id === 'start-chat-contact');
  if (report.explanation && evaluation?.status === 'fail') {
    lines.push('', style.bold('StartChatContact, explained'), '', renderExplanation(report.explanation, 'json', style).trimEnd());
  }
  const unreadable = renderUnreadable(report.unreadable, style);
  if (unreadable) lines.push('', unreadable.trimEnd());
  const counts = { pass: 0, warn: 0, fail: 0 };
  for (const c of report.checks) counts[c.status]++;
  lines.push('', `${counts.pass} passed, ${counts.warn} warning${counts.warn === 1 ? '' : 's'}, ${counts.fail} failed`);
  return `${lines.join('\n')}\n`;
}
