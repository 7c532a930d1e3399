/**
 * Proof that a fix works and grants nothing more: the scenario with the fix applied must allow the
 * request, and src/proof/ must show that it allows no request the original did not, except the action on
 * the resource pattern the fix is meant to allow (`proof: "proven"`). As a cross-check, every nearby
 * request (the service's other actions, other resources of the same type, other Regions and accounts,
 * `*`) must be decided exactly as before, except the requests the fix is meant to allow.
 */
import { actionNames } from '../catalog/index.js';
import { evaluate } from '../engine/evaluate.js';
import { parseArn } from '../policy/arn.js';
import type { Problem } from '../policy/problems.js';
import { compileWildcard } from '../policy/wildcard.js';
import { buildRequest, withAction, type RequestResult } from '../request/request.js';
import { diffScenarios, type Difference, type Undecided } from '../proof/diff.js';
import { compileScenario, type CompiledScenario } from '../scenario/compile.js';
import type { Scenario, ScenarioRequest } from '../scenario/types.js';

export interface Verification {
  /** The fixed scenario allows the request. */
  readonly allows: boolean;
  /** How many nearby requests were compared. */
  readonly probes: number;
  /** Nearby requests the fix newly allows beyond what it means to allow ("action on resource"). */
  readonly overGrants: readonly string[];
  /** Problems compiling the fixed scenario (a bug in the remedy if ever non-empty). */
  readonly errors: readonly Problem[];
  /**
   * The symbolic proof (whydenied diff) for the principal: `proven` when the fixed scenario allows no
   * request the original does not beyond the intended one, `refuted` when it does (`grants` lists them),
   * `undecided` when some cases could not be decided exactly (`undecided` says which).
   */
  readonly proof: 'proven' | 'refuted' | 'undecided';
  /** Requests newly allowed beyond the intended action and resource pattern (each checked with simulate()). */
  readonly grants: readonly Difference[];
  /** Why the proof is not exact (data: src/render/proof.ts words it). */
  readonly undecided: readonly Undecided[];
}

/** What a fixed scenario allows that the original does not, beyond `intended`, for the request's principal. */
export function proveNoMore(original: Scenario, fixed: Scenario, request: ScenarioRequest, intended: string, sameResourceOnly = false): Pick<Verification, 'proof' | 'grants' | 'undecided'> {
  const result = diffScenarios(original, fixed, {
    intended: { action: request.action, resource: intended },
    ...(request.resource !== undefined && { preferredResources: [request.resource] }),
    // A key or trust policy decides only requests on the resource it is attached to.
    ...(sameResourceOnly && request.resource !== undefined && { resource: request.resource }),
  });
  const grants = [...result.newlyAllowed, ...result.futureActions];
  const { undecided } = result;
  return { proof: grants.length > 0 ? 'refuted' : undecided.length > 0 ? 'undecided' : 'proven', grants, undecided };
}

/** Variants of an ARN: another ID in each path segment, another Region, another account. */
function nearbyResources(resource: string): string[] {
  const arn = parseArn(resource);
  if (!arn) return ['*'];
  const base = `arn:${arn.partition}:${arn.service}`;
  const out = new Set<string>(['*']);
  if (arn.region !== '') out.add(`${base}:${arn.region === 'us-west-2' ? 'eu-west-1' : 'us-west-2'}:${arn.account}:${arn.resource}`);
  if (/^\d{12}$/.test(arn.account)) out.add(`${base}:${arn.region}:${arn.account === '999988887777' ? '999988887776' : '999988887777'}:${arn.resource}`);
  const parts = arn.resource.split('/');
  parts.forEach((part, i) => {
    if (i % 2 === 0 && i < parts.length - 1) return; // resource-type words (instance/, contact-flow/) stay
    const other = [...parts];
    other[i] = `${part}-other`;
    out.add(`${base}:${arn.region}:${arn.account}:${other.join('/')}`);
  });
  out.add(`${base}:${arn.region}:${arn.account}:${arn.resource}/child`);
  return [...out];
}

/** The probes: the service's other actions on the same resource, the same action on nearby resources. */
export function probeRequests(request: ScenarioRequest): ScenarioRequest[] {
  const colon = request.action.indexOf(':');
  const service = request.action.slice(0, colon);
  const resource = request.resource ?? '*';
  const probes: ScenarioRequest[] = [];
  for (const name of actionNames(service)) {
    if (`${service}:${name}`.toLowerCase() === request.action.toLowerCase()) continue;
    probes.push({ ...request, action: `${service}:${name}`, resource });
  }
  for (const other of ['iam:PassRole', 'sts:AssumeRole', 's3:GetObject']) probes.push({ ...request, action: other, resource });
  for (const r of nearbyResources(resource)) if (r !== resource) probes.push({ ...request, resource: r });
  return probes;
}

/** The decision for a built request under a scenario. */
function decide(scenario: CompiledScenario, built: RequestResult): string {
  return built.ok ? evaluate(scenario.policies, built.request).decision : 'invalid';
}

interface Probe {
  readonly request: ScenarioRequest;
  readonly built: RequestResult;
  /** The original scenario's decision. */
  readonly before: string;
}

/** Explain verifies a fix and its broader alternative against the same original: the probes and their decisions there, once. */
const probed = new WeakMap<CompiledScenario, WeakMap<ScenarioRequest, readonly Probe[]>>();

function probesOf(original: CompiledScenario, request: ScenarioRequest, base: RequestResult): readonly Probe[] {
  const known = probed.get(original)?.get(request);
  if (known) return known;
  // Most probes are other actions on the request's own resource, principal and context: built from it.
  const build = (probe: ScenarioRequest): RequestResult => {
    const same = base.ok && probe.principal === request.principal && probe.context === request.context && probe.resource === base.request.resource;
    const built = same ? withAction(base.request, probe.action) : undefined;
    return built ? { ok: true, request: built } : buildRequest(probe);
  };
  const probes = probeRequests(request).map((probe) => {
    const built = build(probe);
    return { request: probe, built, before: decide(original, built) };
  });
  if (!probed.has(original)) probed.set(original, new WeakMap());
  probed.get(original)!.set(request, probes);
  return probes;
}

/**
 * Verify a fixed scenario against the original. `intended` is the resource pattern the fix means to
 * allow the action on (the exact ARN, or a broader alternative such as `.../contact-flow/*`);
 * `sameResourceOnly`: the fix changes the resource's own policy.
 */
export function verifyFix(original: CompiledScenario, fixedInput: unknown, request: ScenarioRequest, intended: string, sameResourceOnly = false): Verification {
  const fixed = compileScenario(fixedInput);
  if (!fixed.ok) return { allows: false, probes: 0, overGrants: [], errors: fixed.problems.filter((p) => p.severity === 'error'), proof: 'undecided', grants: [], undecided: [] };
  const base = buildRequest(request);
  const allows = decide(fixed.value, base) === 'allow';
  const pattern = compileWildcard(intended);
  const overGrants: string[] = [];
  // A key policy or trust policy is attached to this one resource: probing other resources with it says nothing.
  const probes = probesOf(original, request, base).filter((p) => !sameResourceOnly || p.request.resource === request.resource);
  for (const { request: probe, built, before } of probes) {
    const after = decide(fixed.value, built);
    if (before === after || after !== 'allow') continue;
    const meant = probe.action.toLowerCase() === request.action.toLowerCase() && pattern.matches(probe.resource ?? '*');
    if (!meant) overGrants.push(`${probe.action} on ${probe.resource ?? '*'}`);
  }
  return { allows, probes: probes.length, overGrants, errors: [], ...proveNoMore(original.scenario, fixed.value.scenario, request, intended, sameResourceOnly) };
}
