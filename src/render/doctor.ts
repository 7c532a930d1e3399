/** The words of `doctor connect`: each check's message and fix, and the human report. */
import type { DoctorCheck, DoctorData, DoctorReport } from '../live/doctor.js';
import { renderUnreadable } from './collected.js';
import { renderExplanation } from './explanation.js';
import type { Style } from './style.js';
import { own } from '../own.js';
import { visible } from './visible.js';

const q = (v: unknown) => `\`${visible(String(v))}\``;
const list = (v: unknown) => (Array.isArray(v) ? v.map(q).join(', ') : q(v));

type Text = { message: string; fix?: string };
type Messages = Record<string, (d: DoctorData) => Text>;

export const CHECK_TITLES: Record<DoctorCheck['id'], string> = {
  'instance-and-flow': 'Instance and flow exist',
  'start-chat-contact': 'StartChatContact is allowed',
  'chat-resource-star': 'No Resource "*" on the chat statement',
  'network-condition': "Calls tied to the backend's network",
  'flow-logs': 'Flow logs enabled',
  'access-keys': 'No old IAM-user access keys',
};

const NETWORK_FIX =
  'Add a condition to the chat statement: "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-…"}} when the backend calls Amazon Connect through an interface VPC endpoint, ' +
  'or {"IpAddress": {"aws:SourceIp": ["NAT-IP/32"]}} when it calls over the internet from fixed addresses.';

const MESSAGES: Record<DoctorCheck['id'], Messages> = {
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
    implicitDeny: (d) => ({
      message: `Denied (no allow) by ${list(d['deniedBy'])}${d['finding'] ? `: ${String(d['finding'])}` : '.'}`,
      fix: 'See the explanation below for the fix.',
    }),
    deniedByCause: (d) => ({ message: `The policies that could be read allow it, but: ${String(d['finding'] ?? 'a check found a cause')}`, fix: 'See the explanation below.' }),
    explicitDeny: (d) => ({ message: `Explicitly denied by ${list(d['deniedBy'])}${d['finding'] ? `: ${String(d['finding'])}` : '.'}`, fix: 'See the explanation below; a Deny wins over every Allow.' }),
    invalid: (d) => ({ message: `The collected policies could not be evaluated: ${Array.isArray(d['problems']) ? d['problems'].join('; ') : ''}` }),
  },
  'chat-resource-star': {
    scoped: (d) => ({ message: `The statements allowing StartChatContact name specific resources (${list(d['statements'])}).` }),
    noStatement: () => ({ message: 'No statement allows StartChatContact, so none allows it on "*".' }),
    star: (d) => ({
      message: `${list(d['statements'])} allow${Array.isArray(d['statements']) && d['statements'].length === 1 ? 's' : ''} StartChatContact on every resource ("*" or NotResource).`,
      fix: 'Name the flow: "Resource": "arn:aws:connect:REGION:ACCOUNT:instance/INSTANCE_ID/contact-flow/FLOW_ID" (or …/contact-flow/* for every flow of the instance).',
    }),
  },
  'network-condition': {
    bound: (d) => ({ message: `The chat statements require the backend's network (${list(d['keys'])}).` }),
    unbound: (d) => ({ message: `${list(d['statements'])} allow${Array.isArray(d['statements']) && d['statements'].length === 1 ? 's' : ''} StartChatContact from anywhere: leaked credentials could start chats from any network.`, fix: NETWORK_FIX }),
    noStatement: () => ({ message: 'No statement allows StartChatContact on this flow: nothing to check.' }),
    sourceIpThroughEndpoint: (d) => ({
      message: `${list(d['statements'])} test${Array.isArray(d['statements']) && d['statements'].length === 1 ? 's' : ''} aws:SourceIp, but calls through a VPC endpoint carry no public source IP, so the condition never holds.`,
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
      message: `User ${q(d['user'])} calls with long-term access keys (${list(d['keys'])}).`,
      fix: 'Prefer a role: run the backend with a Lambda execution role, an ECS task role or an EC2 instance profile, and delete the user\'s keys.',
    }),
    old: (d) => ({
      message: `User ${q(d['user'])} has active access keys older than ${d['maxDays']} days: ${list(d['keys'])}.`,
      fix: 'Rotate them now (aws iam create-access-key, switch the backend, aws iam update-access-key --status Inactive, then delete-access-key); better, move the backend to a role.',
    }),
    unreadable: (d) => ({ message: `Could not read the access keys of ${q(d['principal'])} (see "Could not read").`, fix: 'Allow iam:ListAccessKeys to the credentials whydenied uses.' }),
    root: () => ({ message: 'The principal is the account root user.', fix: 'Never call APIs as root: delete root access keys and use a role.' }),
    other: (d) => ({ message: `The principal is a ${String(d['kind'])}: its credentials' age cannot be checked.` }),
  },
};

export function doctorCheckText(id: DoctorCheck['id'], messageId: string, data: DoctorData): Text {
  return own(MESSAGES[id], messageId)?.(data) ?? { message: messageId };
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
    lines.push(`${mark[c.status]}  ${CHECK_TITLES[c.id]}`, `      ${visible(c.message)}`);
    if (c.fix && c.status !== 'pass') lines.push(`      ${style.bold('Fix:')} ${visible(c.fix)}`);
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
