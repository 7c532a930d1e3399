/** Human output of `whydenied simulate`: the verdict, then the trace by policy type, then warnings. */
import { POLICY_TYPE_ORDER, type AwsRuleFinding, type PolicyType, type StatementTrace } from '../engine/types.js';
import type { Problem } from '../policy/problems.js';
import { problemHint, problemJson, problemMessage, type ProblemJson } from './problems.js';
import type { SimulationResult } from '../simulate.js';
import type { Style } from './style.js';
import { traceDetail, traceJson } from './trace-detail.js';
import { visible } from './visible.js';
import { own } from '../own.js';

export const POLICY_TYPE_TITLES: Record<PolicyType, string> = {
  scp: 'Service control policies',
  rcp: 'Resource control policies',
  resource: 'Resource-based policy',
  identity: 'Identity-based policies',
  'permissions-boundary': 'Permissions boundary',
  session: 'Session policies',
  'vpc-endpoint': 'VPC endpoint policy',
};

export const POLICY_TYPE_NAMES: Record<PolicyType, string> = {
  scp: 'a service control policy',
  rcp: 'a resource control policy',
  resource: 'the resource-based policy',
  identity: 'the identity-based policies',
  'permissions-boundary': 'the permissions boundary',
  session: 'the session policies',
  'vpc-endpoint': 'the VPC endpoint policy',
};

const q = (v: string | undefined) => `\`${v ?? ''}\``;
const OWNED: Record<string, string> = {
  'aws-managed-policy': 'an AWS managed policy',
  'sso-reserved-role': 'a role IAM Identity Center manages (change the permission set instead)',
  'service-linked-role': 'a service-linked role (its service manages it)',
  'aws-managed-key-alias': 'an alias reserved for AWS managed keys',
};

/** One line per service rule that applied (docs/evaluation.md, "Service rules"). */
export function awsRuleText(r: AwsRuleFinding): string {
  const d = r.data;
  switch (r.rule) {
    case 'no-permission-required':
      return `${q(d['action'])} needs no permission: AWS allows it for any authenticated caller, whatever the policies say`;
    case 'long-term-credentials-required':
      return `${q(d['action'])} must be called with an IAM user's long-term credentials: AWS refuses it for ${q(d['principal'])}`;
    case 'aws-owned-resource':
      return `${q(d['resource'])} is ${own(OWNED, d['kind'] ?? '') ?? 'owned by AWS'}: AWS refuses ${q(d['action'])} whatever the policies say`;
    case 'partition-mismatch':
      return `the principal is in partition ${q(d['principalPartition'])}, the resource in ${q(d['resourcePartition'])}: access never crosses partitions`;
    case 'key-policy-required':
      return `the KMS key policy must allow this request explicitly (naming the caller or its account)${d['policyGiven'] === 'true' ? '' : ', and none was given'}`;
    case 'trust-policy-required':
      return `the role's trust policy must allow this request explicitly (naming the caller or its account)${d['policyGiven'] === 'true' ? '' : ', and none was given'}`;
    case 'kms-grant':
      return `the KMS grant ${q(d['grant'])} allows it`;
    case 'organization-policies-exempt':
      return `${d['policyType'] === 'scp' ? 'SCPs' : 'RCPs'} do not apply: ${d['reason'] === 'service-linked-role' ? 'the principal is a service-linked role' : `account ${q(d['account'])} is the management account`}`;
  }
}

function verdict(result: SimulationResult, request: { principal: string; action: string; resource: string }, style: Style): string {
  const what = visible(`${request.action} on ${request.resource} by ${request.principal}`);
  const rules = result.awsRules.map((r) => `\n  ${awsRuleText(r)}`).join('');
  if (result.decision === 'allow') return `${style.green(style.bold('ALLOWED'))}  ${what}${rules}`;
  const by = result.deniedBy.map((t) => POLICY_TYPE_NAMES[t]).join(', ');
  const how = result.decision === 'explicit-deny' ? 'explicitly denied' : 'implicitly denied (no allow)';
  const policies = by === '' ? '' : `\n  ${how} by ${by}`;
  return `${style.red(style.bold(by === '' ? 'REFUSED BY AWS' : 'DENIED'))}  ${what}${policies}${rules}`;
}

function statementLine(s: StatementTrace, style: Style): string {
  const mark = s.matched ? (s.effect === 'Deny' ? style.red('✗ applies') : style.green('✓ applies')) : style.dim('· skipped');
  const where = s.target !== undefined ? `${s.target} / ` : '';
  return `  ${mark}  ${visible(`${where}${s.policy} › ${s.statement} (${s.effect})`)}\n      ${style.dim(visible(traceDetail(s)))}`;
}

export function renderProblem(p: Problem, file: string | undefined, line?: { line: number; column: number }): string {
  const where = [file, line && `${line.line}:${line.column}`].filter(Boolean).join(':');
  const pointer = p.pointer === '' ? '' : ` at ${p.pointer}`;
  const hint = problemHint(p);
  return visible(`${p.severity}: ${where ? `${where}: ` : ''}${problemMessage(p)}${pointer}${hint ? ` (${hint})` : ''}`);
}

export function renderSimulation(result: SimulationResult, request: { principal: string; action: string; resource: string }, style: Style): string {
  const lines = [verdict(result, request, style), ''];
  for (const type of POLICY_TYPE_ORDER) {
    const statements = result.statements.filter((s) => s.policyType === type);
    if (statements.length === 0) continue;
    const flag = result.deniedBy.includes(type) ? style.red(' — denies') : '';
    lines.push(style.bold(`${POLICY_TYPE_TITLES[type]}${flag}`));
    for (const s of statements) lines.push(statementLine(s, style));
    lines.push('');
  }
  return lines.join('\n').trimEnd() + '\n';
}

/** The result as `simulate --json` prints it: the trace's reasons and the warnings in words beside their data. */
export function simulationJson(
  result: SimulationResult,
): Omit<SimulationResult, 'statements' | 'warnings'> & { readonly statements: readonly ReturnType<typeof traceJson>[]; readonly warnings: readonly ProblemJson[] } {
  // Each field named: an untraced result's `determining` is a getter, which a spread would not copy.
  const { decision, deniedBy, determining, awsRules } = result;
  return { decision, deniedBy, determining, statements: result.statements.map(traceJson), awsRules, warnings: result.warnings.map(problemJson) };
}
