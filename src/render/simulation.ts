/** Human output of `whydenied simulate`: the verdict, then the trace by policy type, then warnings. */
import { POLICY_TYPE_ORDER, type PolicyType, type StatementTrace } from '../engine/types.js';
import type { Problem } from '../policy/problems.js';
import type { SimulationResult } from '../simulate.js';
import type { Style } from './style.js';
import { visible } from './visible.js';

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

function verdict(result: SimulationResult, request: { principal: string; action: string; resource: string }, style: Style): string {
  const what = visible(`${request.action} on ${request.resource} by ${request.principal}`);
  if (result.decision === 'allow') return `${style.green(style.bold('ALLOWED'))}  ${what}`;
  const by = result.deniedBy.map((t) => POLICY_TYPE_NAMES[t]).join(', ');
  const how = result.decision === 'explicit-deny' ? 'explicitly denied' : 'implicitly denied (no allow)';
  return `${style.red(style.bold('DENIED'))}  ${what}\n  ${how} by ${by}`;
}

function statementLine(s: StatementTrace, style: Style): string {
  const mark = s.matched ? (s.effect === 'Deny' ? style.red('✗ applies') : style.green('✓ applies')) : style.dim('· skipped');
  const where = s.target !== undefined ? `${s.target} / ` : '';
  return `  ${mark}  ${visible(`${where}${s.policy} › ${s.statement} (${s.effect})`)}\n      ${style.dim(visible(s.detail))}`;
}

export function renderProblem(p: Problem, file: string | undefined, line?: { line: number; column: number }): string {
  const where = [file, line && `${line.line}:${line.column}`].filter(Boolean).join(':');
  const pointer = p.pointer === '' ? '' : ` at ${p.pointer}`;
  return visible(`${p.severity}: ${where ? `${where}: ` : ''}${p.message}${pointer}${p.hint ? ` (${p.hint})` : ''}`);
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
