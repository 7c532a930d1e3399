/**
 * The decision: AWS's policy evaluation logic over compiled policies (docs/evaluation.md; IAM User Guide,
 * "Policy evaluation logic" and "Cross-account policy evaluation logic").
 */
import { supportsRcp } from '../catalog/index.js';
import type { VariableLookup } from '../policy/variables.js';
import type { IdentityLevel } from '../request/principal.js';
import { variableLookup, type Request } from '../request/request.js';
import type { CompiledPolicy, CompiledStatement } from './compile.js';
import { grantFor, type CompiledGrant } from './grants.js';
import { awsOwnedResource, explicitResourcePolicy, partitionMismatch, permissionFreeCall } from './service-rules.js';
import { POLICY_TYPE_ORDER, type AwsRuleFinding, type Decision, type EvaluationResult, type Mismatch, type PolicyType, type StatementRef, type StatementTrace, type TraceReason } from './types.js';

/** The policies of a scenario, compiled; which of them apply depends on the request. */
export interface CompiledPolicies {
  readonly identity: readonly CompiledPolicy[];
  readonly permissionsBoundary?: CompiledPolicy;
  /** Undefined: no session policies were passed. */
  readonly session?: readonly CompiledPolicy[];
  /** Undefined: not in an organization. */
  readonly scpLevels?: readonly (readonly CompiledPolicy[])[];
  readonly rcpLevels?: readonly (readonly CompiledPolicy[])[];
  readonly resource?: CompiledPolicy;
  readonly vpcEndpoint?: CompiledPolicy;
  /** Grants on the request's KMS key. */
  readonly kmsGrants?: readonly CompiledGrant[];
  /** The organization's management account: SCPs and RCPs do not apply there. */
  readonly managementAccount?: string;
}

export interface EvaluateOptions {
  /** Record every statement considered (slower). */
  readonly trace?: boolean;
}

/** Rank of a statement that applies: 0 none; for principal-naming statements the level it names. */
const NONE = 0;
const RANK: Record<IdentityLevel, number> = { account: 1, role: 2, self: 3 };
const SELF = 3;

interface Scan {
  deny: boolean;
  /** Best rank among matching Allow statements (NONE: no allow). */
  allow: number;
}

/** The statements that apply, by effect, in evaluation order (for `determining`). */
interface Applying {
  readonly denies: CompiledStatement[];
  readonly allows: CompiledStatement[];
}

/** Fast path: does the statement apply, and at which rank? Short-circuits on the first failing element. */
function check(st: CompiledStatement, req: Request, lookup: VariableLookup, boundary: boolean): number {
  if (!st.matchesAction(req.actionLower)) return NONE;
  if (st.resource && st.resource.matches(req.resource, lookup) === st.resource.negated) return NONE;
  let rank = SELF;
  if (st.principal) {
    const level = st.principal.level(req.identities, boundary);
    if (level === undefined) return NONE;
    rank = RANK[level];
  }
  for (const c of st.conditions) if (!c.test(req.context, lookup)) return NONE;
  return rank;
}

/** The mismatch of every statement whose action does not match, and of every one that applies: lists to share. */
const ACTION_ONLY: readonly Mismatch[] = Object.freeze(['action']);
const NO_MISMATCH: readonly Mismatch[] = Object.freeze([]);

function record(st: CompiledStatement, matched: boolean, mismatch: readonly Mismatch[], reasons: readonly TraceReason[], sink: StatementTrace[]): void {
  const policy = st.policy;
  const target = policy.target;
  // One literal each (a field added afterwards would grow the object).
  sink.push(
    target === undefined
      ? { policyType: policy.type, policy: policy.label, statement: st.label, effect: st.effect, matched, mismatch, reasons }
      : { policyType: policy.type, policy: policy.label, statement: st.label, effect: st.effect, matched, mismatch, reasons, target },
  );
}

/**
 * Traced path. A statement whose action does not match is not examined further: nothing else about it can
 * matter to this request, and skipping it keeps tracing large policy sets cheap. Otherwise every element
 * is checked and each failure explained.
 */
function traced(st: CompiledStatement, req: Request, lookup: VariableLookup, boundary: boolean, sink: StatementTrace[]): number {
  if (!(st.services === undefined || st.services.has(req.service)) || !st.matchesAction(req.actionLower)) {
    const s = st.source;
    record(st, false, ACTION_ONLY, [{ element: 'action', negated: s.notAction !== undefined, action: req.action, patterns: s.action ?? s.notAction ?? [] }], sink);
    return NONE;
  }
  // The lists are made only for a statement that fails (one that applies shares NO_MISMATCH).
  let mismatch: Mismatch[] | undefined;
  let reasons: TraceReason[] | undefined;
  if (st.resource && st.resource.matches(req.resource, lookup) === st.resource.negated) {
    mismatch = ['resource'];
    reasons = [{ element: 'resource', negated: st.source.notResource !== undefined, resource: req.resource, patterns: st.source.resource ?? st.source.notResource ?? [] }];
  }
  let rank = SELF;
  if (st.principal) {
    const level = st.principal.level(req.identities, boundary);
    if (level === undefined) {
      (mismatch ??= []).push('principal');
      (reasons ??= []).push({ element: 'principal', negated: st.source.notPrincipal !== undefined, principal: req.principal.text });
    } else rank = RANK[level];
  }
  for (const c of st.conditions) {
    if (!c.test(req.context, lookup)) {
      mismatch ??= [];
      if (!mismatch.includes('condition')) mismatch.push('condition');
      const got = req.context.get(c.lookupKey);
      (reasons ??= []).push({ element: 'condition', operator: c.operator.text, key: c.key, values: c.values, ...(got !== undefined && got.length > 0 && { requestValues: got }) });
    }
  }
  if (mismatch === undefined) {
    record(st, true, NO_MISMATCH, [{ element: 'applies', resource: st.resource !== undefined, principal: st.principal !== undefined, conditions: st.conditions.length }], sink);
    return rank;
  }
  record(st, false, mismatch, reasons!, sink);
  return NONE;
}

/**
 * The statements of the policies that could apply (all of them when tracing), each decided by check() or
 * traced(), which decide alike (the differential property test holds them to it). Without a trace and
 * without `applying` to fill, statements that can no longer change the outcome are skipped.
 */
function scan(policies: readonly CompiledPolicy[], req: Request, lookup: VariableLookup, sink: StatementTrace[] | undefined, applying: Applying | undefined, boundary = false): Scan {
  const result: Scan = { deny: false, allow: NONE };
  for (const policy of policies) {
    for (const st of sink ? policy.statements : (policy.forService(req.service) ?? policy.statements)) {
      const isDeny = st.effect === 'Deny';
      if (!sink && !applying && (isDeny ? result.deny : result.allow === SELF)) continue; // already known
      const rank = sink ? traced(st, req, lookup, boundary, sink) : check(st, req, lookup, boundary);
      if (rank === NONE) continue;
      if (isDeny) result.deny = true;
      else if (rank > result.allow) result.allow = rank;
      (isDeny ? applying?.denies : applying?.allows)?.push(st);
    }
  }
  return result;
}

function ref(st: CompiledStatement): StatementRef {
  const target = st.policy.target;
  return target === undefined ? { policyType: st.policy.type, policy: st.policy.label, statement: st.label } : { policyType: st.policy.type, policy: st.policy.label, statement: st.label, target };
}

const EMPTY: Scan = { deny: false, allow: NONE };

/** A bit per policy type, for the types that deny a request. */
const DENIED = Object.fromEntries(POLICY_TYPE_ORDER.map((t, i) => [t, 1 << i])) as Record<PolicyType, number>;

/** Decide one request against compiled policies. */
export function evaluate(policies: CompiledPolicies, req: Request, options: EvaluateOptions = {}): EvaluationResult {
  if (options.trace) {
    const sink: StatementTrace[] = [];
    const applying: Applying = { denies: [], allows: [] };
    const { decision, deniedBy, awsRules } = decide(policies, req, sink, applying);
    return { decision, deniedBy, determining: determiningOf(decision, awsRules, applying), statements: sink, awsRules };
  }
  const { decision, deniedBy, awsRules } = decide(policies, req, undefined, undefined);
  return new UntracedResult(decision, deniedBy, awsRules, policies, req);
}

/**
 * The fast path's result. It skips what cannot change the decision, so the determining statements (every
 * one that applies) are found when first read, by the same check(). A getter of the class: an object
 * literal with a getter made every result cost the collector an old-space object, and simulate() without
 * a trace on fresh input ran at half the speed of the traced one (measured). JSON.stringify sees the field.
 */
class UntracedResult implements EvaluationResult {
  readonly statements: readonly StatementTrace[] = [];
  #determining: readonly StatementRef[] | undefined = undefined;
  readonly #policies: CompiledPolicies;
  readonly #req: Request;

  constructor(
    readonly decision: Decision,
    readonly deniedBy: readonly PolicyType[],
    readonly awsRules: readonly AwsRuleFinding[],
    policies: CompiledPolicies,
    req: Request,
  ) {
    this.#policies = policies;
    this.#req = req;
  }

  get determining(): readonly StatementRef[] {
    if (this.#determining === undefined) {
      const applying: Applying = { denies: [], allows: [] };
      decide(this.#policies, this.#req, undefined, applying);
      this.#determining = determiningOf(this.decision, this.awsRules, applying);
    }
    return this.#determining;
  }

  /** The fields in the traced result's order, and any added after (simulate()'s `warnings`). */
  toJSON(): EvaluationResult {
    const { decision, deniedBy, statements, awsRules, ...added } = this;
    return { decision, deniedBy, determining: this.determining, statements, awsRules, ...added };
  }
}

/** No statement decides a call that AWS allows without any permission. */
function determiningOf(decision: EvaluationResult['decision'], awsRules: readonly AwsRuleFinding[], applying: Applying): StatementRef[] {
  if (awsRules.some((r) => r.outcome === 'allows')) return [];
  return (decision === 'explicit-deny' ? applying.denies : decision === 'allow' ? applying.allows : []).map(ref);
}

/** AWS's evaluation logic; `sink` records the trace, `applying` collects the statements that apply. */
function decide(policies: CompiledPolicies, req: Request, sink: StatementTrace[] | undefined, applying: Applying | undefined): Pick<EvaluationResult, 'decision' | 'deniedBy' | 'awsRules'> {
  const lookup = variableLookup(req);
  const principal = req.principal;
  const iamCaller = principal.kind !== 'service' && principal.kind !== 'anonymous' && principal.kind !== 'identity-provider';
  let denied = 0; // bits of DENIED (a Set per decision cost as much as an empty decision's other work)
  const rules: AwsRuleFinding[] = [];
  let explicit = false;
  const deny = (type: PolicyType, s: Scan) => {
    if (s.deny) {
      explicit = true;
      denied |= DENIED[type];
    }
  };

  // Organizations: SCPs limit the caller's account, RCPs the resource's account; neither applies to
  // service-linked roles nor in the management account.
  const management = policies.managementAccount;
  const exemptFrom = (type: 'scp' | 'rcp', account: string | undefined): boolean => {
    const reason = req.serviceLinked ? 'service-linked-role' : account !== undefined && account === management ? 'management-account' : undefined;
    if (reason) rules.push({ rule: 'organization-policies-exempt', outcome: 'exempts', data: { policyType: type, reason, account: account ?? '' } });
    return reason !== undefined;
  };
  if (policies.scpLevels && iamCaller && !exemptFrom('scp', req.principalAccount)) {
    for (const level of policies.scpLevels) {
      const s = scan(level, req, lookup, sink, applying);
      deny('scp', s);
      if (s.allow === NONE) denied |= DENIED.scp;
    }
  }
  if (policies.rcpLevels && supportsRcp(req.service) && !exemptFrom('rcp', req.resourceAccount)) {
    for (const level of policies.rcpLevels) deny('rcp', scan(level, req, lookup, sink, applying));
  }

  const boundary = principal.hasIdentityPolicies && policies.permissionsBoundary !== undefined;
  const resource = policies.resource ? scan([policies.resource], req, lookup, sink, applying, boundary) : EMPTY;
  deny('resource', resource);
  const identity = principal.hasIdentityPolicies ? scan(policies.identity, req, lookup, sink, applying) : EMPTY;
  deny('identity', identity);

  // The grant: identity or resource policy (same account), both (cross-account). A key policy or trust
  // policy must allow explicitly: the identity side counts only where it names the account (or more).
  const explicitPolicy = explicitResourcePolicy(req);
  const grant = explicitPolicy === 'key-policy' && policies.kmsGrants ? grantFor(policies.kmsGrants, req) : undefined;
  // A grant counts like a key policy statement naming the role (never the caller itself: not exempt from guardrails).
  const resourceRank = Math.max(resource.allow, grant ? Math.min(RANK[grant.level], RANK.role) : NONE);
  const identityAllows = principal.kind === 'root' || identity.allow !== NONE;
  const sameAccount = req.resourceAccount === undefined || req.principalAccount === undefined || req.resourceAccount === req.principalAccount;
  let exempt = false;
  if (!iamCaller) {
    if (resourceRank === NONE) denied |= DENIED.resource;
  } else if (sameAccount) {
    const resourceGrants = resourceRank >= RANK.role; // naming the account only delegates to identity policies
    const identityGrants = identityAllows && (explicitPolicy === undefined || resourceRank !== NONE);
    exempt = resource.allow === SELF;
    if (!identityGrants && !resourceGrants) {
      if (!identityAllows) denied |= DENIED.identity;
      // A resource policy that names the caller's account did its part: only the identity side is missing.
      if (resourceRank === NONE && (policies.resource || explicitPolicy)) denied |= DENIED.resource;
    }
  } else {
    if (!identityAllows) denied |= DENIED.identity;
    if (resourceRank === NONE) denied |= DENIED.resource;
  }
  if (explicitPolicy && (denied & DENIED.resource) !== 0) {
    rules.push({
      rule: explicitPolicy === 'key-policy' ? 'key-policy-required' : 'trust-policy-required',
      outcome: 'denies',
      data: { resource: req.resource, policyGiven: String(policies.resource !== undefined) },
    });
  }

  // Guardrails: they grant nothing, and limit identity-side grants.
  if (principal.hasIdentityPolicies) {
    if (policies.permissionsBoundary) {
      const b = scan([policies.permissionsBoundary], req, lookup, sink, applying);
      deny('permissions-boundary', b);
      if (b.allow === NONE && !exempt) denied |= DENIED['permissions-boundary'];
    }
    if (policies.session) {
      const s = scan(policies.session, req, lookup, sink, applying);
      deny('session', s);
      if (s.allow === NONE && !exempt) denied |= DENIED.session;
    } else if (principal.kind === 'federated-user' && !exempt) {
      denied |= DENIED.session; // GetFederationToken without a policy: the session has no permissions
    }
  }
  if (policies.vpcEndpoint) {
    const v = scan([policies.vpcEndpoint], req, lookup, sink, applying, boundary);
    deny('vpc-endpoint', v);
    if (v.allow === NONE) denied |= DENIED['vpc-endpoint'];
  }

  const deniedBy = denied === 0 ? [] : POLICY_TYPE_ORDER.filter((t) => (denied & DENIED[t]) !== 0);
  let decision: Decision = explicit ? 'explicit-deny' : deniedBy.length === 0 ? 'allow' : 'implicit-deny';
  if (grant && decision === 'allow' && resource.allow < RANK.role) rules.push({ rule: 'kms-grant', outcome: 'grants', data: { grant: grant.grant.label } });

  // Rules that decide whatever the policies say.
  const free = permissionFreeCall(req);
  if (free?.outcome === 'allows') return { decision: 'allow', deniedBy: [], awsRules: [...rules, free] };
  for (const refusal of [free, awsOwnedResource(req), partitionMismatch(req)]) {
    if (refusal?.outcome !== 'refuses') continue;
    rules.push(refusal);
    if (decision === 'allow') decision = 'implicit-deny';
  }
  return { decision, deniedBy, awsRules: rules };
}

