/** Parsed policies -> matchers, once per scenario, so that each decision only runs comparisons. */
import type { ParsedPolicy, ParsedStatement, PrincipalValue } from '../policy/parse.js';
import type { Problems } from '../policy/problems.js';
import { parseTemplate, resolvePattern, type Template, type VariableLookup } from '../policy/variables.js';
import { compileWildcard, type Wildcard } from '../policy/wildcard.js';
import type { Identity, IdentityLevel } from '../request/principal.js';
import { compileCondition, type CompiledCondition } from './conditions/condition.js';
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
  /** The Action / NotAction / Resource / NotResource values as the trace quotes them. */
  readonly quoted: { readonly actions: string; readonly resources: string };
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
  /** The statements whose Action or NotAction can match an action of this service, in order. */
  forService(service: string): readonly CompiledStatement[];
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

function compileActions(patterns: readonly string[]): (actionLower: string) => boolean {
  const compiled = patterns.map((p) => compileWildcard(p.toLowerCase()));
  if (patterns.some((p) => /^\*+$/.test(p))) return () => true; // `*` alone
  const literals = new Set(patterns.filter((_, i) => !compiled[i]!.hasWildcard).map((p) => p.toLowerCase()));
  const wild = compiled.filter((c) => c.hasWildcard);
  return (action) => literals.has(action) || wild.some((w) => w.matches(action));
}

function compileResources(patterns: readonly string[], variables: boolean, negated: boolean): ResourceMatcher {
  const templates: Template[] = patterns.map((p) => parseTemplate(p, variables));
  const fixed: Wildcard[] = templates.filter((t) => !t.dynamic).map((t) => resolvePattern(t, () => undefined)!);
  const dynamic = templates.filter((t) => t.dynamic);
  return {
    negated,
    matches(resource, lookup) {
      for (const w of fixed) if (w.matches(resource)) return true;
      for (const t of dynamic) if (resolvePattern(t, lookup)?.matches(resource)) return true;
      return false;
    },
  };
}

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

/** The services an Action list can reach; undefined for NotAction or a wildcard service prefix. */
function servicesOf(s: ParsedStatement): Set<string> | undefined {
  if (!s.action) return undefined;
  const services = new Set<string>();
  for (const a of s.action) {
    const colon = a.indexOf(':');
    const service = colon < 0 ? a : a.slice(0, colon);
    if (/[*?]/.test(service)) return undefined;
    services.add(service.toLowerCase());
  }
  return services;
}

const quote = (values: readonly string[] | undefined) => (values ?? []).map((v) => `\`${v}\``).join(', ');

function compileStatement(policy: CompiledPolicy, s: ParsedStatement, variables: boolean, problems: Problems): CompiledStatement {
  const actions = compileActions(s.action ?? s.notAction ?? []);
  const notAction = s.notAction !== undefined;
  const services = servicesOf(s);
  const resourceList = s.resource ?? s.notResource;
  const principalList = s.principal ?? s.notPrincipal;
  return {
    policy,
    source: s,
    label: s.sid ?? String(s.index),
    effect: s.effect,
    matchesAction: notAction ? (a) => !actions(a) : actions,
    ...(services && { services }),
    quoted: { actions: quote(s.action ?? s.notAction), resources: quote(s.resource ?? s.notResource) },
    ...(resourceList && { resource: compileResources(resourceList, variables, s.notResource !== undefined) }),
    ...(principalList && { principal: compilePrincipals(principalList, s.notPrincipal !== undefined, s.effect) }),
    conditions: s.conditions.map((c) => compileCondition(c, variables, problems)),
  };
}

export function compilePolicy(parsed: ParsedPolicy, problems: Problems, target?: string): CompiledPolicy {
  const statements: CompiledStatement[] = [];
  const byService = new Map<string, readonly CompiledStatement[]>();
  const policy: CompiledPolicy = {
    type: parsed.type,
    label: parsed.label,
    pointer: parsed.pointer,
    ...(target !== undefined && { target }),
    statements,
    forService(service) {
      let list = byService.get(service);
      if (!list) {
        list = statements.filter((st) => st.services === undefined || st.services.has(service));
        byService.set(service, list);
      }
      return list;
    },
  };
  const variables = parsed.version === '2012-10-17';
  for (const s of parsed.statements) statements.push(compileStatement(policy, s, variables, problems));
  return policy;
}
