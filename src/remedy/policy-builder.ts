/**
 * `whydenied policy`: the least-privilege identity policy for a set of actions, each on the resource types
 * the Service Authorization Reference says it is authorized on, filled from what the user knows (an
 * instance ARN, IDs, Region, account) and narrowed to the smallest wildcard where they do not.
 * Every policy is self-checked with the engine before it is returned, and proven (src/proof/) to allow
 * nothing beyond each action on the resources chosen for it.
 */
import { actionResourceTypes, catalogAction, fillTemplate, matchTemplate, templatePlaceholders } from '../catalog/arn-templates.js';
import { actionNames, resourceTypesOf } from '../catalog/index.js';
import { loadRecipes } from '../catalog/recipes.js';
import { parseArn } from '../policy/arn.js';
import { argumentProblem, suggestion, type ProblemRef } from '../policy/problems.js';
import { compileScenario } from '../scenario/compile.js';
import { evaluate } from '../engine/evaluate.js';
import { diffPolicies, type Intended, type Undecided } from '../proof/diff.js';
import type { ScenarioRequest } from '../scenario/types.js';
import type { PolicyDocument, Statement } from './fix.js';
import { own, setOwn } from '../own.js';

export interface PolicyRequest {
  /** Actions (`connect:StartChatContact`) or recipe names (`chat-backend`). */
  readonly targets: readonly string[];
  /** Extra recipe parts (`describe-instance`, ...). */
  readonly with?: readonly string[];
  readonly partition?: string;
  readonly region?: string;
  readonly account?: string;
  /** Known placeholder values by name (InstanceId, ContactFlowId, ...). */
  readonly ids?: Readonly<Record<string, string>>;
  /** ARNs the user knows (an instance, a bucket): their IDs, Region, account and partition fill the templates. */
  readonly resources?: readonly string[];
  readonly sourceVpce?: string;
  readonly sourceVpc?: string;
  readonly sourceIp?: string;
}

/** Why a choice was made: each becomes a comment line (human output) or a `notes` entry (JSON). */
export interface Note {
  readonly id: string;
  readonly data: Readonly<Record<string, string>>;
}

export interface SelfCheck {
  readonly request: string;
  readonly expect: 'allow' | 'deny';
  readonly decision: string;
  readonly ok: boolean;
}

/**
 * The symbolic proof (src/proof/) that the policy allows nothing beyond each action on the resources
 * chosen for it: `proven`, `refuted` (`grants` lists requests it also allows), or `undecided` (why).
 */
export interface PolicyProof {
  readonly proof: 'proven' | 'refuted' | 'undecided';
  /** The action and resource pairs meant (`action on resource`). */
  readonly intended: readonly string[];
  readonly grants: readonly string[];
  /** Why the proof is not exact (data: src/render/proof.ts words it). */
  readonly undecided: readonly Undecided[];
}

export type PolicyResult =
  | { readonly ok: true; readonly document: PolicyDocument; readonly notes: readonly Note[]; readonly checks: readonly SelfCheck[]; readonly intended: readonly ScenarioRequest[]; readonly proof: PolicyProof }
  /** Bad input: what is wrong, as a message id and data (the words: src/render/problems.ts). */
  | { readonly ok: false; readonly problem: ProblemRef };

const STANDARD = new Set(['Partition', 'Region', 'Account']);

/** Resolve targets (actions and recipes) to catalog actions. */
function resolveActions(req: PolicyRequest): { actions: string[] } | { problem: ProblemRef } {
  const all = loadRecipes();
  const actions: string[] = [];
  for (const target of req.targets) {
    const recipe = own(all, target);
    if (recipe) {
      actions.push(...recipe.actions);
      for (const extra of req.with ?? []) {
        const part = own(recipe.with, extra);
        if (!part) return { problem: argumentProblem('invalid-input', 'recipeHasNoPart', { recipe: target, part: extra }, suggestion(extra, Object.keys(recipe.with ?? {}))) };
        actions.push(...part.actions);
      }
      continue;
    }
    const colon = target.indexOf(':');
    if (colon <= 0) return { problem: argumentProblem('invalid-action', 'notActionNorRecipe', { target }, suggestion(target, Object.keys(all))) };
    const found = catalogAction(target);
    if (!found) return { problem: argumentProblem('unknown-action', 'notAwsAction', { action: target }, suggestion(target.slice(colon + 1), actionNames(target.slice(0, colon)), target.slice(0, colon + 1))) };
    actions.push(`${found.service}:${found.name}`);
  }
  if (req.with?.length && !req.targets.some((t) => own(all, t))) return { problem: argumentProblem('invalid-input', 'withNeedsRecipe', {}) };
  return { actions: [...new Set(actions)] };
}

/** The ARNs an action needs: its required resource types (else all of them), filled in. */
function resourcesFor(action: string, req: PolicyRequest, notes: Note[]): string[] {
  const found = catalogAction(action)!;
  const types = actionResourceTypes(found);
  if (types.length === 0) {
    notes.push({ id: 'wildcardOnly', data: { action } });
    return ['*'];
  }
  const required = types.filter((t) => t.required);
  const candidates = required.length > 0 ? required : types;
  const known = (p: string) => own(req.ids, p) !== undefined;
  const specific = (t: (typeof candidates)[number]) => templatePlaceholders(t.type.arn).filter((p) => !STANDARD.has(p));
  // When the user named IDs of one resource type (a bucket), other access paths they said nothing about
  // (access points) are left out rather than opened with wildcards.
  const complete = candidates.filter((t) => specific(t).length > 0 && specific(t).every(known));
  const partial = candidates.filter((t) => specific(t).some(known));
  const chosen = complete.length > 0 ? complete : partial.length > 0 ? partial : candidates;
  const values: Record<string, string> = {
    Partition: req.partition ?? 'aws',
    Region: req.region ?? '*',
    Account: req.account ?? '*',
    ...req.ids,
  };
  return chosen.map((t) => {
    const missing = templatePlaceholders(t.type.arn).filter((p) => own(values, p) === undefined || own(values, p) === '*');
    const arn = fillTemplate(t.type.arn, Object.fromEntries(templatePlaceholders(t.type.arn).map((p) => [p, own(values, p) ?? '*'])))!;
    notes.push({ id: 'resourceType', data: { action, type: t.name, arn, template: t.type.arn } });
    for (const p of missing) notes.push({ id: STANDARD.has(p) ? 'unknownScope' : 'unknownId', data: { action, placeholder: p } });
    return arn;
  });
}

function conditionOf(req: PolicyRequest, notes: Note[]): Record<string, Record<string, string>> | undefined {
  if (req.sourceVpce) {
    notes.push({ id: 'sourceVpce', data: { value: req.sourceVpce } });
    return { StringEquals: { 'aws:SourceVpce': req.sourceVpce } };
  }
  if (req.sourceVpc) {
    notes.push({ id: 'sourceVpc', data: { value: req.sourceVpc } });
    return { StringEquals: { 'aws:SourceVpc': req.sourceVpc } };
  }
  if (req.sourceIp) {
    notes.push({ id: 'sourceIp', data: { value: req.sourceIp } });
    return { IpAddress: { 'aws:SourceIp': req.sourceIp } };
  }
  return undefined;
}

const sid = (actions: readonly string[]) => `Allow${actions.map((a) => a.slice(a.indexOf(':') + 1)).join('').replace(/[^A-Za-z0-9]/g, '').slice(0, 100)}`;

/** A concrete example of a pattern: each `*` becomes a sample ID, so the engine can test the intended call. */
function example(pattern: string, n = 1): string {
  return pattern.replace(/\*/g, () => `example${n}`);
}

/**
 * The placeholder values the given ARNs show, each ARN read with the resource type of its service that
 * names the most parts (a flow ARN also fits the instance template, whose last placeholder takes the rest).
 */
function valuesOfResources(resources: readonly string[], actions: readonly string[]): { values: Record<string, string> } | { problem: ProblemRef } {
  const services = new Set(actions.map((a) => a.slice(0, a.indexOf(':'))));
  const values: Record<string, string> = {};
  for (const arn of resources) {
    const parsed = parseArn(arn);
    if (!parsed) return { problem: argumentProblem('malformed-arn', 'resourceNotArn', { resource: arn }) };
    if (!services.has(parsed.service)) return { problem: argumentProblem('invalid-resource', 'resourceOfOtherService', { resource: arn, service: parsed.service, services: [...services] }) };
    const slashes = (m: Record<string, string>) => Object.values(m).join('').split('/').length;
    const fits = resourceTypesOf(parsed.service)
      .map((t) => matchTemplate(t.arn, arn))
      .filter((m): m is Record<string, string> => m !== undefined);
    const best = fits.sort((a, b) => Object.keys(b).length - Object.keys(a).length || slashes(a) - slashes(b))[0];
    if (!best) return { problem: argumentProblem('malformed-arn', 'noArnFormatFits', { resource: arn, service: parsed.service }) };
    for (const [k, v] of Object.entries(best)) {
      if (v === '') continue;
      const known = own(values, k);
      if (known !== undefined && known !== v) return { problem: argumentProblem('invalid-input', 'resourcesDisagree', { placeholder: k, first: known, second: v }) };
      setOwn(values, k, v);
    }
  }
  return { values };
}

/** The request with what the ARNs show; what the user gave explicitly wins. */
function withResourceValues(req: PolicyRequest, values: Readonly<Record<string, string>>): PolicyRequest {
  const { Partition, Region, Account, ...ids } = values;
  return {
    ...req,
    ...((req.partition ?? Partition) !== undefined && { partition: req.partition ?? Partition }),
    ...((req.region ?? Region) !== undefined && { region: req.region ?? Region }),
    ...((req.account ?? Account) !== undefined && { account: req.account ?? Account }),
    ids: { ...ids, ...req.ids },
  };
}

/** Build and self-check the policy. */
export function buildPolicy(req: PolicyRequest): PolicyResult {
  if (req.sourceVpce && !/^vpce-[0-9a-f]+$/.test(req.sourceVpce)) return { ok: false, problem: argumentProblem('invalid-input', 'notVpceId', { value: req.sourceVpce }) };
  if (req.sourceVpc && !/^vpc-[0-9a-f]+$/.test(req.sourceVpc)) return { ok: false, problem: argumentProblem('invalid-input', 'notVpcId', { value: req.sourceVpc }) };
  if ([req.sourceVpce, req.sourceVpc, req.sourceIp].filter(Boolean).length > 1) return { ok: false, problem: argumentProblem('invalid-input', 'oneSourceCondition', {}) };
  if (req.account !== undefined && !/^\d{12}$/.test(req.account)) return { ok: false, problem: argumentProblem('invalid-input', 'notAccountId', { account: req.account }) };
  const resolved = resolveActions(req);
  if ('problem' in resolved) return { ok: false, problem: resolved.problem };
  if (req.resources?.length) {
    const known = valuesOfResources(req.resources, resolved.actions);
    if ('problem' in known) return { ok: false, problem: known.problem };
    return buildPolicy({ ...withResourceValues(req, known.values), resources: [] });
  }
  const notes: Note[] = [];
  const condition = conditionOf(req, notes);
  // One statement per distinct resource list: grouping never widens what an action may touch.
  const byResources = new Map<string, { actions: string[]; resources: string[] }>();
  const meant: Intended[] = [];
  for (const action of resolved.actions) {
    const resources = resourcesFor(action, req, notes);
    meant.push(...resources.map((resource) => ({ action, resource })));
    const key = resources.join('\n');
    const group = byResources.get(key) ?? { actions: [], resources };
    group.actions.push(action);
    byResources.set(key, group);
  }
  const Statement: Statement[] = [...byResources.values()].map((g) => ({
    Sid: sid(g.actions),
    Effect: 'Allow',
    Action: g.actions.length === 1 ? g.actions[0]! : g.actions,
    Resource: g.resources.length === 1 ? g.resources[0]! : g.resources,
    ...(condition && { Condition: structuredClone(condition) }),
  }));
  const document: PolicyDocument = { Version: '2012-10-17', Statement };
  const { checks, intended } = selfCheck(document, resolved.actions, req, byResources);
  return { ok: true, document, notes, checks, intended, proof: proveMeant(document, meant) };
}

/** Nothing allows anything: the baseline the generated policy is compared with. */
const NOTHING = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] };

/** Prove the document allows no request beyond each action on its own resources (whatever the grouping). */
function proveMeant(document: PolicyDocument, meant: readonly Intended[]): PolicyProof {
  const intended = meant.map((m) => `${m.action} on ${m.resource}`);
  try {
    const result = diffPolicies(NOTHING, document, 'identity', { intended: meant });
    const grants = [...result.newlyAllowed, ...result.futureActions].map((d) => `${d.action} on ${d.resource}`);
    const { undecided } = result;
    return { proof: grants.length > 0 ? 'refuted' : undecided.length > 0 ? 'undecided' : 'proven', intended, grants, undecided };
  } catch (error) {
    return { proof: 'undecided', intended, grants: [], undecided: [{ messageId: 'proofFailed', data: { error: error instanceof Error ? error.message : String(error) } }] };
  }
}

function selfCheck(document: PolicyDocument, actions: readonly string[], req: PolicyRequest, groups: Map<string, { actions: string[]; resources: string[] }>) {
  const account = req.account ?? '111122223333';
  const principal = `arn:${req.partition ?? 'aws'}:sts::${account}:assumed-role/PolicyCheck/whydenied`;
  const context: Record<string, string> = {};
  if (req.sourceVpce) context['aws:SourceVpce'] = req.sourceVpce;
  else if (req.sourceVpc) {
    context['aws:SourceVpc'] = req.sourceVpc;
    context['aws:SourceVpce'] = 'vpce-0example';
  } else if (req.sourceIp) context['aws:SourceIp'] = firstAddress(req.sourceIp);
  const concrete = (arn: string) => {
    const a = parseArn(arn);
    if (!a) return arn;
    return `arn:${a.partition}:${a.service}:${a.region === '*' ? 'us-east-1' : a.region}:${a.account === '*' ? account : a.account}:${example(a.resource)}`;
  };
  const checks: SelfCheck[] = [];
  const intended: ScenarioRequest[] = [];
  const run = (request: ScenarioRequest, expect: 'allow' | 'deny', label: string) => {
    const compiled = compileScenario({ request, identityPolicies: [{ name: 'Generated', document }] });
    const decision = compiled.ok ? evaluate(compiled.value.policies, compiled.value.request).decision : 'invalid';
    checks.push({ request: label, expect, decision, ok: expect === 'allow' ? decision === 'allow' : decision !== 'allow' });
  };
  for (const g of groups.values()) {
    for (const action of g.actions) {
      for (const resource of g.resources) {
        const request: ScenarioRequest = { principal, action, resource: resource === '*' ? '*' : concrete(resource), context };
        intended.push(request);
        run(request, 'allow', `${action} on ${request.resource}`);
        if (resource === '*') continue;
        // Nearby calls the policy must not allow: another ID in the last segment, another instance (first ID).
        const r = request.resource!;
        const path = parseArn(r)?.resource.split('/') ?? [];
        const slash = r.lastIndexOf('/');
        if (path.length > 2 && !resource.endsWith('*')) run({ ...request, resource: `${r.slice(0, slash)}/another-id` }, 'deny', `${action} on another ${path[path.length - 2]}`);
        const instance = /instance\/([^/]+)/.exec(r);
        if (instance && !/instance\/\*/.test(resource)) run({ ...request, resource: r.replace(`instance/${instance[1]}`, 'instance/another-instance') }, 'deny', `${action} on another instance`);
        else if (path.length === 2 && !resource.endsWith('*')) run({ ...request, resource: `${r.slice(0, slash)}/another-id` }, 'deny', `${action} on another ${path[0]}`);
        if (condition(req)) run({ ...request, context: {} }, 'deny', `${action} from outside the ${req.sourceIp ? 'IP range' : 'VPC endpoint'}`);
      }
    }
  }
  const other = otherAction(actions);
  if (other && intended[0]) run({ ...intended[0], action: other }, 'deny', `another action (${other})`);
  return { checks, intended };
}

const condition = (req: PolicyRequest) => Boolean(req.sourceVpce || req.sourceVpc || req.sourceIp);

function firstAddress(cidr: string): string {
  const slash = cidr.indexOf('/');
  return slash < 0 ? cidr : cidr.slice(0, slash);
}

/** A write action of the same service the policy does not name (e.g. connect:DeleteInstance). */
function otherAction(actions: readonly string[]): string | undefined {
  const service = actions[0]?.slice(0, actions[0].indexOf(':'));
  if (!service) return undefined;
  const names = actionNames(service).filter((n) => !actions.includes(`${service}:${n}`));
  const preferred = names.find((n) => n.startsWith('Delete')) ?? names[0];
  return preferred && `${service}:${preferred}`;
}
