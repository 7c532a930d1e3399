/**
 * `doctor connect`: the Amazon Connect chat health check. For an instance (and flow) and the principal
 * that calls StartChatContact (given, else the caller), it collects the scenario, evaluates
 * StartChatContact with explain(), and checks the practices chat backends get asked about: no
 * `Resource: "*"` on the chat statement, a condition tying calls to the backend's network, flow logs on,
 * and no IAM-user access keys older than 90 days (roles preferred). Each check passes, warns or fails,
 * with the fix; the words are each check's templates, filled by src/render/doctor.ts.
 */
import type { AwsClients } from '../aws/clients.js';
import { parseConnectArn } from '../aws/collect/connect.js';
import { isConnectId } from '../catalog/connect.js';
import { LiveError, principalError } from '../aws/collect/errors.js';
import { readCallerIdentity } from '../aws/collect/identity.js';
import { Reader } from '../aws/collect/reader.js';
import { explain, type Explanation } from '../explain/explain.js';
import type { Problem } from '../policy/problems.js';
import { wildcardMatch } from '../policy/wildcard.js';
import { parsePrincipal } from '../request/principal.js';
import type { ContextValue } from '../scenario/types.js';
import type { ChatStatement, DoctorContext, Located } from './check.js';
import { DOCTOR_CHECKS, type DoctorCheck } from './checks/index.js';
import { collectScenario, type CollectedScenario, type UnreadableEntry } from '../live/collect.js';

export type { CheckStatus } from './check.js';
export type { DoctorCheck, DoctorCheckId } from './checks/index.js';

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

/** Where the instance and flow are: from an ARN, or an ID in the clients' Region and the caller's account. */
export function locate(input: DoctorInput, region: string, account: string): Located {
  const arn = input.instance.startsWith('arn:') ? parseConnectArn(input.instance) : undefined;
  if (input.instance.startsWith('arn:') && !arn) throw new LiveError('notInstanceArn', { instance: input.instance });
  if (!arn && !isConnectId(input.instance)) throw new LiveError('notInstanceId', { instance: input.instance });
  const partition = arn?.partition ?? 'aws';
  const where = arn ? { region: arn.region, account: arn.account, id: arn.instanceId } : { region, account, id: input.instance };
  const instanceArn = `arn:${partition}:connect:${where.region}:${where.account}:instance/${where.id}`;
  let flowId = arn?.flowId;
  if (input.flow !== undefined) {
    const flowArn = input.flow.startsWith('arn:') ? parseConnectArn(input.flow) : undefined;
    if (input.flow.startsWith('arn:') && !flowArn?.flowId) throw new LiveError('notFlowArn', { flow: input.flow });
    if (flowArn && flowArn.instanceId !== where.id) throw new LiveError('flowElsewhere', { flow: input.flow, instanceId: where.id });
    flowId = flowArn?.flowId ?? input.flow;
    if (!isConnectId(flowId)) throw new LiveError('notFlowId', { flow: input.flow });
  }
  return { instance: { ...where, arn: instanceArn }, ...(flowId !== undefined && { flow: { id: flowId, arn: `${instanceArn}/contact-flow/${flowId}` } }) };
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

/**
 * Every check on a collected scenario (no AWS call): the chat statements, explain() of StartChatContact on
 * the flow, then each check's one result. The case tables (test/doctor/) run the checks through this.
 */
export function runDoctorChecks(
  scenario: CollectedScenario,
  where: Located,
  principal: string,
  context: Readonly<Record<string, ContextValue>>,
): { checks: DoctorCheck[]; explanation?: Explanation; problems?: readonly Problem[] } {
  const statements = chatStatements(scenario);
  let explanation: Explanation | undefined;
  let problems: readonly Problem[] | undefined;
  if (where.flow) {
    const result = explain({ scenario: scenario as unknown as Record<string, unknown> });
    if (result.ok) explanation = result.explanation;
    else problems = result.problems;
  }
  const ctx: DoctorContext = { scenario, where, principal, statements, context, uncertain: scenario.collected.uncertain, ...(explanation && { explanation }), ...(problems && { problems }) };
  const checks = DOCTOR_CHECKS.flatMap((c) => c.run(ctx).map((r) => ({ id: c.meta.id, status: r.severity ?? c.meta.severity, messageId: r.messageId, data: r.data }) as DoctorCheck));
  return { checks, ...(explanation && { explanation }), ...(problems && { problems }) };
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
    if (!p.ok) throw principalError(input.principal, p.fault);
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
  const { checks, explanation, problems } = runDoctorChecks(scenario, where, principal, context);
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
