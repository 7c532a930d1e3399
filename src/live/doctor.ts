/**
 * `doctor connect`: the Amazon Connect chat health check. For an instance (and flow) and the principal
 * that calls StartChatContact (given, else the caller), it collects the scenario, evaluates
 * StartChatContact with explain(), and checks the practices chat backends get asked about: no
 * `Resource: "*"` on the chat statement, a condition tying calls to the backend's network, flow logs on,
 * and no IAM-user access keys older than 90 days (roles preferred). Each check passes, warns or fails,
 * with the fix; the words are in src/render/doctor.ts.
 */
import type { AwsClients } from '../aws/clients.js';
import { parseConnectArn } from '../aws/collect/connect.js';
import { LiveError } from '../aws/collect/errors.js';
import { readCallerIdentity } from '../aws/collect/identity.js';
import { Reader } from '../aws/collect/reader.js';
import { explain, type Explanation } from '../explain.js';
import type { Problem } from '../policy/problems.js';
import { wildcardMatch } from '../policy/wildcard.js';
import { parsePrincipal } from '../request/principal.js';
import type { ContextValue } from '../scenario/types.js';
import { doctorCheckText } from '../render/doctor.js';
import { collectScenario, type CollectedScenario, type UnreadableEntry } from './collect.js';

export type CheckStatus = 'pass' | 'warn' | 'fail';
export type DoctorCheckId = 'instance-and-flow' | 'start-chat-contact' | 'chat-resource-star' | 'network-condition' | 'flow-logs' | 'access-keys';

export type DoctorData = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

export interface DoctorCheck {
  readonly id: DoctorCheckId;
  readonly status: CheckStatus;
  readonly messageId: string;
  readonly data: DoctorData;
  /** In words (src/render/doctor.ts). */
  readonly message: string;
  readonly fix?: string;
}

export interface DoctorInput {
  /** An instance ARN or ID (the ID needs the Region from --region or the profile). */
  readonly instance: string;
  /** A contact-flow ID or ARN; a flow ARN given as --instance also counts. */
  readonly flow?: string;
  /** The principal that calls StartChatContact; default: the caller. */
  readonly principal?: string;
  /** Request context the backend's calls carry (aws:SourceVpce, aws:SourceIp...). */
  readonly context?: Readonly<Record<string, ContextValue>>;
}

export interface DoctorReport {
  readonly instance: { readonly id: string; readonly arn: string; readonly region: string; readonly account: string };
  readonly flow?: { readonly id: string; readonly arn: string };
  readonly principal: string;
  readonly principalFrom: 'given' | 'caller';
  readonly caller: string;
  readonly account: string;
  readonly checks: readonly DoctorCheck[];
  /** explain() of StartChatContact on the flow (absent without a flow). */
  readonly explanation?: Explanation;
  readonly problems?: readonly Problem[];
  readonly unreadable: readonly UnreadableEntry[];
  readonly uncertain: boolean;
  readonly collected: CollectedScenario['collected'];
}

const ACTION = 'connect:StartChatContact';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NETWORK_KEYS = ['aws:sourcevpce', 'aws:sourcevpc', 'aws:sourceip', 'aws:vpcsourceip'];

/** Where the instance and flow are: from an ARN, or an ID in the clients' Region and the caller's account. */
function locate(input: DoctorInput, region: string, account: string): { instance: DoctorReport['instance']; flow?: DoctorReport['flow'] } {
  const arn = input.instance.startsWith('arn:') ? parseConnectArn(input.instance) : undefined;
  if (input.instance.startsWith('arn:') && !arn) throw new LiveError('input', `\`${input.instance}\` is not an Amazon Connect instance ARN (arn:aws:connect:REGION:ACCOUNT:instance/ID)`);
  if (!arn && !UUID.test(input.instance)) throw new LiveError('input', `\`${input.instance}\` is not an Amazon Connect instance ID (a UUID) or ARN`);
  const partition = arn?.partition ?? 'aws';
  const where = arn ? { region: arn.region, account: arn.account, id: arn.instanceId } : { region, account, id: input.instance };
  const instanceArn = `arn:${partition}:connect:${where.region}:${where.account}:instance/${where.id}`;
  let flowId = arn?.flowId;
  if (input.flow !== undefined) {
    const flowArn = input.flow.startsWith('arn:') ? parseConnectArn(input.flow) : undefined;
    if (input.flow.startsWith('arn:') && !flowArn?.flowId) throw new LiveError('input', `\`${input.flow}\` is not a contact-flow ARN (…:instance/ID/contact-flow/FLOW_ID)`);
    if (flowArn && flowArn.instanceId !== where.id) throw new LiveError('input', `the flow \`${input.flow}\` is not in instance ${where.id}`);
    flowId = flowArn?.flowId ?? input.flow;
    if (!UUID.test(flowId)) throw new LiveError('input', `\`${input.flow}\` is not a contact-flow ID (a UUID) or ARN`);
  }
  return { instance: { ...where, arn: instanceArn }, ...(flowId !== undefined && { flow: { id: flowId, arn: `${instanceArn}/contact-flow/${flowId}` } }) };
}

interface ChatStatement {
  readonly policy: string;
  readonly statement: string;
  readonly resources: readonly string[];
  readonly notResource: boolean;
  readonly conditionKeys: readonly string[];
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

function documentOf(document: unknown): Record<string, unknown> | undefined {
  let d = document;
  if (typeof d === 'string') {
    try {
      d = JSON.parse(d.includes('%') ? decodeURIComponent(d) : d);
    } catch {
      return undefined;
    }
  }
  return d && typeof d === 'object' && !Array.isArray(d) ? (d as Record<string, unknown>) : undefined;
}

/** The identity-policy statements that allow StartChatContact (on any resource). */
function chatStatements(scenario: CollectedScenario): ChatStatement[] {
  const found: ChatStatement[] = [];
  const action = ACTION.toLowerCase();
  (scenario.identityPolicies ?? []).forEach((policy, p) => {
    const doc = documentOf(policy.document);
    asArray(doc?.['Statement']).forEach((raw, i) => {
      if (!raw || typeof raw !== 'object') return;
      const s = raw as Record<string, unknown>;
      if (s['Effect'] !== 'Allow') return;
      const matches = (patterns: unknown) => asArray(patterns).some((a) => typeof a === 'string' && wildcardMatch(a.toLowerCase(), action));
      const allows = s['Action'] !== undefined ? matches(s['Action']) : s['NotAction'] !== undefined && !matches(s['NotAction']);
      if (!allows) return;
      const condition = s['Condition'] && typeof s['Condition'] === 'object' ? (s['Condition'] as Record<string, unknown>) : {};
      const conditionKeys = Object.values(condition).flatMap((block) => (block && typeof block === 'object' ? Object.keys(block).map((k) => k.toLowerCase()) : []));
      found.push({
        policy: policy.name ?? policy.arn ?? `identityPolicies[${p}]`,
        statement: typeof s['Sid'] === 'string' && s['Sid'] !== '' ? s['Sid'] : String(i),
        resources: asArray(s['Resource'] ?? s['NotResource']).filter((r): r is string => typeof r === 'string'),
        notResource: s['NotResource'] !== undefined,
        conditionKeys,
      });
    });
  });
  return found;
}

/** A Resource that names every instance (or everything): `*`, `arn:aws:connect:*:*:*`, `…:instance/*`. */
function isStar(resource: string): boolean {
  return resource === '*' || /^arn:[^:]*:connect:[^:]*:[^:]*:(\*|instance\/\*)$/.test(resource) || /^arn:\*(:\*)*$/.test(resource);
}

function check(id: DoctorCheckId, status: CheckStatus, messageId: string, data: DoctorData = {}): DoctorCheck {
  const text = doctorCheckText(id, messageId, data);
  return { id, status, messageId, data, message: text.message, ...(text.fix !== undefined && { fix: text.fix }) };
}

function instanceCheck(scenario: CollectedScenario, where: ReturnType<typeof locate>): DoctorCheck {
  const c = scenario.collected.connect;
  const base = { instance: where.instance.id, region: where.instance.region, account: where.instance.account };
  if (!c || c.instance.found === undefined) return check('instance-and-flow', 'warn', 'instanceUnreadable', base);
  if (c.instance.found === false) return check('instance-and-flow', 'fail', 'instanceNotFound', base);
  if (c.instance.status !== undefined && c.instance.status !== 'ACTIVE') return check('instance-and-flow', 'fail', 'instanceNotActive', { ...base, status: c.instance.status });
  const alias = c.instance.alias;
  if (!where.flow) return check('instance-and-flow', 'pass', 'instanceOnly', { ...base, alias });
  const f = c.flow;
  const flowData = { ...base, alias, flow: where.flow.id };
  if (!f || f.found === undefined) return check('instance-and-flow', 'warn', 'flowUnreadable', flowData);
  if (f.found === false) return check('instance-and-flow', 'fail', 'flowNotFound', flowData);
  if (f.state === 'ARCHIVED') return check('instance-and-flow', 'fail', 'flowArchived', { ...flowData, name: f.name });
  if (f.type !== undefined && f.type !== 'CONTACT_FLOW') return check('instance-and-flow', 'warn', 'flowType', { ...flowData, name: f.name, type: f.type });
  return check('instance-and-flow', 'pass', 'found', { ...flowData, name: f.name, type: f.type, status: f.status });
}

function evaluationCheck(explanation: Explanation | undefined, problems: readonly Problem[] | undefined, statements: readonly ChatStatement[], context: Readonly<Record<string, ContextValue>>, uncertain: boolean, hasFlow: boolean): DoctorCheck {
  if (!hasFlow) return check('start-chat-contact', 'warn', 'noFlow');
  if (!explanation) return check('start-chat-contact', 'warn', 'invalid', { problems: (problems ?? []).filter((p) => p.severity === 'error').map((p) => `${p.pointer}: ${p.message}`) });
  const errors = explanation.findings.filter((f) => f.severity === 'error');
  if (explanation.decision === 'allow' && errors.length === 0) return uncertain ? check('start-chat-contact', 'warn', 'allowedUncertain') : check('start-chat-contact', 'pass', 'allowed');
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
    return check('start-chat-contact', 'warn', 'needsNetwork', { keys });
  }
  const finding = errors[0] ?? explanation.findings[0];
  // A cause found by a check (a Cognito session policy, an ID passed as an ARN...) is certain even when the policies read allow.
  const messageId = explanation.decision === 'allow' ? 'deniedByCause' : explanation.decision === 'explicit-deny' ? 'explicitDeny' : 'implicitDeny';
  return check('start-chat-contact', uncertain && errors.length === 0 ? 'warn' : 'fail', messageId, { deniedBy: explanation.deniedBy, finding: finding?.message, uncertain });
}

function resourceStarCheck(statements: readonly ChatStatement[]): DoctorCheck {
  const star = statements.filter((s) => s.notResource || s.resources.some(isStar));
  if (star.length === 0) return check('chat-resource-star', 'pass', statements.length === 0 ? 'noStatement' : 'scoped', { statements: statements.map((s) => `${s.policy} › ${s.statement}`) });
  return check('chat-resource-star', 'fail', 'star', { statements: star.map((s) => `${s.policy} › ${s.statement}`) });
}

function networkCheck(statements: readonly ChatStatement[], flowArn: string | undefined, context: Readonly<Record<string, ContextValue>>): DoctorCheck {
  // The statements that would allow this flow (all chat statements when no flow is given).
  const relevant = flowArn ? statements.filter((s) => (s.notResource ? !s.resources.some((r) => wildcardMatch(r, flowArn)) : s.resources.some((r) => wildcardMatch(r, flowArn)))) : statements;
  if (relevant.length === 0) return check('network-condition', 'warn', 'noStatement');
  const unbound = relevant.filter((s) => !s.conditionKeys.some((k) => NETWORK_KEYS.includes(k)));
  const viaEndpoint = Object.keys(context).some((k) => k.toLowerCase() === 'aws:sourcevpce');
  const ipThroughEndpoint = viaEndpoint ? relevant.filter((s) => s.conditionKeys.includes('aws:sourceip')) : [];
  if (ipThroughEndpoint.length > 0) return check('network-condition', 'fail', 'sourceIpThroughEndpoint', { statements: ipThroughEndpoint.map((s) => `${s.policy} › ${s.statement}`) });
  if (unbound.length > 0) return check('network-condition', 'warn', 'unbound', { statements: unbound.map((s) => `${s.policy} › ${s.statement}`) });
  return check('network-condition', 'pass', 'bound', { keys: [...new Set(relevant.flatMap((s) => s.conditionKeys.filter((k) => NETWORK_KEYS.includes(k))))] });
}

function flowLogsCheck(scenario: CollectedScenario, instanceId: string, region: string): DoctorCheck {
  const logs = scenario.collected.connect?.flowLogs;
  if (logs === true) return check('flow-logs', 'pass', 'on');
  if (logs === false) return check('flow-logs', 'warn', 'off', { instance: instanceId, region });
  return check('flow-logs', 'warn', 'unknown', { instance: instanceId, region });
}

const MAX_KEY_AGE_DAYS = 90;

function accessKeyCheck(scenario: CollectedScenario, principal: string): DoctorCheck {
  const kind = scenario.collected.principal?.kind;
  if (kind === 'role' || kind === 'role-session') return check('access-keys', 'pass', 'role');
  if (kind === 'root') return check('access-keys', 'fail', 'root');
  if (kind !== 'user') return check('access-keys', 'warn', 'other', { kind });
  const keys = scenario.collected.principal?.accessKeys;
  if (keys === undefined) return check('access-keys', 'warn', 'unreadable', { principal });
  const active = keys.filter((k) => k.status === 'Active');
  const old = active.filter((k) => k.ageDays > MAX_KEY_AGE_DAYS);
  const describe = (list: typeof keys) => list.map((k) => `…${k.idEnding} (${k.ageDays} days)`);
  if (old.length > 0) return check('access-keys', 'fail', 'old', { keys: describe(old), maxDays: MAX_KEY_AGE_DAYS, user: principal });
  if (active.length > 0) return check('access-keys', 'warn', 'userKeys', { keys: describe(active), user: principal });
  return check('access-keys', 'pass', 'noKeys', { user: principal });
}

export interface DoctorOptions {
  readonly concurrency?: number;
  readonly tool?: string;
  readonly profile?: string;
  readonly now?: () => Date;
}

export async function doctorConnect(input: DoctorInput, clients: AwsClients, options: DoctorOptions = {}): Promise<DoctorReport> {
  if (input.principal !== undefined) {
    const p = parsePrincipal(input.principal);
    if (!p.ok) throw new LiveError('input', p.message);
  }
  const caller = await readCallerIdentity(new Reader(clients, 1, options.profile));
  const where = locate(input, clients.region, caller.account);
  const principal = input.principal ?? caller.arn;
  const context = input.context ?? {};
  const { scenario, unreadable } = await collectScenario({ principal, action: ACTION, resource: where.flow?.arn ?? where.instance.arn, context }, clients, {
    caller,
    accessKeys: true,
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
    ...(options.tool !== undefined && { tool: options.tool }),
    ...(options.profile !== undefined && { profile: options.profile }),
    ...(options.now !== undefined && { now: options.now }),
  });
  const uncertain = scenario.collected.uncertain;
  const statements = chatStatements(scenario);
  let explanation: Explanation | undefined;
  let problems: readonly Problem[] | undefined;
  if (where.flow) {
    const result = explain({ scenario: scenario as unknown as Record<string, unknown> });
    if (result.ok) explanation = result.explanation;
    else problems = result.problems;
  }
  const checks = [
    instanceCheck(scenario, where),
    evaluationCheck(explanation, problems, statements, context, uncertain, where.flow !== undefined),
    resourceStarCheck(statements),
    networkCheck(statements, where.flow?.arn, context),
    flowLogsCheck(scenario, where.instance.id, where.instance.region),
    accessKeyCheck(scenario, principal),
  ];
  return {
    instance: where.instance,
    ...(where.flow && { flow: where.flow }),
    principal,
    principalFrom: input.principal !== undefined ? 'given' : 'caller',
    caller: caller.arn,
    account: caller.account,
    checks,
    ...(explanation && { explanation }),
    ...(problems && { problems }),
    unreadable,
    uncertain,
    collected: scenario.collected,
  };
}

/** 2 when a check fails, 3 when StartChatContact could not be decided for lack of data, else 0. */
export function doctorExitCode(report: DoctorReport): 0 | 2 | 3 {
  if (report.checks.some((c) => c.status === 'fail')) return 2;
  const evaluation = report.checks.find((c) => c.id === 'start-chat-contact');
  if (report.uncertain && evaluation?.status !== 'pass') return 3;
  return 0;
}
