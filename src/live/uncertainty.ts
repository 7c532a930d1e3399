/**
 * Whether data that could not be read mattered: it did when some value it could have had changes the
 * decision. Each unreadable piece names the inputs it would have fed (identity policies, boundary, SCPs...);
 * the request is evaluated again with each input replaced by a policy that allows everything and by one
 * that denies everything. If either flips allow <-> deny, the conclusion depends on what was not read.
 */
import type { Affects, Unreadable } from '../aws/collect/reader.js';
import { evaluate } from '../engine/evaluate.js';
import { compileScenario } from '../scenario/compile.js';
import type { NamedPolicy, Scenario } from '../scenario/types.js';

export interface UnreadableEntry {
  readonly what: string;
  readonly call: string;
  readonly reason: string;
  /** True when what could not be read could change the decision. */
  readonly mattered: boolean;
  /** The inputs of the evaluation it would have fed (identity policies, boundary, SCPs...). */
  readonly affects: readonly Affects[];
}

const everything = (effect: 'Allow' | 'Deny', withPrincipal: boolean): NamedPolicy => ({
  name: `(unread: assumed to ${effect === 'Allow' ? 'allow' : 'deny'} everything)`,
  document: { Version: '2012-10-17', Statement: [{ Effect: effect, ...(withPrincipal && { Principal: '*' }), Action: '*', Resource: '*' }] },
});

/** The scenario with one input replaced by an extreme. */
function variants(scenario: Scenario, slot: Affects): Scenario[] {
  const both = (make: (effect: 'Allow' | 'Deny') => Scenario) => [make('Allow'), make('Deny')];
  switch (slot) {
    case 'identity':
      return both((e) => ({ ...scenario, identityPolicies: [...(scenario.identityPolicies ?? []), everything(e, false)] }));
    case 'permissions-boundary':
      return both((e) => ({ ...scenario, permissionsBoundary: everything(e, false) }));
    case 'session':
      return both((e) => ({ ...scenario, sessionPolicies: [everything(e, false)] }));
    case 'scp':
      return both((e) => ({ ...scenario, serviceControlPolicies: [{ target: '(unread)', policies: [everything(e, false)] }] }));
    case 'rcp':
      return both((e) => ({ ...scenario, resourceControlPolicies: [{ target: '(unread)', policies: [everything(e, true)] }] }));
    case 'resource':
      return both((e) => ({ ...scenario, resourcePolicy: everything(e, true) }));
    default:
      return [];
  }
}

function allowed(scenario: Scenario): boolean | undefined {
  const compiled = compileScenario(scenario);
  if (!compiled.ok) return undefined;
  return evaluate(compiled.value.policies, compiled.value.request, { trace: false }).decision === 'allow';
}

/** Context keys about the principal (tags, ARN with path, id, organization) that policies may test. */
const PRINCIPAL_KEYS = /aws:(principaltag\/|principalarn|userid|username|principalorgid|principalorgpaths)/i;

function mattered(scenario: Scenario, affects: readonly Affects[], base: boolean | undefined): boolean {
  if (base === undefined) return true; // the scenario does not compile: nothing can be concluded
  return affects.some((slot) => {
    if (slot === 'context') {
      const policies = [scenario.identityPolicies, scenario.permissionsBoundary, scenario.sessionPolicies, scenario.serviceControlPolicies, scenario.resourceControlPolicies, scenario.resourcePolicy];
      return PRINCIPAL_KEYS.test(JSON.stringify(policies));
    }
    return variants(scenario, slot).some((v) => allowed(v) !== base);
  });
}

/** Each unreadable piece, with whether it mattered for the decision on this scenario's request. */
export function assessUnreadable(scenario: Scenario, unreadable: readonly Unreadable[]): UnreadableEntry[] {
  if (unreadable.length === 0) return [];
  const base = allowed(scenario);
  return unreadable.map((u) => ({ what: u.what, call: u.call, reason: u.reason, mattered: mattered(scenario, u.affects, base), affects: u.affects }));
}
