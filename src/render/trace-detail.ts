/** The words of the evaluation trace: why a statement did or did not apply. All English of the engine. */
import type { CompiledCondition } from '../engine/conditions/condition.js';
import type { CompiledStatement } from '../engine/compile.js';

const list = (values: readonly string[]) => values.map((v) => `\`${v}\``).join(', ');

export function actionDetail(statement: CompiledStatement, action: string): string {
  return statement.source.notAction
    ? `\`${action}\` is excluded by NotAction ${statement.quoted.actions}`
    : `\`${action}\` is not matched by Action ${statement.quoted.actions}`;
}

export function resourceDetail(statement: CompiledStatement, resource: string): string {
  return statement.source.notResource
    ? `\`${resource}\` is excluded by NotResource ${statement.quoted.resources}`
    : `\`${resource}\` is not matched by Resource ${statement.quoted.resources}`;
}

export function principalDetail(statement: CompiledStatement, principal: string): string {
  const s = statement.source;
  return s.notPrincipal ? `\`${principal}\` is listed in NotPrincipal` : `\`${principal}\` is not named in Principal`;
}

export function conditionDetail(condition: CompiledCondition, requestValues: readonly string[] | undefined): string {
  const got = requestValues === undefined || requestValues.length === 0 ? `\`${condition.key}\` is absent from the request` : `the request has ${list(requestValues)}`;
  return `condition ${condition.operator.text} \`${condition.key}\` ${condition.quoted} is not met: ${got}`;
}

export function matchedDetail(statement: CompiledStatement): string {
  const parts = ['action'];
  if (statement.resource) parts.push('resource');
  if (statement.principal) parts.push('principal');
  if (statement.conditions.length > 0) parts.push(statement.conditions.length === 1 ? 'condition' : `all ${statement.conditions.length} conditions`);
  return `applies: ${parts.join(', ')} match`;
}
