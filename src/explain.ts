/**
 * explain(input): from an AccessDenied (and, when given, the policies) to the deciding statement, the
 * cause, and a verified least-privilege fix. Pure: no I/O.
 */
import { analyze } from './diagnosis/analyze.js';
import type { DiagnosisContext, Finding, FindingData } from './diagnosis/check.js';
import { CHECKS } from './diagnosis/checks/index.js';
import { evaluate } from './engine/evaluate.js';
import type { Decision, EvaluationResult, PolicyType, StatementTrace } from './engine/types.js';
import type { Denial, DenialSource, NamedPolicyType } from './input/denial.js';
import type { Problem } from './policy/problems.js';
import { planFixes, proposeIdentityPolicy, structuralSuggestions, type Fix } from './remedy/fix.js';
import { findingMessage } from './render/findings.js';
import { requestFromDenial } from './request/from-denial.js';
import { buildRequest, type Request } from './request/request.js';
import { compileScenario, type CompiledScenario } from './scenario/compile.js';
import type { ScenarioRequest } from './scenario/types.js';
import { own } from './own.js';

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

export interface ExplainedFinding {
  readonly check: string;
  readonly severity: 'error' | 'warning' | 'info';
  /** The message as data (src/render/findings.ts words it as `message`). */
  readonly messageId: string;
  readonly data: FindingData;
  readonly policyType?: PolicyType;
  readonly policy?: string;
  readonly statement?: string;
  readonly message: string;
}

export interface Explanation {
  readonly request: ScenarioRequest | null;
  readonly source: { readonly kind: DenialSource | 'scenario'; readonly policyType: NamedPolicyType | null; readonly explicit: boolean | null; readonly policyArn?: string };
  readonly decision: Decision | 'unknown';
  readonly deniedBy: readonly PolicyType[];
  readonly findings: readonly ExplainedFinding[];
  readonly fixes: readonly Fix[];
  /** The evaluation trace (empty when no policies were given). */
  readonly statements: readonly StatementTrace[];
  /** With only a message: what it proves, what it cannot, and how to fetch the missing policies. */
  readonly messageOnly?: MessageOnly;
  readonly warnings: readonly Problem[];
  /** Whether a cause was determined (exit code 0) or not (3). */
  readonly determined: boolean;
}

export interface MessageOnly {
  readonly proves: readonly { readonly fact: string; readonly value: string }[];
  readonly cannotProve: readonly string[];
  readonly likelyCauses: readonly string[];
  readonly commands: readonly string[];
}

export type ExplainResult = { readonly ok: true; readonly explanation: Explanation } | { readonly ok: false; readonly problems: readonly Problem[] };

const POLICY_FIELDS = ['identityPolicies', 'permissionsBoundary', 'sessionPolicies', 'serviceControlPolicies', 'resourceControlPolicies', 'resourcePolicy', 'vpcEndpointPolicy', 'kmsGrants'];

function problem(message: string, pointer = ''): ExplainResult {
  return { ok: false, problems: [{ severity: 'error', code: 'invalid-input', pointer, message }] };
}

function rendered(findings: readonly Finding[]): ExplainedFinding[] {
  return findings.map((f) => ({
    check: f.check,
    severity: f.severity,
    messageId: f.messageId,
    data: f.data,
    ...(f.policyType !== undefined && { policyType: f.policyType }),
    ...(f.policy !== undefined && { policy: f.policy }),
    ...(f.statement !== undefined && { statement: f.statement }),
    message: findingMessage(f),
  }));
}

function runChecks(ctx: DiagnosisContext): Finding[] {
  return CHECKS.flatMap((c) => c.run(ctx));
}

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
    if (!request) return problem(`cannot tell which request to evaluate: ${missing.length > 0 ? `the input does not show ${missing.join(', ')}` : 'give an AccessDenied or a scenario with a request'}`, '/request');
    if (request.resource === undefined && missing.length > 0) {
      return problem(`cannot tell which resource was requested (the input does not show ${missing.join(', ')}): give it with --resource ARN`, '/request/resource');
    }
    const compiled = compileScenario({ ...input.scenario, request });
    if (!compiled.ok) return { ok: false, problems: compiled.problems };
    return { ok: true, explanation: withPolicies(compiled.value, denial, source) };
  }
  // Only a message: what it proves, and the checks that need no policies.
  let built: Request | undefined;
  const warnings: Problem[] = [];
  if (request) {
    const b = buildRequest(request);
    if (b.ok) built = b.request;
    else warnings.push(...b.problems.map((p) => ({ severity: 'warning' as const, code: 'invalid-principal', pointer: p.pointer, message: p.message })));
  }
  const ctx: DiagnosisContext = { ...(denial && { denial }), ...(built && { request: built }), analysis: [], warnings };
  const findings = runChecks(ctx);
  const decision: Explanation['decision'] = denial?.explicit === true ? 'explicit-deny' : denial?.explicit === false ? 'implicit-deny' : 'unknown';
  const named = denial?.policyType && denial.policyType !== 'role-trust' ? [denial.policyType] : [];
  const owner = built?.principal.principalArn ?? request?.principal;
  const structural = request ? structuralSuggestions(findings, request) : [];
  const fixes =
    structural.length > 0
      ? structural
      : request && owner && denial?.explicit !== true && !/[*?]/.test(request.action) && (named.length === 0 || named[0] === 'identity') && !findings.some((f) => f.severity === 'error' || f.check === 'not-a-policy-decision')
        ? [proposeIdentityPolicy(request, owner)]
        : [];
  return {
    ok: true,
    explanation: {
      request: request ?? null,
      source,
      decision,
      deniedBy: named,
      findings: rendered(findings),
      fixes,
      statements: [],
      messageOnly: messageOnly(denial, built, missing),
      warnings,
      determined: findings.some((f) => f.severity === 'error'),
    },
  };
}

function withPolicies(scenario: CompiledScenario, denial: Denial | undefined, source: Explanation['source']): Explanation {
  const result: EvaluationResult = evaluate(scenario.policies, scenario.request, { trace: true });
  const ctx: DiagnosisContext = {
    ...(denial && { denial }),
    request: scenario.request,
    scenario,
    result,
    analysis: analyze(scenario.policies, scenario.request),
    warnings: scenario.warnings,
  };
  const findings = runChecks(ctx);
  const structural = structuralSuggestions(findings, scenario.scenario.request);
  const fixes = result.decision === 'allow' ? structural : [...planFixes(findings, scenario), ...structural];
  return {
    request: scenario.scenario.request,
    source,
    decision: result.decision,
    deniedBy: result.deniedBy,
    findings: rendered(findings),
    fixes,
    statements: result.statements,
    warnings: scenario.warnings,
    determined: findings.some((f) => f.severity === 'error'),
  };
}

/** The role ARN of an assumed-role principal, its name, and the CLI commands that fetch its policies. */
function messageOnly(denial: Denial | undefined, request: Request | undefined, missing: readonly string[]): MessageOnly {
  const proves: { fact: string; value: string }[] = [];
  const p = request?.principal;
  if (denial?.principal) proves.push({ fact: 'principal', value: denial.principal });
  if (p?.kind === 'role-session' && p.principalArn) proves.push({ fact: 'role', value: p.principalArn });
  if (denial?.action) proves.push({ fact: 'action', value: denial.action });
  if (denial?.resource) proves.push({ fact: 'resource', value: denial.resource });
  if (denial?.policyType) proves.push({ fact: 'policyType', value: denial.policyType });
  if (denial?.explicit !== undefined) proves.push({ fact: 'explicit', value: String(denial.explicit) });
  if (denial?.policyArn) proves.push({ fact: 'policyArn', value: denial.policyArn });

  const cannotProve = ['whichStatement', ...(denial?.policyType ? ['otherTypes'] : ['policyType']), ...missing];
  const likelyCauses = likely(denial, request);
  return { proves, cannotProve, likelyCauses, commands: fetchCommands(request) };
}

/** Most likely causes first; for Amazon Connect chat, in the order they occur in practice. */
function likely(denial: Denial | undefined, request: Request | undefined): string[] {
  const type = denial?.policyType;
  if (type === 'scp') return ['scpDeny'];
  if (type === 'permissions-boundary') return ['boundary'];
  if (type === 'session') return ['sessionPolicy'];
  if (type === 'vpc-endpoint') return ['vpcEndpointPolicy'];
  if (type === 'resource') return ['resourcePolicy'];
  if (denial?.explicit === true) return ['scpDeny', 'identityDeny', 'boundaryDeny', 'resourcePolicy'];
  const connectChat = request?.actionLower === 'connect:startchatcontact';
  const causes = connectChat ? ['instanceArnInsteadOfFlow', 'actionMissing', 'sourceIpWithEndpoint'] : ['actionMissing', 'resourceMismatch', 'conditionFails'];
  if (type === undefined) causes.push('scpDeny', 'boundary', 'sessionPolicy');
  return causes;
}

function fetchCommands(request: Request | undefined): string[] {
  const p = request?.principal;
  if (!p) return [];
  const commands: string[] = [];
  const arn = p.principalArn ?? '';
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  if (p.kind === 'role' || p.kind === 'role-session') {
    commands.push(
      `aws iam list-attached-role-policies --role-name ${name}`,
      `aws iam list-role-policies --role-name ${name}`,
      `aws iam get-role-policy --role-name ${name} --policy-name POLICY_NAME`,
      `aws iam get-policy-version --policy-arn POLICY_ARN --version-id "$(aws iam get-policy --policy-arn POLICY_ARN --query Policy.DefaultVersionId --output text)"`,
      `aws iam get-role --role-name ${name} --query Role.PermissionsBoundary`,
    );
  } else if (p.kind === 'user') {
    commands.push(
      `aws iam list-attached-user-policies --user-name ${name}`,
      `aws iam list-user-policies --user-name ${name}`,
      `aws iam list-groups-for-user --user-name ${name}`,
      `aws iam get-user --user-name ${name} --query User.PermissionsBoundary`,
    );
  }
  if (p.account) commands.push(`aws organizations list-policies-for-target --target-id ${p.account} --filter SERVICE_CONTROL_POLICY`);
  return commands;
}
