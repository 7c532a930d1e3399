/**
 * explain(input): from an AccessDenied (and, when given, the policies) to the deciding statement, the
 * cause, and a verified least-privilege fix. Pure: no I/O.
 */
import { analyze } from '../diagnosis/analyze.js';
import type { DiagnosisContext } from '../diagnosis/check.js';
import { CHECKS, type CheckId, type Finding } from '../diagnosis/checks/index.js';
import { evaluate } from '../engine/evaluate.js';
import type { Decision, EvaluationResult, PolicyType, StatementRef, StatementTrace } from '../engine/types.js';
import type { Denial, DenialSource, NamedPolicyType } from '../input/denial.js';
import type { Problem } from '../policy/problems.js';
import { planFixes, structuralSuggestions, type Fix } from '../remedy/fix.js';
import { messageAdvice } from '../remedy/message-advice.js';
import { normalizeAction, requestFromDenial } from '../request/from-denial.js';
import { buildRequest, type Request } from '../request/request.js';
import { compileScenario, type CompiledScenario } from '../scenario/compile.js';
import type { ScenarioRequest } from '../scenario/types.js';
import { POLICY_SLOT_FIELDS } from '../scenario/from-policies.js';
import { own } from '../own.js';
import { lintedFix } from './lint-fix.js';

export interface ExplainInput {
  /** What AWS said (parsed from a message, an SDK error or a CloudTrail record). */
  readonly denial?: Denial;
  /** A scenario: its policies, and optionally its own request (which then wins over the denial's). */
  readonly scenario?: Record<string, unknown>;
  /** The resource ARN, when the denial does not show it (CloudTrail rarely does). */
  readonly resource?: string;
  /** Extra request context keys (aws:SourceVpce...), added to whichever request is explained. */
  readonly context?: Readonly<Record<string, string>>;
}

/** A finding as explain() returns it: data only (src/render/findings.ts has the words). */
export type ExplainedFinding = {
  [Id in CheckId]: Omit<Extract<Finding, { check: Id }>, 'location' | 'fix'> & {
    readonly policyType?: PolicyType;
    readonly policy?: string;
    readonly statement?: string;
  };
}[CheckId];

/** With only a message that does not name the caller (or the action): what it does prove, null where unknown. */
export interface ProvenRequest {
  readonly principal: string | null;
  readonly action: string | null;
  readonly resource: string | null;
}

export interface Explanation {
  readonly request: ScenarioRequest | ProvenRequest | null;
  readonly source: { readonly kind: DenialSource | 'scenario'; readonly policyType: NamedPolicyType | null; readonly explicit: boolean | null; readonly policyArn?: string };
  readonly decision: Decision | 'unknown';
  readonly deniedBy: readonly PolicyType[];
  /** The statements that decided (the engine's `determining`; empty without policies). */
  readonly determining: readonly StatementRef[];
  readonly findings: readonly ExplainedFinding[];
  readonly fixes: readonly Fix[];
  /** The evaluation trace (empty when no policies were given). */
  readonly statements: readonly StatementTrace[];
  /** With only a message: what it proves, what it cannot, and how to fetch the missing policies. */
  readonly messageOnly?: MessageOnly;
  readonly warnings: readonly Problem[];
  /** ARNs and action names the reader rejoined from a hard line wrap (its guess, said in the output). */
  readonly rejoined?: readonly string[];
  /**
   * SCP levels that hold only Deny statements (or none): nothing is allowed there, so every request is
   * denied; usually FullAWSAccess, attached at every level by default, was left out.
   */
  readonly denyOnlyLevels?: readonly DenyOnlyLevel[];
  /**
   * With `--live` (or a `collect` file): what could not be read and could change the decision. Unknown, not
   * empty: no finding says those policies allow nothing, and no fix is verified against them.
   */
  readonly unread?: readonly UnreadPolicies[];
  /** Whether a cause was determined (exit code 0) or not (3). */
  readonly determined: boolean;
}

export interface UnreadPolicies {
  readonly what: string;
  readonly call: string;
  readonly reason: string;
}

export interface DenyOnlyLevel {
  readonly level: string;
  readonly policies: readonly string[];
}

export interface MessageOnly {
  readonly proves: readonly { readonly fact: string; readonly value: string }[];
  readonly cannotProve: readonly string[];
  readonly likelyCauses: readonly string[];
  readonly commands: readonly string[];
}

export type ExplainResult = { readonly ok: true; readonly explanation: Explanation } | { readonly ok: false; readonly problems: readonly Problem[] };

const POLICY_FIELDS = [...POLICY_SLOT_FIELDS, 'kmsGrants'];

function problem(messageId: 'unknownRequest' | 'unknownResource', missing: readonly string[], pointer: string): ExplainResult {
  return { ok: false, problems: [{ severity: 'error', code: 'invalid-input', pointer, messageId, data: { missing } }] };
}

/** The findings without what only the remedy needs (the analysed statement, the fix intent). */
function explained(findings: readonly Finding[]): ExplainedFinding[] {
  return findings.map(({ check, severity, messageId, data, location }) => ({
    check,
    severity,
    ...(location.policyType !== undefined && { policyType: location.policyType }),
    ...(location.policy !== undefined && { policy: location.policy }),
    ...(location.statement !== undefined && { statement: location.statement }),
    messageId,
    data,
  }) as ExplainedFinding);
}

function runChecks(ctx: DiagnosisContext): Finding[] {
  return CHECKS.flatMap((c) =>
    c.run(ctx).map((r) => ({ check: c.meta.id, severity: r.severity ?? c.meta.severity, messageId: r.messageId, data: r.data, location: r.location ?? {}, ...(r.fix && { fix: r.fix }) }) as Finding),
  );
}

const intents = (findings: readonly Finding[]) => findings.flatMap((f) => (f.fix ? [f.fix] : []));

/**
 * The request to explain: the scenario's own, else the one the denial proves; then the given resource and
 * context keys. `missing` lists what neither input shows.
 */
export function requestToExplain(input: ExplainInput): { request?: ScenarioRequest; missing: readonly string[] } {
  const own = input.scenario?.['request'];
  const chosen = own !== undefined ? { request: own as ScenarioRequest, missing: [] } : input.denial ? requestFromDenial(input.denial) : { missing: ['request'] };
  if (!chosen.request) return chosen;
  let { request, missing } = chosen;
  if (input.resource !== undefined) {
    request = { ...request, resource: input.resource };
    missing = missing.filter((m) => m !== 'resource' && !m.startsWith('${'));
  }
  if (input.context !== undefined) request = { ...request, context: { ...request.context, ...input.context } };
  return { request, missing };
}

export function explain(input: ExplainInput): ExplainResult {
  const { denial } = input;
  const { request, missing } = requestToExplain(input);
  const hasPolicies = input.scenario !== undefined && POLICY_FIELDS.some((f) => own(input.scenario, f) !== undefined);
  const source: Explanation['source'] = {
    kind: denial?.source ?? 'scenario',
    policyType: denial?.policyType ?? null,
    explicit: denial?.explicit ?? null,
    ...(denial?.policyArn !== undefined && { policyArn: denial.policyArn }),
  };

  if (hasPolicies) {
    if (!request) return problem('unknownRequest', missing, '/request');
    if (request.resource === undefined && missing.length > 0) return problem('unknownResource', missing, '/request/resource');
    const compiled = compileScenario({ ...input.scenario, request });
    if (!compiled.ok) return { ok: false, problems: compiled.problems };
    const explanation = withPolicies(compiled.value, denial, source, unreadOf(input.scenario));
    return { ok: true, explanation: denial?.rejoined ? { ...explanation, rejoined: denial.rejoined } : explanation };
  }
  // Only a message: what it proves, and the checks that need no policies.
  let built: Request | undefined;
  const warnings: Problem[] = [];
  if (request) {
    const b = buildRequest(request);
    if (b.ok) built = b.request;
    else warnings.push(...b.problems.map((p): Problem => ({ severity: 'warning', code: 'invalid-principal', pointer: p.pointer, messageId: 'badPrincipal', data: p.data })));
  }
  const ctx: DiagnosisContext = { ...(denial && { denial }), ...(built && { request: built }), analysis: [], warnings };
  const findings = notFromGuesses(runChecks(ctx), denial);
  const decision: Explanation['decision'] = denial?.explicit === true ? 'explicit-deny' : denial?.explicit === false ? 'implicit-deny' : 'unknown';
  const named = denial?.policyType && denial.policyType !== 'role-trust' ? [denial.policyType] : [];
  const structural = request ? structuralSuggestions(intents(findings), request) : [];
  const advice = messageAdvice(denial, request, built, findings);
  return {
    ok: true,
    explanation: {
      request: request ?? (denial ? provenRequest(denial) : null),
      source,
      decision,
      deniedBy: named,
      determining: [],
      findings: explained(findings),
      fixes: (structural.length > 0 ? structural : advice.fixes).map((f) => lintedFix(f, request?.resource)),
      statements: [],
      messageOnly: messageOnly(denial, built, missing, advice),
      warnings,
      ...(denial?.rejoined && { rejoined: denial.rejoined }),
      determined: findings.some((f) => f.severity === 'error'),
    },
  };
}

/** What a message without a caller (or an action) still proves. */
function provenRequest(denial: Denial): ProvenRequest {
  const action = denial.action?.trim() ? normalizeAction(denial.action.trim()).action : null;
  return { principal: denial.principal?.trim() || null, action, resource: denial.resource ?? null };
}

/**
 * A cause that rests on the reader's own guess (an ARN or action rejoined from a hard wrap) is not proven:
 * such findings are warnings, and do not make the explanation "determined".
 */
function notFromGuesses(findings: Finding[], denial: Denial | undefined): Finding[] {
  const guesses = denial?.rejoined ?? [];
  if (guesses.length === 0) return findings;
  const guessed = (f: Finding) => Object.values(f.data).some((v) => typeof v === 'string' && guesses.some((g) => v.includes(g)));
  return findings.map((f) => (f.severity === 'error' && guessed(f) ? { ...f, severity: 'warning' as const } : f));
}

const UNREAD_TYPES: readonly PolicyType[] = ['identity', 'permissions-boundary', 'session', 'scp', 'rcp', 'resource'];

/** What a collected scenario (`--live`, `collect`) could not read that mattered, and the policy types it leaves unknown. */
function unreadOf(scenario: Record<string, unknown> | undefined): { entries: UnreadPolicies[]; types: PolicyType[] } {
  const collected = own(scenario, 'collected') as { unreadable?: unknown } | undefined;
  const list = Array.isArray(collected?.unreadable) ? (collected.unreadable as Record<string, unknown>[]) : [];
  const mattered = list.filter((u) => typeof u === 'object' && u !== null && u['mattered'] === true);
  const types = new Set<PolicyType>();
  for (const u of mattered) {
    // Without the list of what it affects (an older collect file), any policy type may be unknown.
    const affects = Array.isArray(u['affects']) ? (u['affects'] as string[]) : UNREAD_TYPES;
    for (const a of affects) if ((UNREAD_TYPES as readonly string[]).includes(a)) types.add(a as PolicyType);
  }
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return { entries: mattered.map((u) => ({ what: text(u['what']), call: text(u['call']), reason: text(u['reason']) })), types: [...types] };
}

function withPolicies(scenario: CompiledScenario, denial: Denial | undefined, source: Explanation['source'], unread: ReturnType<typeof unreadOf>): Explanation {
  const result: EvaluationResult = evaluate(scenario.policies, scenario.request, { trace: true });
  const ctx: DiagnosisContext = {
    ...(denial && { denial }),
    request: scenario.request,
    scenario,
    result,
    analysis: analyze(scenario.policies, scenario.request),
    warnings: scenario.warnings,
    ...(unread.types.length > 0 && { unread: unread.types }),
  };
  const findings = notFromGuesses(runChecks(ctx), denial);
  const structural = structuralSuggestions(intents(findings), scenario.scenario.request);
  const denyOnly = denyOnlyLevels(scenario);
  const planned = (result.decision === 'allow' ? structural : [...planFixes(intents(findings), scenario), ...structural]).map((f) => lintedFix(f, scenario.scenario.request.resource));
  // Checked against what was read only: with policies unread, no fix is verified.
  const fixes = unread.entries.length > 0 ? planned.map((f) => ({ ...f, verified: false })) : planned;
  return {
    request: scenario.scenario.request,
    source,
    decision: result.decision,
    deniedBy: result.deniedBy,
    determining: result.determining,
    findings: explained(findings),
    fixes,
    statements: result.statements,
    warnings: scenario.warnings,
    ...(denyOnly.length > 0 && { denyOnlyLevels: denyOnly }),
    ...(unread.entries.length > 0 && { unread: unread.entries }),
    determined: findings.some((f) => f.severity === 'error'),
  };
}

/** The SCP levels without a single Allow statement. */
function denyOnlyLevels(scenario: CompiledScenario): DenyOnlyLevel[] {
  return (scenario.policies.scpLevels ?? []).flatMap((level, i) =>
    level.some((p) => p.statements.some((s) => s.effect === 'Allow')) ? [] : [{ level: level[0]?.target ?? `level ${i + 1}`, policies: level.map((p) => p.label) }],
  );
}

/** What the message proves and cannot, with the advice for it. */
function messageOnly(denial: Denial | undefined, request: Request | undefined, missing: readonly string[], advice: ReturnType<typeof messageAdvice>): MessageOnly {
  const proves: { fact: string; value: string }[] = [];
  const p = request?.principal;
  const fact = (name: string, value: string | undefined) => {
    if (value !== undefined && value !== '') proves.push({ fact: name, value });
  };
  fact('principal', denial?.principal);
  if (p?.kind === 'role-session') fact('role', p.principalArn);
  fact('action', denial?.action);
  fact('resource', denial?.resource);
  fact('resourceName', denial?.resourceName);
  fact('policyType', denial?.policyType);
  if (denial?.explicit !== undefined) fact('explicit', String(denial.explicit));
  fact('policyArn', denial?.policyArn);
  fact('authorizationId', denial?.authorizationId);
  fact('authorizationLink', denial?.authorizationLink);
  if (denial?.matchedStatements && denial.matchedStatements.length > 0) fact('matchedStatements', denial.matchedStatements.join(', '));
  fact('encodedAuthorizationMessage', denial?.encodedAuthorizationMessage === undefined ? undefined : 'present');
  if (denial?.rejoined && denial.rejoined.length > 0) fact('rejoined', denial.rejoined.join(', '));

  // Unfilled ARN template placeholders (`${RoleNameWithPath}`) as `resourcePart:RoleNameWithPath`: no raw placeholder in any output.
  const unknown = missing.map((m) => (m.startsWith('${') && m.endsWith('}') ? `resourcePart:${m.slice(2, -1)}` : m));
  const cannotProve = ['whichStatement', ...(denial?.policyType ? ['otherTypes'] : ['policyType']), ...unknown];
  return { proves, cannotProve, likelyCauses: advice.likelyCauses, commands: advice.commands };
}
