/**
 * Does NEW allow a request that OLD does not? Decided exactly by cutting the request space into classes:
 * actions by the Action patterns (./actions.ts), resources by the Resource patterns of the statements an
 * action class reaches (./automaton.ts), each condition key's values by its conditions (./values.ts).
 * Within one class every statement element decides alike, so the engine itself, run on one request of
 * each class combination under OLD and under NEW, decides every request: the answer is the engine's,
 * made exhaustive. Where a class cannot be cut exactly (policy variables, keys compared by several kinds
 * of operator, limits), the answer says so in `undecided`.
 *
 * No I/O: the CLI (src/cli/diff.ts) reads files and renders.
 */
import { actionResourceTypes, catalogAction, fillTemplate } from '../catalog/arn-templates.js';
import { findConditionKey } from '../catalog/index.js';
import { allPolicies } from '../diagnosis/analyze.js';
import type { CompiledStatement } from '../engine/compile.js';
import type { CompiledCondition } from '../engine/conditions/condition.js';
import { evaluate, type CompiledPolicies } from '../engine/evaluate.js';
import { namesPrincipals, type Decision, type Mismatch, type PolicyType, type StatementTrace } from '../engine/types.js';
import type { ParsedCondition } from '../policy/parse.js';
import { parseTemplate, templateVariables } from '../policy/variables.js';
import { compileWildcard } from '../policy/wildcard.js';
import { buildRequest, variableLookup, type Request } from '../request/request.js';
import { compileScenario, type CompiledScenario } from '../scenario/compile.js';
import { simulate } from '../simulate.js';
import type { ContextValue, Scenario, ScenarioRequest } from '../scenario/types.js';
import { actionClasses } from './actions.js';
import { alphabetOf, anyRun, classesOf, ClassLimitError, literal, noneOf, oneOf, patternAutomaton, wildcardTokens, type Pattern, type Token } from './automaton.js';
import type { ClassBound, Undecided, UndecidedReason } from './undecided.js';
import { keyValues } from './values.js';
import { own, setOwn } from '../own.js';

/** Why a request is decided differently: the statement responsible and the element that changed. */
export interface Because {
  /** The policy's name (scenarios), absent for a single policy. */
  readonly policy?: string;
  readonly policyType: PolicyType;
  /** Sid, else the index in the Statement array. */
  readonly statement: string;
  /** The statement's effect on the side where it matches. */
  readonly effect: 'Allow' | 'Deny';
  /** `Statement` (added or removed), `Effect`, `Action`, `NotAction`, `Resource`, `NotResource`, `Principal`, `NotPrincipal`, `Condition`. */
  readonly element: string;
  /** For `Condition`: the operator and key that decide, e.g. `IpAddress aws:SourceIp`. */
  readonly condition?: string;
  /** JSON pointer of the statement in the side where it decides (NEW when it exists there). */
  readonly pointer?: string;
  /** Which side's document the pointer is in. */
  readonly side: 'old' | 'new';
}

export interface Difference {
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, ContextValue>>;
  /** The caller (scenarios and resource-side policies: the one compared; identity-side: a role session). */
  readonly principal: string;
  readonly because: Because;
  /** Other request classes that differ for the same reason. */
  readonly similar: number;
}

export type { Undecided } from './undecided.js';

export interface DiffResult {
  readonly policyType: PolicyType | 'scenario';
  /** NEW allows some request OLD does not (future actions included). */
  readonly broader: boolean;
  /** OLD allows some request NEW does not. */
  readonly narrower: boolean;
  /** Each one a concrete request: simulate() allows it under NEW and not under OLD. */
  readonly newlyAllowed: readonly Difference[];
  readonly newlyDenied: readonly Difference[];
  /** Actions the catalog does not have yet that a NEW wildcard newly allows (simulate() cannot run them). */
  readonly futureActions: readonly Difference[];
  readonly undecided: readonly Undecided[];
  /** Request classes decided (each under OLD and NEW). */
  readonly classes: number;
}

export interface Intended {
  readonly action: string;
  readonly resource: string;
}

export interface DiffScope {
  /** Only actions matching one of these patterns. */
  readonly actions?: readonly string[];
  /** Only resources matching this pattern. */
  readonly resource?: string;
  /** Context keys fixed to these values. */
  readonly context?: Readonly<Record<string, ContextValue>>;
  /**
   * Requests meant to become allowed: not reported (explain's fix: the action on the resource pattern; a
   * lint autofix: what the statement meant). Both are wildcard patterns; actions compare case-insensitively.
   */
  readonly intended?: Intended | readonly Intended[];
  /** Examples to prefer in witnesses (e.g. the denied request's resource). */
  readonly preferredResources?: readonly string[];
  /** Upper bound on request classes decided (default 3,000,000). */
  readonly maxClasses?: number;
}

/** A side's policies as one request sees them (a resource policy with or without the caller's identity side). */
interface Variant {
  readonly scenario: Omit<Scenario, 'request'>;
  readonly policies: CompiledPolicies;
}

/** One side of the comparison: its scenario without the request, compiled. */
interface Side {
  readonly name: 'old' | 'new';
  readonly statements: readonly CompiledStatement[];
  readonly base: Variant;
  /** The variant that decides this request. */
  variant(request: Request): Variant;
  /** Labels of the helper policies that are not compared (a single policy's allow-all companions). */
  readonly helpers: ReadonlySet<string>;
  /** One policy compared (its name is not worth printing). */
  readonly single: boolean;
}

const ALLOW_ALL = { name: 'whydenied-allow-all', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } };
const DEFAULT_ACCOUNT = '111122223333';
const PLACEHOLDER: ScenarioRequest = { principal: `arn:aws:sts::${DEFAULT_ACCOUNT}:assumed-role/whydenied-diff/diff`, action: 's3:GetObject', resource: '*' };

/** Does the caller call into another account (then a resource policy needs the caller's identity side too)? */
function crossAccount(request: Request): boolean {
  return request.principalAccount !== undefined && request.resourceAccount !== undefined && request.principalAccount !== request.resourceAccount;
}

/**
 * The scenario (less its request) in which one policy of a type decides alone: identity-side guardrails
 * behind an allow-all identity policy; a resource policy alone for callers of its own account and behind
 * an allow-all identity policy for callers from other accounts (cross-account access needs both sides).
 */
export function scenarioForPolicy(type: PolicyType, document: unknown, cross = false): Omit<Scenario, 'request'> {
  const policy = { name: 'policy', document };
  switch (type) {
    case 'identity':
      return { identityPolicies: [policy] };
    case 'permissions-boundary':
      return { identityPolicies: [ALLOW_ALL], permissionsBoundary: policy };
    case 'session':
      return { identityPolicies: [ALLOW_ALL], sessionPolicies: [policy] };
    case 'scp':
      return { identityPolicies: [ALLOW_ALL], serviceControlPolicies: [{ target: 'r-root', policies: [policy] }] };
    case 'rcp':
      return { identityPolicies: [ALLOW_ALL], resourceControlPolicies: [{ target: 'r-root', policies: [policy] }] };
    case 'vpc-endpoint':
      return { identityPolicies: [ALLOW_ALL], vpcEndpointPolicy: policy };
    case 'resource':
      return cross ? { identityPolicies: [ALLOW_ALL], resourcePolicy: policy } : { resourcePolicy: policy };
  }
}

/** The whole scenario that decides `request` under one policy of a type (what simulate() is given). */
export function policyScenario(type: PolicyType, document: unknown, request: ScenarioRequest): Scenario {
  const built = buildRequest(request);
  return { ...scenarioForPolicy(type, document, type === 'resource' && built.ok && crossAccount(built.request)), request };
}

function allStatements(p: CompiledPolicies): CompiledStatement[] {
  return allPolicies(p).flatMap((policy) => policy.statements);
}

function compileSide(name: 'old' | 'new', scenario: Omit<Scenario, 'request'>, request: ScenarioRequest): CompiledScenario {
  const compiled = compileScenario({ ...scenario, request });
  if (!compiled.ok) throw new Error(`the ${name} scenario does not compile: ${compiled.problems.map((p) => `${p.pointer || '/'}: ${p.code}`).join('; ')}`);
  return compiled.value;
}

function variantOf(name: 'old' | 'new', scenario: Omit<Scenario, 'request'>, request: ScenarioRequest): Variant {
  return { scenario, policies: compileSide(name, scenario, request).policies };
}

function policySide(name: 'old' | 'new', type: PolicyType, document: unknown): Side {
  const base = variantOf(name, scenarioForPolicy(type, document), PLACEHOLDER);
  const cross = type === 'resource' ? variantOf(name, scenarioForPolicy(type, document, true), PLACEHOLDER) : base;
  return {
    name,
    base,
    statements: allStatements(cross.policies),
    variant: (request) => (type === 'resource' && crossAccount(request) ? cross : base),
    helpers: new Set([ALLOW_ALL.name]),
    single: true,
  };
}

/** Compare two policy documents of one type. The documents must be valid (check them with parsePolicy first). */
export function diffPolicies(oldDocument: unknown, newDocument: unknown, type: PolicyType, scope: DiffScope = {}): DiffResult {
  return run(type, policySide('old', type, oldDocument), policySide('new', type, newDocument), undefined, scope);
}

/** Compare two scenarios: the whole decision for the principal of OLD's request (NEW's must be the same). */
export function diffScenarios(oldScenario: Scenario, newScenario: Scenario, scope: DiffScope = {}): DiffResult {
  const strip = (s: Scenario): Omit<Scenario, 'request'> => {
    const { request: _request, ...rest } = s;
    return rest;
  };
  // The principal's own facts (its ARN with path, tags, organization, user name) stay as OLD's request gives them.
  const facts = Object.entries(oldScenario.request.context ?? {}).filter(([k]) => /^aws:(principal|username$|userid$)/i.test(k));
  const base: ScenarioRequest = {
    principal: oldScenario.request.principal,
    action: oldScenario.request.action,
    ...(facts.length > 0 && { context: Object.fromEntries(facts) }),
  };
  const scenarioSide = (name: 'old' | 'new', scenario: Scenario): Side => {
    const variant = variantOf(name, strip(scenario), base);
    return { name, base: variant, statements: allStatements(variant.policies), variant: () => variant, helpers: new Set(), single: false };
  };
  return run('scenario', scenarioSide('old', oldScenario), scenarioSide('new', newScenario), base, scope);
}

// ---------------------------------------------------------------------------------------------------------
// Resources.

const DIGITS = '0123456789';
const notColon = (repeat: boolean): Token => noneOf([':'], repeat);
const arnHead = (service?: string): Token[] => [
  ...Array.from('arn:', literal),
  notColon(true),
  literal(':'),
  ...(service === undefined ? [notColon(true)] : Array.from(service, literal)),
  literal(':'),
];

/** Resource shapes from which the engine derives context keys (src/request/request.ts). */
const DERIVING: Readonly<Record<string, Pattern>> = {
  'aws:resourceaccount': [...arnHead(), notColon(true), literal(':'), ...Array.from({ length: 12 }, () => oneOf(DIGITS)), literal(':'), anyRun],
  'aws:requestedregion': [...arnHead(), notColon(false), notColon(true), literal(':'), notColon(true), literal(':'), anyRun],
  'connect:instanceid': [...arnHead('connect'), notColon(true), literal(':'), notColon(true), literal(':'), ...Array.from('instance/', literal), noneOf(['/']), anyRun],
};

const resourceClassCache = new Map<string, { examples: string[]; limit?: ClassBound }>();

/**
 * One resource of each class the resource patterns (and the ARN shapes that derive context keys) cut, the
 * preferred ones where they can be; `limit` when there were too many states to cut (then the preferred
 * texts stand in). Kept across proofs: explain proves a fix and its alternative against the same texts.
 */
function resourceClasses(texts: ReadonlySet<string>, derived: readonly string[], variableValues: ReadonlyMap<string, string>, preferred: readonly string[]): { examples: string[]; limit?: ClassBound } {
  const key = JSON.stringify([[...texts], derived, [...variableValues], preferred]);
  const cached = resourceClassCache.get(key);
  if (cached) return cached;
  const patterns = new Map<string, Pattern>();
  for (const t of texts) for (const p of resourcePatterns(t, variableValues)) patterns.set(p.source, p.tokens);
  const all = [...patterns.values(), ...derived.map((k) => own(DERIVING, k)!)];
  const alphabet = alphabetOf(all, DIGITS);
  let found: { examples: string[]; limit?: ClassBound };
  try {
    found = { examples: classesOf(all.map((p) => patternAutomaton(p, alphabet)), alphabet, { preferred }).map((c) => c.example) };
  } catch (error) {
    if (!(error instanceof ClassLimitError)) throw error;
    found = { examples: [...preferred], limit: error.bound };
  }
  if (resourceClassCache.size >= 256) resourceClassCache.clear();
  resourceClassCache.set(key, found);
  return found;
}

/** A resource pattern's texts as wildcard tokens: as written, and with policy variables given their values. */
function resourcePatterns(text: string, values: ReadonlyMap<string, string>): { source: string; tokens: Pattern }[] {
  const out = [{ source: text, tokens: wildcardTokens(text) }];
  const template = parseTemplate(text, true);
  if (template.parts.length === 1 && template.parts[0]!.kind === 'text') return out;
  const tokens: Token[] = [];
  let source = '';
  for (const part of template.parts) {
    if (part.kind === 'text') {
      tokens.push(...wildcardTokens(part.text));
      source += part.text;
    } else {
      const value = part.kind === 'literal' ? part.text : (values.get(part.variable.lookup) ?? part.variable.fallback ?? '');
      tokens.push(...Array.from(value, literal));
      source += value.replace(/[*?]/g, '\\$&');
    }
  }
  out.push({ source: `substituted:${source}`, tokens });
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// The search.

interface Finding {
  readonly request: ScenarioRequest;
  readonly future: boolean;
}

function simulateDecision(s: Side, request: ScenarioRequest): Decision | 'invalid' {
  try {
    const built = buildRequest(request);
    if (!built.ok) return 'invalid';
    return simulate({ ...s.variant(built.request).scenario, request }, { trace: false }).decision;
  } catch {
    return 'invalid';
  }
}

function decide(s: Side, request: Request): Decision {
  return evaluate(s.variant(request).policies, request).decision;
}

const shapes = new WeakMap<CompiledStatement, string>();

/** A statement as the decision sees it (without its Sid and place), for "nothing here changed". */
function statementShape(st: CompiledStatement): string {
  let shape = shapes.get(st);
  if (shape === undefined) {
    const { sid: _sid, index: _index, pointer: _pointer, ...rest } = st.source;
    shape = `${st.policy.type}|${st.policy.target ?? ''}|${JSON.stringify(rest, (key, value: unknown) => (key === 'pointer' ? undefined : value))}`;
    shapes.set(st, shape);
  }
  return shape;
}

function policyShape(p: CompiledPolicies): string {
  return JSON.stringify([p.identity.length, !!p.permissionsBoundary, p.session?.length, p.scpLevels?.map((l) => l.length), p.rcpLevels?.map((l) => l.length), !!p.resource, !!p.vpcEndpoint]);
}

function subsets<T>(items: readonly T[], maxSize: number): T[][] {
  const out: T[][] = [];
  const walk = (start: number, acc: T[]) => {
    if (acc.length > 0) out.push([...acc]);
    if (acc.length === maxSize) return;
    for (let i = start; i < items.length; i++) walk(i + 1, [...acc, items[i]!]);
  };
  walk(0, []);
  return out;
}

/** Accounts are chosen so that the request stays in one account (identity-side policies decide alone). */
function resourceAccountOf(resource: string, context: Record<string, ContextValue>): string | undefined {
  const explicit = Object.entries(context).find(([k]) => k.toLowerCase() === 'aws:resourceaccount')?.[1];
  if (typeof explicit === 'string' && /^\d{12}$/.test(explicit)) return explicit;
  return /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(resource)?.[1];
}

function principalFor(resource: string, context: Record<string, ContextValue>): string {
  return `arn:aws:sts::${resourceAccountOf(resource, context) ?? DEFAULT_ACCOUNT}:assumed-role/whydenied-diff/diff`;
}

const OTHER_ACCOUNT = '999988887777';

/**
 * Callers that together meet every combination of Principal values: for each account named (and the
 * resource's, and one named nowhere) its root user, a user, a role session and a federated user named
 * nowhere; every user, role, session and service named; a service named nowhere; an anonymous caller.
 * A Principal value matches one of a caller's identities (account, role, itself) exactly, so these
 * decide every caller.
 */
function callers(statements: readonly CompiledStatement[], resourceAccount: string | undefined): string[] {
  const accounts = new Set([resourceAccount ?? DEFAULT_ACCOUNT, OTHER_ACCOUNT]);
  const named: string[] = [];
  const services = new Set(['whydenied.amazonaws.com']);
  for (const st of statements) {
    for (const v of [...(st.source.principal ?? []), ...(st.source.notPrincipal ?? [])]) {
      if (v.kind === 'AWS') {
        if (/^\d{12}$/.test(v.value)) accounts.add(v.value);
        const arn = /^arn:[^:]*:(iam|sts)::(\d{12}):(.*)$/.exec(v.value);
        if (!arn) continue;
        accounts.add(arn[2]!);
        const role = arn[1] === 'iam' ? /^role\/(?:.*\/)?([^/]+)$/.exec(arn[3]!) : null;
        if (arn[3] !== 'root') named.push(v.value);
        if (role && !arn[3]!.slice('role/'.length).includes('/')) named.push(`arn:aws:sts::${arn[2]}:assumed-role/${role[1]}/whydenied-session`);
      } else if (v.kind === 'Service' && /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(v.value)) services.add(v.value);
    }
  }
  const out = new Set<string>();
  for (const a of accounts) {
    out.add(`arn:aws:iam::${a}:root`);
    out.add(`arn:aws:iam::${a}:user/whydenied-user`);
    out.add(`arn:aws:sts::${a}:assumed-role/whydenied-role/whydenied-session`);
    out.add(`arn:aws:sts::${a}:federated-user/whydenied-user`);
  }
  for (const n of named) out.add(n);
  for (const sv of services) out.add(sv);
  out.add('anonymous');
  return [...out].filter((p) => buildRequest({ principal: p, action: 's3:GetObject' }).ok);
}

/** Keys the engine or the search reads outside conditions (the caller, cross-account access, KMS grants). */
const READ_ELSEWHERE = /^(aws:principalarn|aws:resourceaccount|kms:)/;
/** Bound on the ways a multivalued key's conditions can decide (each condition: none, some or all values). */
const MAX_SETS = 4096;

/**
 * Sets of values of a multivalued key, one for each way its conditions can decide. The engine decides a
 * condition on a set by whether any or every value satisfies it (src/engine/conditions/condition.ts), and
 * values that satisfy the same conditions are interchangeable: so a set counts only by, for each condition,
 * (some value satisfies it, every value does). The sets are grown one value at a time from single values
 * until no new combination appears: exact, whatever the number of classes of values. Undefined when the
 * key is read elsewhere too, or the combinations are too many.
 */
function valueSets(key: string, examples: readonly string[], conditions: readonly CompiledCondition[], lookup: (key: string) => string | undefined): string[][] | undefined {
  if (READ_ELSEWHERE.test(key)) return undefined;
  const kinds = new Map<string, { value: string; bits: boolean[] }>();
  for (const value of examples) {
    const context = new Map([[key, [value]]]);
    const bits = conditions.map((c) => c.test(context, lookup));
    const sig = bits.map(Number).join('');
    if (!kinds.has(sig)) kinds.set(sig, { value, bits });
  }
  const seen = new Set<string>();
  const found: { any: boolean[]; all: boolean[]; set: string[] }[] = [];
  const add = (any: boolean[], all: boolean[], set: string[]) => {
    const sig = `${any.map(Number).join('')}|${all.map(Number).join('')}`;
    if (seen.has(sig)) return true;
    if (seen.size >= MAX_SETS) return false;
    seen.add(sig);
    found.push({ any, all, set });
    return true;
  };
  for (const k of kinds.values()) add(k.bits, k.bits, [k.value]);
  for (let i = 0; i < found.length; i++) {
    const s = found[i]!;
    for (const k of kinds.values()) {
      if (!add(s.any.map((b, j) => b || k.bits[j]!), s.all.map((b, j) => b && k.bits[j]!), [...s.set, k.value])) return undefined;
    }
  }
  return found.map((s) => s.set);
}

/**
 * Callers whose aws:PrincipalArn is `arn` (AWS sets it from the caller: a role session's is its role's ARN,
 * path included), in the ARN's own account and in `accounts`; none when `arn` is no principal's ARN.
 */
function callersWithArn(arn: string, accounts: readonly string[]): { principal: string; roleArn?: string }[] {
  const m = /^arn:([a-z-]+):(iam|sts)::(\d{12}):(.+)$/.exec(arn);
  if (!m) return [];
  const [, partition, service, account, rest] = m as unknown as [string, string, string, string, string];
  const out: { principal: string; roleArn?: string }[] = [];
  for (const a of new Set([account, ...accounts])) {
    const role = service === 'iam' ? /^role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(rest) : null;
    const candidate = role
      ? { principal: `arn:${partition}:sts::${a}:assumed-role/${role[1]}/whydenied-session`, roleArn: `arn:${partition}:iam::${a}:${rest}` }
      : (service === 'iam' && /^(root|user\/(?:.*\/)?[\w+=,.@-]+)$/.test(rest)) || (service === 'sts' && /^federated-user\/[\w+=,.@-]+$/.test(rest))
        ? { principal: `arn:${partition}:${service}::${a}:${rest}` }
        : undefined;
    if (candidate && buildRequest({ principal: candidate.principal, action: 's3:GetObject' }).ok) out.push(candidate);
  }
  return out;
}

function run(policyType: PolicyType | 'scenario', old: Side, next: Side, base: ScenarioRequest | undefined, scope: DiffScope): DiffResult {
  const undecided: Undecided[] = [];
  const note = (reason: UndecidedReason, subject?: string) => {
    const same = (u: Undecided) => u.messageId === reason.messageId && u.subject === subject && JSON.stringify(u.data) === JSON.stringify(reason.data);
    if (!undecided.some(same)) undecided.push({ ...reason, ...(subject !== undefined && { subject }) });
  };
  const statements = [...old.statements, ...next.statements];
  const sameShape = policyShape(old.base.policies) === policyShape(next.base.policies);
  const maxClasses = scope.maxClasses ?? 3_000_000;

  // Policy variables: given one value each (and their absence); other values are not covered, unless
  // both sides are the same statements (then nothing can differ).
  const identical = sameShape && old.statements.map(statementShape).sort().join('\n') === next.statements.map(statementShape).sort().join('\n');
  const variableValues = new Map<string, string>();
  for (const st of statements) {
    const texts = [...(st.source.resource ?? st.source.notResource ?? []), ...st.source.conditions.filter((c) => c.operator.info.variables).flatMap((c) => c.values)];
    for (const t of texts) {
      for (const v of templateVariables(parseTemplate(t, true))) {
        if (!variableValues.has(v.lookup)) {
          variableValues.set(v.lookup, `whydenied-value-${variableValues.size + 1}`);
          if (!identical) note({ messageId: 'policyVariable', data: { variable: v.key } }, v.key);
        }
      }
    }
  }

  // Condition keys and their classes of values.
  const conditionsByKey = new Map<string, ParsedCondition[]>();
  const compiledByKey = new Map<string, CompiledCondition[]>();
  for (const st of statements) {
    for (const c of st.conditions) {
      let list = compiledByKey.get(c.lookupKey);
      if (!list) compiledByKey.set(c.lookupKey, (list = []));
      list.push(c);
    }
    for (const c of st.source.conditions) {
      const k = c.key.toLowerCase();
      let list = conditionsByKey.get(k);
      if (!list) conditionsByKey.set(k, (list = []));
      list.push(c);
    }
  }
  const fixed = new Map(Object.entries({ ...(base?.context ?? {}), ...(scope.context ?? {}) }).map(([k, v]) => [k.toLowerCase(), { key: k, value: v }]));
  const domains = new Map<string, { key: string; values: (ContextValue | undefined)[] }>();
  const domainOf = (k: string) => {
    let d = domains.get(k);
    if (d) return d;
    const conditions = conditionsByKey.get(k) ?? [];
    const key = conditions[0]?.key ?? k;
    const substitute = (value: string, c: ParsedCondition) => {
      if (!c.operator.info.variables) return value;
      let out = '';
      for (const part of parseTemplate(value, true).parts) out += part.kind === 'variable' ? (variableValues.get(part.variable.lookup) ?? part.variable.fallback ?? '') : part.text;
      return out;
    };
    const variable = variableValues.get(k);
    // Principal ARNs as examples where a class has one (a caller is built from it: see callersWithContext).
    const principalArns = k === 'aws:principalarn' ? conditions.flatMap((c) => c.values).map((v) => v.split(':').map((part, i) => (i === 4 ? part.replace(/^[*?]+$/, DEFAULT_ACCOUNT) : part.replace(/\*/g, 'example').replace(/\?/g, 'x'))).join(':')) : [];
    const classes = keyValues(conditions, substitute, [...(variable === undefined ? [] : [variable]), ...principalArns]);
    if (classes.undecided) note(classes.undecided, key);
    const multi = conditions.some((c) => c.operator.qualifier !== undefined) || (findConditionKey(key)?.type.startsWith('ArrayOf') ?? false);
    const values: (ContextValue | undefined)[] = [undefined];
    const sets = multi ? valueSets(k, classes.examples, compiledByKey.get(k) ?? [], (name) => variableValues.get(name)) : undefined;
    if (!multi) values.push(...classes.examples);
    else if (sets) values.push(...sets);
    else {
      const size = classes.examples.length <= 8 ? classes.examples.length : 2;
      if (size < classes.examples.length) note({ messageId: 'valueSetsBounded', data: { classes: classes.examples.length, size } }, key);
      values.push(...subsets(classes.examples, size));
    }
    d = { key, values };
    domains.set(k, d);
    return d;
  };

  // Actions.
  const intendedList: readonly Intended[] = scope.intended === undefined ? [] : 'action' in scope.intended ? [scope.intended] : scope.intended;
  const intendedMatchers = intendedList.map((i) => ({ action: compileWildcard(i.action.toLowerCase()), resource: compileWildcard(i.resource) }));
  const isIntended = (action: string, resource: string) => intendedMatchers.some((m) => m.action.matches(action.toLowerCase()) && m.resource.matches(resource));
  const actionPatterns = [...statements.flatMap((st) => st.source.action ?? st.source.notAction ?? []), ...(scope.actions ?? []), ...intendedList.map((i) => i.action)];
  const scopeActions = scope.actions?.map((a) => compileWildcard(a.toLowerCase()));
  const actions = actionClasses(actionPatterns).classes.filter((a) => !scopeActions || scopeActions.some((w) => w.matches(a.action.toLowerCase())));

  const scopeResource = scope.resource === undefined ? undefined : compileWildcard(scope.resource);
  const resourceCache = new Map<string, string[]>();
  const resourceExamples = (relevant: readonly CompiledStatement[]): string[] => {
    const texts = new Set<string>();
    for (const st of relevant) for (const r of st.source.resource ?? st.source.notResource ?? []) texts.add(r);
    if (scope.resource !== undefined) texts.add(scope.resource);
    for (const i of intendedList) texts.add(i.resource);
    const derived = ['aws:resourceaccount', ...[...conditionsByKey.keys()].filter((k) => Object.hasOwn(DERIVING, k) && k !== 'aws:resourceaccount')];
    const cacheKey = JSON.stringify([[...texts].sort(), derived]);
    const cached = resourceCache.get(cacheKey);
    if (cached) return cached;
    const preferred = [...(scope.preferredResources ?? []), ...[...texts].flatMap((t) => [t.replace(/\*/g, 'example').replace(/\?/g, 'x'), t.replace(/[*?]/g, '')]), '*'];
    const found = resourceClasses(texts, derived, variableValues, preferred);
    if (found.limit !== undefined) note({ messageId: 'resourcesTooMany', data: { bound: found.limit } });
    resourceCache.set(cacheKey, found.examples);
    return found.examples;
  };

  const gains: Finding[] = [];
  const losses: Finding[] = [];
  let classes = 0;
  const principals = policyType !== 'scenario' && namesPrincipals(policyType);
  const callerCache = new Map<string, string[]>();
  const callersFor = (relevant: readonly CompiledStatement[], resource: string, context: Record<string, ContextValue>): string[] => {
    const account = resourceAccountOf(resource, context);
    const key = `${account ?? ''}|${relevant.map((st) => statements.indexOf(st)).join(',')}`;
    let list = callerCache.get(key);
    if (!list) callerCache.set(key, (list = callers(relevant, account)));
    return list;
  };
  /**
   * The callers of a resource-side policy with the context they send. An aws:PrincipalArn value the search
   * chose is the caller's own ARN (a role session's is its role's): the caller is built from it, in its own
   * account and in the others considered, rather than crossed with callers it cannot belong to. A value
   * that is no principal's ARN is no request; its class is covered when some caller's own ARN is in it.
   */
  const callersWithContext = (relevant: readonly CompiledStatement[], resource: string, context: Record<string, ContextValue>): { principal: string; context: Record<string, ContextValue> }[] => {
    const all = callersFor(relevant, resource, context);
    const arnKey = Object.keys(context).find((k) => k.toLowerCase() === 'aws:principalarn');
    const chosen = arnKey === undefined || fixed.has('aws:principalarn') ? undefined : own(context, arnKey);
    if (typeof chosen !== 'string') return all.map((principal) => ({ principal, context }));
    const { [arnKey!]: _chosen, ...rest } = context;
    const accounts = [...new Set(all.flatMap((c) => /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(c)?.[1] ?? []))];
    const consistent = callersWithArn(chosen, accounts);
    if (consistent.length > 0) return consistent.map((c) => ({ principal: c.principal, context: c.roleArn === undefined ? rest : { ...rest, [arnKey!]: c.roleArn } }));
    const conditions = compiledByKey.get('aws:principalarn') ?? [];
    const vector = (arn: string) => conditions.map((c) => c.test(new Map([['aws:principalarn', [arn]]]), variableLookupFixed)).join();
    const covered = all.some((c) => {
      const built = buildRequest({ principal: c, action: 's3:GetObject' });
      const arn = built.ok ? built.request.context.get('aws:principalarn')?.[0] : undefined;
      return arn !== undefined && vector(arn) === vector(chosen);
    });
    if (!covered) note({ messageId: 'principalArnUncovered', data: { example: chosen } }, 'aws:PrincipalArn');
    return [];
  };
  const lookupFor = (values: ReadonlyMap<string, string>) => (key: string) => values.get(key);
  const variableLookupFixed = lookupFor(variableValues);

  // Statements that can decide an action, as each side has them: alike on both sides, nothing about the action differs.
  const alikeCache = new Map<string, boolean>();
  const alike = (relevant: readonly CompiledStatement[]) => {
    const key = relevant.map((st) => statements.indexOf(st)).join(',');
    let same = alikeCache.get(key);
    if (same === undefined) {
      const shapes = (s: Side) => relevant.filter((st) => s.statements.includes(st)).map(statementShape).sort().join('\n');
      alikeCache.set(key, (same = sameShape && shapes(old) === shapes(next)));
    }
    return same;
  };

  search: for (const a of actions) {
    const lower = a.action.toLowerCase();
    const relevantA = statements.filter((st) => st.matchesAction(lower));
    if (alike(relevantA)) {
      classes++;
      continue; // the same statements decide the action under OLD and NEW, whatever the resource
    }
    for (const resource of resourceExamples(relevantA)) {
      if (scopeResource && !scopeResource.matches(resource)) continue;
      const relevant = relevantA.filter((st) => !st.resource || st.resource.matches(resource, variableLookupFixed) !== st.resource.negated || st.source.resource?.some((r) => r.includes('${')) || st.source.notResource?.some((r) => r.includes('${')));
      if (alike(relevant)) {
        classes++;
        continue; // the same statements decide under OLD and NEW
      }
      const keys = new Set<string>();
      for (const st of relevant) for (const c of st.source.conditions) keys.add(c.key.toLowerCase());
      for (const k of variableValues.keys()) keys.add(k);
      for (const k of fixed.keys()) keys.delete(k);
      const dims = [...keys].sort().map(domainOf);
      const counters = dims.map(() => 0);
      for (;;) {
        const context: Record<string, ContextValue> = {};
        for (const [, f] of fixed) setOwn(context, f.key, f.value);
        dims.forEach((d, i) => {
          const v = d.values[counters[i]!];
          if (v !== undefined) setOwn(context, d.key, v);
        });
        // A resource belongs to an account even when its ARN does not say which (S3): callers from others are cross-account.
        if (policyType === 'resource' && resourceAccountOf(resource, context) === undefined) context['aws:ResourceAccount'] = DEFAULT_ACCOUNT;
        const callers = base ? [{ principal: base.principal, context }] : principals ? callersWithContext(relevant, resource, context) : [{ principal: principalFor(resource, context), context }];
        for (const caller of callers) {
          const request: ScenarioRequest = { principal: caller.principal, action: a.action, resource, context: caller.context };
          classes++;
          if (classes > maxClasses) {
            note({ messageId: 'searchStopped', data: { maxClasses } });
            break search;
          }
          const built = buildRequest(request);
          if (!built.ok) continue;
          const before = decide(old, built.request);
          const after = decide(next, built.request);
          if ((before === 'allow') !== (after === 'allow')) {
            if (!(after === 'allow' && isIntended(a.action, resource))) (after === 'allow' ? gains : losses).push({ request, future: a.future });
          }
        }
        let i = 0;
        while (i < dims.length && ++counters[i]! >= dims[i]!.values.length) counters[i++] = 0;
        if (i === dims.length) break;
      }
    }
  }

  const reasonKey = (future: boolean, b: Because) => JSON.stringify([future, b.policy, b.statement, b.element, b.condition]);
  /**
   * The same difference on a resource that reads like a real one (the action's ARN template filled in),
   * when that resource is decided the same way for the same reason; else the request as found.
   */
  const readable = (request: ScenarioRequest, because: Because, gained: boolean): ScenarioRequest => {
    const catalog = catalogAction(request.action);
    if (!catalog) return request;
    const account = resourceAccountOf(request.resource ?? '*', { ...request.context }) ?? DEFAULT_ACCOUNT;
    const values = { Partition: 'aws', Region: 'us-east-1', Account: account };
    for (const rt of actionResourceTypes(catalog)) {
      const arn = fillTemplate(rt.type.arn, new Proxy(values, { get: (v, k: string) => own(v as Record<string, string>, k) ?? 'example' }));
      if (arn === undefined || arn === request.resource || (scopeResource && !scopeResource.matches(arn))) continue;
      const candidate: ScenarioRequest = { ...request, resource: arn, ...(!base && !principals && { principal: principalFor(arn, { ...request.context }) }) };
      const built = buildRequest(candidate);
      if (!built.ok) continue;
      const [before, after] = [decide(old, built.request) === 'allow', decide(next, built.request) === 'allow'];
      if (after !== gained || before !== !gained) continue;
      if (gained && isIntended(request.action, arn)) continue;
      if (reasonKey(false, explainDifference(old, next, candidate, gained)) === reasonKey(false, because)) return candidate;
    }
    return request;
  };
  const group = (findings: Finding[], gained: boolean): { concrete: Difference[]; future: Difference[] } => {
    const byReason = new Map<string, { finding: Finding; because: Because; count: number }>();
    for (const f of findings) {
      const because = explainDifference(old, next, f.request, gained);
      const key = reasonKey(f.future, because);
      const entry = byReason.get(key);
      if (entry) entry.count++;
      else byReason.set(key, { finding: f, because, count: 1 });
    }
    const concrete: Difference[] = [];
    const future: Difference[] = [];
    for (const { finding, because, count } of byReason.values()) {
      const request = readable(finding.request, because, gained);
      const d: Difference = {
        action: request.action,
        resource: request.resource ?? '*',
        context: request.context ?? {},
        principal: request.principal,
        because,
        similar: count - 1,
      };
      (finding.future ? future : concrete).push(d);
    }
    return { concrete, future };
  };
  const gained = group(gains, true);
  const lost = group(losses, false);
  // Every witness is checked by simulate() itself, exactly as a user would run it.
  const confirmed = (list: Difference[], allowedBy: Side, deniedBy: Side) =>
    list.filter((d) => {
      const request: ScenarioRequest = { principal: d.principal, action: d.action, resource: d.resource, context: d.context };
      const ok = simulateDecision(allowedBy, request) === 'allow' && simulateDecision(deniedBy, request) !== 'allow';
      if (!ok) note({ messageId: 'unconfirmed', data: {} }, `${d.action} on ${d.resource}`);
      return ok;
    });
  const newlyAllowed = confirmed(gained.concrete, next, old);
  const newlyDenied = confirmed(lost.concrete, old, next);
  return {
    policyType,
    broader: newlyAllowed.length > 0 || gained.future.length > 0,
    narrower: newlyDenied.length > 0 || lost.future.length > 0,
    newlyAllowed,
    newlyDenied,
    futureActions: gained.future,
    undecided,
    classes,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Why.

const ELEMENT: Record<Mismatch, [string, string]> = {
  action: ['Action', 'NotAction'],
  resource: ['Resource', 'NotResource'],
  principal: ['Principal', 'NotPrincipal'],
  condition: ['Condition', 'Condition'],
};

function traceOf(s: Side, request: ScenarioRequest): { trace: readonly StatementTrace[]; built?: Request } {
  const built = buildRequest(request);
  if (!built.ok) return { trace: [] };
  return { trace: evaluate(s.variant(built.request).policies, built.request, { trace: true }).statements, built: built.request };
}

const idOf = (t: { policy: string; statement: string; target?: string }) => `${t.target ?? ''}|${t.policy}|${t.statement}`;

function findStatement(s: Side, t: StatementTrace): CompiledStatement | undefined {
  return s.statements.find((st) => st.policy.label === t.policy && st.label === t.statement && (st.policy.target ?? undefined) === t.target && st.policy.type === t.policyType);
}

/**
 * The statement responsible for a request decided differently, and what about it changed: the first
 * statement (in evaluation order) that matches on the deciding side and not on the other.
 */
function explainDifference(old: Side, next: Side, request: ScenarioRequest, gained: boolean): Because {
  const o = traceOf(old, request);
  const n = traceOf(next, request);
  const oldById = new Map(o.trace.map((t) => [idOf(t), t]));
  const newById = new Map(n.trace.map((t) => [idOf(t), t]));
  const compared = (t: StatementTrace, s: Side) => !s.helpers.has(t.policy);
  // Gained: an Allow that now matches, else a Deny that no longer does. Lost: the reverse.
  const [allowSide, allowOther, allowTrace] = gained ? [next, old, n.trace] : [old, next, o.trace];
  const [denySide, denyOther, denyTrace] = gained ? [old, next, o.trace] : [next, old, n.trace];
  const otherById = (s: Side) => (s === old ? oldById : newById);
  const because = (t: StatementTrace, s: Side, other: Side): Because => {
    const counterpart = otherById(other).get(idOf(t));
    const st = findStatement(s, t);
    const otherSt = counterpart ? findStatement(other, counterpart) : undefined;
    // Point into NEW when the statement is there (that is the document under review).
    const [where, whereSide] = s.name === 'new' || !otherSt ? [st, s.name] : [otherSt, other.name];
    const common = {
      ...(!s.single && { policy: t.policy }),
      policyType: t.policyType,
      statement: t.statement,
      effect: t.effect,
      side: whereSide,
      ...(where && { pointer: where.source.pointer }),
    };
    if (!counterpart || !otherSt) return { ...common, element: 'Statement' };
    if (counterpart.effect !== t.effect) return { ...common, element: 'Effect' };
    const m = counterpart.mismatch[0];
    if (m === undefined) return { ...common, element: 'Statement' };
    // Named as NEW writes it (Action replaced by NotAction: `NotAction`).
    const named = (s.name === 'new' ? st : otherSt) ?? otherSt;
    const negated = m === 'action' ? named.source.notAction : m === 'resource' ? named.source.notResource : m === 'principal' ? named.source.notPrincipal : undefined;
    const element = ELEMENT[m][negated ? 1 : 0];
    if (m !== 'condition') return { ...common, element };
    const built = other === old ? o.built : n.built;
    const failing = built ? otherSt.conditions.find((c) => !c.test(built.context, variableLookup(built))) : undefined;
    return { ...common, element, ...(failing && { condition: `${failing.operator.text} ${failing.key}` }) };
  };
  const matchedAlike = (t: StatementTrace, other: Side) => {
    const c = otherById(other).get(idOf(t));
    return c !== undefined && c.matched && c.effect === t.effect;
  };
  const newAllow = allowTrace.find((t) => t.matched && t.effect === 'Allow' && compared(t, allowSide) && !matchedAlike(t, allowOther));
  if (newAllow) return because(newAllow, allowSide, allowOther);
  const oldDeny = denyTrace.find((t) => t.matched && t.effect === 'Deny' && compared(t, denySide) && !matchedAlike(t, denyOther));
  if (oldDeny) return because(oldDeny, denySide, denyOther);
  // A policy added or removed as a whole (scenarios), or a helper decides: name the first differing statement.
  const any = [...allowTrace, ...denyTrace].find((t) => compared(t, allowSide));
  return { policyType: any?.policyType ?? 'identity', statement: any?.statement ?? '-', effect: any?.effect ?? 'Allow', element: 'Statement', side: gained ? 'new' : 'old', ...(any && !old.single && { policy: any.policy }) };
}
