/** Parsed policies -> matchers, once per scenario, so that each decision only runs comparisons. */
import type { ParsedPolicy, ParsedStatement, PrincipalValue } from '../policy/parse.js';
import { actionListFindings, checkStatementAgainstCatalog, resourceListFindings, type ListFindings } from '../policy/catalog-checks.js';
import type { Problems } from '../policy/problems.js';
import { parseTemplate, resolvePattern, type Template, type VariableLookup } from '../policy/variables.js';
import { ListMemo, memoize } from '../policy/memo.js';
import { MATCH_ALL, compileWildcard, type Wildcard } from '../policy/wildcard.js';
import type { Identity, IdentityLevel } from '../request/principal.js';
import { compileCondition, conditionProblems, type CompiledCondition } from './conditions/condition.js';
import type { PolicyType } from './types.js';

export interface CompiledStatement {
  readonly policy: CompiledPolicy;
  readonly source: ParsedStatement;
  /** Sid, else the index. */
  readonly label: string;
  readonly effect: 'Allow' | 'Deny';
  matchesAction(actionLower: string): boolean;
  /** Services whose actions the statement can match (lowercased); undefined when any service. */
  readonly services?: ReadonlySet<string>;
  /** Undefined: no Resource element (the statement covers the resource it is attached to). */
  readonly resource?: ResourceMatcher;
  /** Undefined: the statement names no principal (identity-side policies). */
  readonly principal?: PrincipalMatcher;
  readonly conditions: readonly CompiledCondition[];
}

export interface CompiledPolicy {
  readonly type: PolicyType;
  readonly label: string;
  /** JSON pointer to the policy's document in the scenario. */
  readonly pointer: string;
  /** For SCPs and RCPs: the organization level. */
  readonly target?: string;
  readonly statements: readonly CompiledStatement[];
  /**
   * The statements whose Action or NotAction can match an action of this service, in order; undefined on
   * the policy's first decision (then every statement is checked): indexing a policy decided once, as
   * simulate() on fresh input does, cost more than it saved.
   */
  forService(service: string): readonly CompiledStatement[] | undefined;
}

export interface ResourceMatcher {
  readonly negated: boolean;
  matches(resource: string, lookup: VariableLookup): boolean;
}

export interface PrincipalMatcher {
  readonly negated: boolean;
  /**
   * The most specific of the caller's identities that the statement covers: named (Principal) or not
   * named (NotPrincipal). `boundary`: the caller has a permissions boundary attached.
   */
  level(identities: readonly Identity[], boundary: boolean): IdentityLevel | undefined;
}

/** An Action or NotAction list, compiled: lists repeat across statements, each is compiled once. */
interface ActionsPart {
  readonly matches: (actionLower: string) => boolean;
  /** For an Action list: the services it can reach (undefined when a service prefix has a wildcard). */
  readonly services?: ReadonlySet<string>;
  /** What the catalog check finds in the list, remembered with it (one lookup per list serves both). */
  readonly findings: ListFindings;
}

/** A Resource or NotResource list, compiled, and what the catalog check finds in it. */
interface ResourcePart {
  readonly matcher: ResourceMatcher;
  readonly findings: ListFindings;
}

/** An action pattern, lowercased and compiled. */
const actionPattern = memoize((pattern) => compileWildcard(pattern.toLowerCase()));

function compileActions(patterns: readonly string[]): (actionLower: string) => boolean {
  const literals = new Set<string>();
  const wild: Wildcard[] = [];
  for (const p of patterns) {
    const w = actionPattern(p);
    if (w === MATCH_ALL) return () => true; // `*` alone
    if (w.hasWildcard) wild.push(w);
    else literals.add(p.toLowerCase());
  }
  if (wild.length === 0 && literals.size === 1) {
    const [only] = literals;
    return (action) => action === only;
  }
  return (action) => literals.has(action) || wild.some((w) => w.matches(action));
}

/** The services an Action list can reach; undefined for a wildcard service prefix. */
function servicesOf(actions: readonly string[]): Set<string> | undefined {
  const services = new Set<string>();
  for (const a of actions) {
    const colon = a.indexOf(':');
    const service = colon < 0 ? a : a.slice(0, colon);
    if (/[*?]/.test(service)) return undefined;
    services.add(service.toLowerCase());
  }
  return services;
}

/** Action lists, then NotAction lists. */
const actionParts = [new ListMemo<ActionsPart>(), new ListMemo<ActionsPart>()];
const NO_ACTIONS: readonly string[] = [];
function actionsPart(s: ParsedStatement): ActionsPart {
  return actionParts[s.notAction !== undefined ? 1 : 0]!.list(s.action ?? s.notAction ?? NO_ACTIONS, compileActionsPart, s);
}

function compileActionsPart(s: ParsedStatement): ActionsPart {
  const list = s.action ?? s.notAction ?? NO_ACTIONS;
  const negated = s.notAction !== undefined;
  const matches = compileActions(list);
  const services = negated ? undefined : servicesOf(list);
  return { matches: negated ? (a) => !matches(a) : matches, services, findings: actionListFindings(list) };
}

/** A Resource pattern as a template, and its wildcard when it uses no variable. */
const resourcePattern = [false, true].map((variables) =>
  memoize((pattern) => {
    const template = parseTemplate(pattern, variables);
    return { template, fixed: template.dynamic ? undefined : resolvePattern(template, () => undefined) };
  }),
);

function compileResources(patterns: readonly string[], variables: boolean, negated: boolean): ResourceMatcher {
  const fixed: Wildcard[] = [];
  const dynamic: Template[] = [];
  for (const p of patterns) {
    const c = resourcePattern[variables ? 1 : 0]!(p);
    if (c.fixed) fixed.push(c.fixed);
    else dynamic.push(c.template);
  }
  if (fixed.length === 1 && dynamic.length === 0) {
    const [only] = fixed;
    return { negated, matches: (resource) => only!.matches(resource) };
  }
  return {
    negated,
    matches(resource, lookup) {
      for (const w of fixed) if (w.matches(resource)) return true;
      for (const t of dynamic) if (resolvePattern(t, lookup)?.matches(resource)) return true;
      return false;
    },
  };
}

/** Resource and NotResource lists, compiled once per distinct list (by Version; Resource, then NotResource). */
const resourceParts = [false, true].map((variables) => ({
  memos: [new ListMemo<ResourcePart>(), new ListMemo<ResourcePart>()],
  make: (s: ParsedStatement): ResourcePart => {
    const list = (s.resource ?? s.notResource)!;
    return { matcher: compileResources(list, variables, s.notResource !== undefined), findings: resourceListFindings(list) };
  },
}));

const RANK: Record<IdentityLevel, number> = { account: 1, role: 2, self: 3 };

/** Does a Principal value name this identity? `AWS` values name IAM identities only, `Service` values services. */
function principalNamer(value: PrincipalValue): (identity: Identity) => boolean {
  if (value.kind === 'any') return () => true;
  const v = value.value;
  if (value.kind === 'AWS') {
    if (/^\d{12}$/.test(v)) return (identity) => identity.level === 'account' && identity.name.split(':')[4] === v;
    return (identity) => identity.name === v && v.startsWith('arn:') && !identity.federated;
  }
  if (value.kind === 'Service') return (identity) => identity.name === v && !identity.name.startsWith('arn:') && !identity.federated;
  if (value.kind === 'Federated') return (identity) => identity.federated === true && identity.name === v;
  return (identity) => identity.name === v && !identity.federated;
}

function compilePrincipals(values: readonly PrincipalValue[], negated: boolean, effect: 'Allow' | 'Deny'): PrincipalMatcher {
  const everyone = values.some((v) => v.kind === 'any');
  const namers = values.map(principalNamer);
  return {
    negated,
    level(identities, boundary) {
      // "*" names every caller as itself (so a grant to "*" is not limited by boundaries or session policies).
      if (everyone) return negated ? undefined : 'self';
      // IAM User Guide, "Permissions boundaries": a Deny with NotPrincipal always denies a principal that
      // has a permissions boundary attached, whatever NotPrincipal lists.
      if (negated && effect === 'Deny' && boundary) return 'self';
      // IAM User Guide, "NotPrincipal": to spare a role session, list "both the ARN for a role and the ARN for
      // the account containing that role"; the session ARN itself need not be listed.
      const roleNamed = negated && identities.some((identity) => identity.level === 'role' && namers.some((n) => n(identity)));
      let best: IdentityLevel | undefined;
      for (const identity of identities) {
        const named = namers.some((n) => n(identity)) || (roleNamed && identity.level === 'self');
        if (named !== negated && (best === undefined || RANK[identity.level] > RANK[best])) best = identity.level;
      }
      return best;
    },
  };
}

const NO_CONDITIONS: readonly CompiledCondition[] = [];

/** Compile one statement, and check it against the catalog (its warnings into `problems`). */
function compileStatement(policy: CompiledPolicy, s: ParsedStatement, variables: boolean, problems: Problems): CompiledStatement {
  const actions = actionsPart(s);
  const resourceList = s.resource ?? s.notResource;
  const notResource = s.notResource !== undefined;
  const resourceMemo = resourceParts[variables ? 1 : 0]!;
  const resources = resourceList ? resourceMemo.memos[notResource ? 1 : 0]!.list(resourceList, resourceMemo.make, s) : undefined;
  checkStatementAgainstCatalog(s, actions.findings, resources?.findings, problems);
  const principalList = s.principal ?? s.notPrincipal;
  let conditions = NO_CONDITIONS;
  if (s.conditions.length > 0) {
    const list = new Array<CompiledCondition>(s.conditions.length);
    for (let i = 0; i < list.length; i++) list[i] = compileCondition(s.conditions[i]!, variables);
    conditions = list;
  }
  // Every field in one literal, absent ones undefined: one shape for every statement the engine reads.
  return {
    policy,
    source: s,
    label: s.sid ?? String(s.index),
    effect: s.effect,
    matchesAction: actions.matches,
    services: actions.services,
    resource: resources?.matcher,
    principal: principalList ? compilePrincipals(principalList, s.notPrincipal !== undefined, s.effect) : undefined,
    conditions,
  };
}

/** A policy: its statements, and those that can match a service's actions, indexed on first use. */
class Policy implements CompiledPolicy {
  readonly type: PolicyType;
  readonly label: string;
  readonly pointer: string;
  readonly target: string | undefined;
  readonly statements: readonly CompiledStatement[];
  private byService: Map<string, readonly CompiledStatement[]> | undefined = undefined;
  private decided = false;

  constructor(parsed: ParsedPolicy, target: string | undefined, problems: Problems) {
    this.type = parsed.type;
    this.label = parsed.label;
    this.pointer = parsed.pointer;
    this.target = target;
    const variables = parsed.version === '2012-10-17';
    const statements = new Array<CompiledStatement>(parsed.statements.length);
    for (let i = 0; i < statements.length; i++) statements[i] = compileStatement(this, parsed.statements[i]!, variables, problems);
    // The conditions' warnings after every catalog warning of the policy (the order they have always had).
    for (const st of statements) conditionProblems(st.conditions, st.source.conditions, problems);
    this.statements = statements;
  }

  forService(service: string): readonly CompiledStatement[] | undefined {
    if (!this.decided) {
      this.decided = true;
      return undefined;
    }
    this.byService ??= new Map();
    let list = this.byService.get(service);
    if (!list) {
      list = this.statements.filter((st) => st.services === undefined || st.services.has(service));
      this.byService.set(service, list);
    }
    return list;
  }
}

/** Check a parsed policy against the catalog and compile it; warnings go to `problems`. */
export function compilePolicy(parsed: ParsedPolicy, problems: Problems, target?: string): CompiledPolicy {
  return new Policy(parsed, target, problems);
}
