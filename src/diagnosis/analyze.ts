/**
 * Statement-level facts the checks reason over: for every statement of every policy, which elements match
 * the request and which conditions fail. Uses the engine's own compiled matchers, so the diagnosis can
 * never disagree with the decision.
 */
import type { CompiledCondition } from '../engine/conditions/condition.js';
import type { CompiledPolicy, CompiledStatement } from '../engine/compile.js';
import type { CompiledPolicies } from '../engine/evaluate.js';
import type { PolicyType, StatementRef } from '../engine/types.js';
import { variableLookup, type Request } from '../request/request.js';

export interface StatementAnalysis {
  readonly statement: CompiledStatement;
  readonly type: PolicyType;
  readonly effect: 'Allow' | 'Deny';
  readonly action: boolean;
  /** True when the statement has no Resource element or its Resource / NotResource covers the request. */
  readonly resource: boolean;
  readonly principal: boolean;
  readonly failedConditions: readonly CompiledCondition[];
  readonly applies: boolean;
}

/** Every policy of the scenario, in evaluation order. */
export function allPolicies(p: CompiledPolicies): CompiledPolicy[] {
  return [
    ...(p.scpLevels ?? []).flat(),
    ...(p.rcpLevels ?? []).flat(),
    ...(p.resource ? [p.resource] : []),
    ...p.identity,
    ...(p.permissionsBoundary ? [p.permissionsBoundary] : []),
    ...(p.session ?? []),
    ...(p.vpcEndpoint ? [p.vpcEndpoint] : []),
  ];
}

export function analyzeStatement(st: CompiledStatement, req: Request, boundary: boolean, lookup = variableLookup(req)): StatementAnalysis {
  const action = st.matchesAction(req.actionLower);
  const resource = !st.resource || st.resource.matches(req.resource, lookup) !== st.resource.negated;
  const principal = !st.principal || st.principal.level(req.identities, boundary) !== undefined;
  const failedConditions = st.conditions.filter((c) => !c.test(req.context, lookup));
  return {
    statement: st,
    type: st.policy.type,
    effect: st.effect,
    action,
    resource,
    principal,
    failedConditions,
    applies: action && resource && principal && failedConditions.length === 0,
  };
}

export function analyze(policies: CompiledPolicies, req: Request): StatementAnalysis[] {
  const boundary = req.principal.hasIdentityPolicies && policies.permissionsBoundary !== undefined;
  const lookup = variableLookup(req);
  return allPolicies(policies).flatMap((p) => p.statements.map((st) => analyzeStatement(st, req, boundary, lookup)));
}

/** Whether the analysed statement is one the engine named as determining the decision. */
export function isDetermining(a: StatementAnalysis, determining: readonly StatementRef[]): boolean {
  const st = a.statement;
  return determining.some((d) => d.policyType === a.type && d.policy === st.policy.label && d.statement === st.label && d.target === st.policy.target);
}
