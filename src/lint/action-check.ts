/**
 * `whydenied lint --action ACTION`: would this identity policy allow the action on the resources it
 * names? The engine decides (compileScenario + evaluate), for a placeholder role in the
 * account of the resource, on each ARN of a needed resource type that a matching Allow statement names
 * (a witness of the pattern and the ARN template: src/lint/arn-glob.ts). When no statement names one,
 * the ARN is built from the ARNs the policy names (the contact flows of the instance it names): that is
 * the pre-deployment "will my backend be able to start chats?" check.
 */
import { catalogAction, tokenize } from '../catalog/arn-templates.js';
import { isAccountId, parseArn } from '../policy/arn.js';
import { parsePolicy } from '../policy/parse.js';
import { argumentProblem, Problems, type ProblemRef } from '../policy/problems.js';
import { wildcardMatch } from '../policy/wildcard.js';
import { compileScenario } from '../scenario/compile.js';
import type { ContextValue } from '../scenario/types.js';
import { evaluate } from '../engine/evaluate.js';
import { patternTokens, templateTokens, witness } from './arn-glob.js';
import { bestSuggestion, harvest, neededTypes, type Harvest } from './rules/shared.js';
import type { ActionCheck, ActionCheckResult, LintPolicy } from './types.js';
import { oneAction } from '../policy/one-action.js';
import { concreteUnknowns, isWhollyUnknown, sampleOf, splitUnknown } from './unknown.js';
import { own } from '../own.js';

/** `--action` / the MCP `action` argument: one action, as the catalog spells it, or why it is not one. */
export function checkedActionName(text: string): { ok: true; action: string } | { ok: false; problem: ProblemRef } {
  const one = oneAction(text);
  if (one.ok) return { ok: true, action: one.action };
  if (one.why === 'not-one-action') return { ok: false, problem: argumentProblem('invalid-action', 'notSingleAction', { action: text }, { note: { id: 'write-action' } }) };
  const hint = one.suggestion !== undefined ? { suggestion: one.suggestion } : undefined;
  if (one.why === 'unknown-service') return { ok: false, problem: argumentProblem('unknown-service', 'unknownService', { service: one.service }, hint) };
  return { ok: false, problem: argumentProblem('unknown-action', 'unknownAction', { action: text, service: one.service, matchesNothing: false }, hint) };
}

const MAX_RESOURCES = 6;
const DEFAULT_ACCOUNT = '111122223333';

/** Unknowns as sample values, and the way back for display (`${InstanceId}` rather than its sample). */
function concretizer(account: string, showAccount: boolean): { concrete: (s: string) => string; display: (s: string) => string } {
  const samples = new Map<string, string>();
  return {
    concrete(s) {
      for (const part of splitUnknown(s)) {
        if (typeof part !== 'string' && (showAccount || part.unknown !== 'AWS::AccountId')) samples.set(sampleOf(part.unknown, account), `\${${part.unknown}}`);
      }
      return concreteUnknowns(s, account);
    },
    display(s) {
      // whole ARN fields and path segments only: `aws` is a sample, `aws-service-role` is not
      return s
        .split(/([:/])/)
        .map((segment) => samples.get(segment) ?? segment)
        .join('');
    },
  };
}

/** The needed template filled from the ARNs the policy names; what is not known gets a sample value. */
function derivedArn(template: string, values: Harvest, account: string): string {
  const service = template.split(':')[2] ?? '';
  let out = '';
  for (const t of tokenize(template)) {
    if ('literal' in t) out += t.literal;
    else {
      const general = t.placeholder === 'Partition' || t.placeholder === 'Region' || t.placeholder === 'Account';
      const known = values.get(general ? t.placeholder : `${service}:${t.placeholder}`);
      const first = known ? [...known][0] : undefined;
      out += first ?? own({ Partition: 'aws', Region: 'us-east-1', Account: account } as Record<string, string>, t.placeholder) ?? `example-${t.placeholder.toLowerCase()}`;
    }
  }
  return out;
}

/**
 * The document with sample values for its unknowns. A wholly unknown Resource becomes an ARN that names
 * nothing real (never `*`), a wholly unknown Action an action of no service: neither grants anything.
 */
function concreteDocument(document: unknown, concrete: (s: string) => string): unknown {
  const walk = (v: unknown, key: string | undefined): unknown => {
    if (typeof v === 'string') {
      if (!isWhollyUnknown(v)) return concrete(v);
      if (key === 'Resource' || key === 'NotResource') return `arn:aws:unknown:::${concrete(v)}`;
      if (key === 'Action' || key === 'NotAction') return `unknown:${concrete(v)}`;
      return concrete(v);
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [concrete(k), walk(x, k)]));
    return v;
  };
  return walk(document, undefined);
}

function arnsOf(document: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key?: string) => {
    if (typeof v === 'string' && (key === 'Resource' || key === 'NotResource')) out.push(v);
    else if (Array.isArray(v)) for (const x of v) walk(x, key);
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(document);
  return out;
}

/** The check for one identity policy; undefined for other policy types and unparsed documents. */
export function checkAction(
  policy: LintPolicy,
  action: string,
  file: string,
  fileArns: readonly string[],
  related: readonly LintPolicy[] = [],
  context: Readonly<Record<string, ContextValue>> = {},
): ActionCheck | undefined {
  const catalog = catalogAction(action);
  if (policy.type !== 'identity' || !policy.parsed || !catalog) return undefined;
  const named = [...arnsOf(policy.document), ...fileArns];
  const account = named.map((a) => parseArn(a)?.account ?? '').find(isAccountId) ?? DEFAULT_ACCOUNT;
  const { concrete, display } = concretizer(account, account === DEFAULT_ACCOUNT);
  const document = concreteDocument(policy.document, concrete);
  // The other policies of the same principal decide too (a Deny in a policy attached to the same role).
  const withPolicy = (type: string) => related.filter((r) => r.type === type && r.parsed && !r.partial).map((r) => ({ name: r.name, document: concreteDocument(r.document, concrete) }));
  const others = { identity: withPolicy('identity'), boundary: withPolicy('permissions-boundary'), session: withPolicy('session') };
  const parsed = parsePolicy(document, 'identity', policy.name, '', new Problems());
  if (!parsed) return undefined;

  const types = neededTypes(catalog);
  const candidates: { resource: string; from: ActionCheckResult['from'] }[] = [];
  const add = (resource: string, from: ActionCheckResult['from']) => {
    if (candidates.length < MAX_RESOURCES && !candidates.some((c) => c.resource === resource)) candidates.push({ resource, from });
  };
  if (types.length === 0) add('*', 'any');
  else {
    const values = harvest(named.map(concrete));
    const derived = derivedArn((bestSuggestion(types, values)?.type ?? types[0]!).type.arn, values, account);
    const lower = action.toLowerCase();
    const matching = parsed.statements.filter(
      (s) => s.effect === 'Allow' && (s.action ? s.action.some((a) => wildcardMatch(a.toLowerCase(), lower)) : !(s.notAction ?? []).some((a) => wildcardMatch(a.toLowerCase(), lower))),
    );
    for (const s of matching) {
      for (const pattern of s.resource ?? []) {
        if (wildcardMatch(pattern, derived)) {
          add(derived, 'pattern');
          continue;
        }
        for (const t of types) {
          const w = witness(patternTokens(pattern, parsed.version === '2012-10-17'), templateTokens(t.type.arn));
          if (w !== undefined) add(w, 'pattern');
        }
      }
    }
    if (candidates.length === 0) add(derived, 'derived');
  }

  const results: ActionCheckResult[] = [];
  for (const { resource, from } of candidates) {
    const arn = parseArn(resource);
    const principalAccount = arn && isAccountId(arn.account) ? arn.account : account;
    const partition = arn && arn.partition !== '' ? arn.partition : 'aws';
    // `--context`: the request carries these keys, so a conditional Allow is decided, not guessed.
    const request = { principal: `arn:${partition}:iam::${principalAccount}:role/whydenied-lint`, action, resource, ...(Object.keys(context).length > 0 && { context }) };
    let compiled = compileScenario({
      request,
      identityPolicies: [{ name: policy.name, document }, ...others.identity],
      ...(others.boundary[0] && { permissionsBoundary: others.boundary[0] }),
      ...(others.session.length > 0 && { sessionPolicies: others.session }),
    });
    // A neighbour the engine cannot read (a Resource that is no ARN): decide on the policy alone.
    if (!compiled.ok) compiled = compileScenario({ request, identityPolicies: [{ name: policy.name, document }] });
    if (!compiled.ok) continue;
    const result = evaluate(compiled.value.policies, compiled.value.request, { trace: true });
    const deciding = result.statements.find((t) => t.matched && (result.decision === 'allow' ? t.effect === 'Allow' : t.effect === 'Deny'));
    const name = (t: { policy: string; statement: string }) => (t.policy === policy.name ? t.statement : `${t.policy} › ${t.statement}`);
    results.push({
      resource: display(resource),
      decision: result.decision,
      ...(deciding && result.decision !== 'implicit-deny' && { statement: name(deciding) }),
      near: result.statements.filter((t) => !t.matched && t.effect === 'Allow' && !t.mismatch.includes('action')).map((t) => ({ statement: name(t), mismatch: t.mismatch })),
      from,
    });
  }
  if (results.length === 0) return undefined;
  const verdict = results.some((r) => r.decision === 'allow')
    ? 'allowed'
    : results.some((r) => r.decision === 'implicit-deny' && r.near.some((n) => n.mismatch.length === 1 && n.mismatch[0] === 'condition'))
      ? 'conditional'
      : 'denied';
  return { file, ...(policy.resource !== undefined && { resource: policy.resource }), policy: policy.name, action: catalog.service + ':' + catalog.name, verdict, results };
}
