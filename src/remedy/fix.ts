/**
 * The least-privilege fix: for causes in a policy the user owns and whydenied can see, the statement to
 * add or the minimal edit to an existing one, scoped to the exact action and resource, keeping the
 * user's conditions; re-evaluated and proven (./verify.ts) before it is called verified. For causes
 * owned by others (SCPs, boundaries, Cognito, other accounts), a suggestion that says who must apply it.
 */
import { actionResourceTypes, catalogAction } from '../catalog/arn-templates.js';
import type { FixIntent } from '../diagnosis/check.js';
import type { PolicyType } from '../engine/types.js';
import { resourceTypeOfPattern } from '../policy/arn.js';
import { arnNearMiss, BROKEN_SEGMENTS } from '../policy/near-miss.js';
import { decodeDocument } from '../policy/parse.js';
import { pointerSegments, Problems, valueAt } from '../policy/problems.js';
import type { CompiledScenario } from '../scenario/compile.js';
import type { ScenarioRequest } from '../scenario/types.js';
import type { Difference } from '../proof/diff.js';
import type { LintFinding, LintMessage } from '../lint/types.js';
import type { Scenario } from '../scenario/types.js';
import { proveNoMore, verifyFix, type Verification } from './verify.js';
import { own, setOwn } from '../own.js';

export type { PolicyDocument, PolicyStatement as Statement } from '../policy/document.js';
import type { ConditionValue, PolicyDocument, PolicyStatement as Statement } from '../policy/document.js';

/** Why a fix or suggestion (src/render/explanation.ts has the words). */
export type FixReason =
  | 'fixResource'
  | 'addStatement'
  | 'useSourceVpce'
  | 'attachPolicy'
  | 'boundary'
  | 'sessionPolicy'
  | 'scpException'
  | 'callFromBackend'
  | 'assumeRoleInResourceAccount'
  | 'ifIdentityIsTheCause'
  | 'permissionSet'
  | 'keyPolicyAllow'
  | 'trustPolicyAllow'
  | 'keyPolicyAllowUnseen'
  | 'trustPolicyAllowUnseen';

/** The fix intents of a diagnosis' findings (what each cause needs changed). */
export type Intents = readonly FixIntent[];

/**
 * Where the fixed document lives, so a rendered fix deploys as the change it describes: a new version of a
 * customer managed policy, an edit of an inline policy, a new policy attached to a principal, an
 * organization policy, or a document held by something whydenied cannot fully describe (`document`).
 */
export type FixHolder =
  | { readonly kind: 'managed-policy'; readonly name: string; readonly arn: string; readonly boundaryOf?: string }
  | { readonly kind: 'inline-policy'; readonly name: string; readonly owner: PrincipalEntity }
  | { readonly kind: 'new-policy'; readonly name: string; readonly attachTo?: PrincipalEntity }
  | { readonly kind: 'organizations-policy'; readonly name: string; readonly type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY'; readonly targetId?: string; readonly id?: string }
  | { readonly kind: 'document'; readonly name: string; readonly heldBy: string; readonly cloudformation?: string; readonly terraform?: string; readonly of?: DocumentOwner };

/** The resource whose own document a fix changes (a key policy, a role's trust policy), for the command that applies it. */
export interface DocumentOwner {
  readonly kind: 'kms-key' | 'role-trust';
  readonly arn: string;
}

/** The IAM role or user a principal ARN names (a role session's role), by name. */
export interface PrincipalEntity {
  readonly kind: 'role' | 'user';
  readonly name: string;
}

export function principalEntity(arn: string | undefined): PrincipalEntity | undefined {
  const m = /^arn:[^:]+:(iam|sts)::\d{12}:(role|user|assumed-role)\/(.+)$/.exec(arn ?? '');
  if (!m) return undefined;
  const [, service, kind, rest = ''] = m;
  if (service === 'sts' && kind === 'assumed-role') return { kind: 'role', name: rest.split('/')[0]! };
  if (service === 'iam' && (kind === 'role' || kind === 'user')) return { kind, name: rest.slice(rest.lastIndexOf('/') + 1) };
  return undefined;
}

/** A name IAM accepts, from free text. */
function iamName(text: string): string {
  return text.replace(/[^\w+=,.@-]+/g, '').slice(0, 128) || 'Fix';
}

export interface Fix {
  readonly kind: 'fix' | 'suggestion';
  readonly policyType: PolicyType;
  /** The policy to replace (name or ARN), or the role / user ARN to attach a new policy to. */
  readonly target: string;
  /** `replace`: a full new version of an existing policy; `attach`: a new policy for the target. */
  readonly change: 'replace' | 'attach';
  readonly reason: FixReason;
  readonly holder: FixHolder;
  readonly document: PolicyDocument;
  /** For `replace`: the document before, for the diff. */
  readonly before?: PolicyDocument;
  /** The request becomes allowed and the proof shows nothing else does (the probes agreeing). */
  readonly verified: boolean;
  /** The symbolic proof that the fix grants nothing beyond the request's action on its resource (absent for unverified suggestions). */
  readonly proof?: Verification['proof'];
  readonly verification?: Verification;
  /** Lint findings the fix document brings (src/explain/lint-fix.ts): a fix with any is not verified. */
  readonly lint?: readonly FixLintFinding[];
  /**
   * A broader alternative (e.g. every flow of the instance), verified the same way against its own
   * pattern; `adds`: exactly what it allows beyond the fix (requests checked with simulate()).
   */
  readonly alternative?: { readonly resource: string; readonly document: PolicyDocument; readonly verified: boolean; readonly proof?: Verification['proof']; readonly adds?: readonly Difference[] };
}

/** A `whydenied lint` finding on a fix document (pointer inside the document). */
export type FixLintFinding = LintMessage & {
  readonly severity: LintFinding['severity'];
  readonly pointer: string;
  readonly statement?: string;
};

/** The action as AWS spells it (`connect:StartChatContact`), service prefix lowercased. */
function canonicalAction(action: string): string {
  const found = catalogAction(action);
  return found ? `${found.service}:${found.name}` : action;
}

function sidFor(action: string): string {
  return `Allow${action.slice(action.indexOf(':') + 1).replace(/[^A-Za-z0-9]/g, '')}`;
}

/** The broader pattern users often want: for Connect flows every flow of the instance, else the parent path. */
export function broaderResource(resource: string): string | undefined {
  const slash = resource.lastIndexOf('/');
  if (!resource.startsWith('arn:') || slash < 0) return undefined;
  return `${resource.slice(0, slash)}/*`;
}

function setPointer(root: Record<string, unknown>, pointer: string, value: unknown): void {
  const keys = pointerSegments(pointer);
  let node: Record<string, unknown> = root;
  for (const k of keys.slice(0, -1)) node = own(node, k) as Record<string, unknown>;
  setOwn(node, keys[keys.length - 1]!, value);
}

/** The policy document at a pointer, decoded (it may be a JSON or URL-encoded string). */
function documentAt(scenario: unknown, pointer: string): PolicyDocument | undefined {
  const doc = decodeDocument(valueAt(scenario, pointer), pointer, new Problems());
  if (!doc || typeof doc !== 'object') return undefined;
  const d = structuredClone(doc) as PolicyDocument;
  if (!Array.isArray(d.Statement)) d.Statement = d.Statement === undefined ? [] : [d.Statement as unknown as Statement];
  return d;
}

/** A concrete ARN of a resource type the action is not authorized on (the instance ARN for StartChatContact). */
function neverMatches(pattern: string, action: string): boolean {
  const type = resourceTypeOfPattern(pattern);
  const found = catalogAction(action);
  return type !== undefined && found !== undefined && !actionResourceTypes(found).some((t) => t.name === type);
}

type Condition = NonNullable<Statement['Condition']>;

function newStatement(action: string, resource: string, condition: Condition | undefined): Statement {
  return { Sid: sidFor(action), Effect: 'Allow', Action: action, Resource: resource, ...(condition !== undefined && { Condition: structuredClone(condition) }) };
}

/** A fix before its document is built and verified: what it changes, where, and why. */
interface Draft extends Pick<Fix, 'kind' | 'policyType' | 'target' | 'change' | 'reason' | 'holder' | 'before'> {
  /** Builds the document for a resource pattern (exact ARN or the broader alternative). */
  build(resource: string): PolicyDocument;
  /** Apply the document to a copy of the scenario input. */
  apply(scenario: Record<string, unknown>, document: PolicyDocument): void;
}

/**
 * The holder of the policy at a document pointer (`/identityPolicies/0/document`...): its scenario entry says
 * name and ARN. Live reads give managed policies their ARN and inline ones none.
 */
function holderAt(scenario: CompiledScenario, pointer: string, type: PolicyType, label: string): FixHolder {
  const entry = valueAt(scenario.scenario, pointer.replace(/\/document$/, ''));
  const record = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
  const arn = typeof record['arn'] === 'string' ? record['arn'] : undefined;
  const given = typeof record['name'] === 'string' ? record['name'] : undefined;
  const name = iamName(given ?? arn?.slice(arn.lastIndexOf('/') + 1) ?? label);
  const owner = principalEntity(scenario.request.principal.principalArn ?? scenario.request.principal.text);
  if (type === 'scp' || type === 'rcp') {
    const level = valueAt(scenario.scenario, pointer.replace(/\/policies\/\d+\/document$/, ''));
    const target = typeof level === 'object' && level !== null ? (level as Record<string, unknown>)['target'] : undefined;
    // TargetIds take a root, OU or account ID.
    const targetId = typeof target === 'string' && /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/.test(target) ? target : undefined;
    // The policy ID (p-...) of a customer-managed organization policy, from its ARN (AWS-managed ones, `::aws:policy/`, cannot be updated).
    const id = /^arn:[^:]+:organizations::\d{12}:policy\/o-[a-z0-9]+\/(service|resource)_control_policy\/(p-[0-9a-zA-Z_]{8,128})$/.exec(arn ?? '')?.[2] ?? (typeof record['id'] === 'string' && /^p-[0-9a-zA-Z_]{8,128}$/.test(record['id']) ? record['id'] : undefined);
    return { kind: 'organizations-policy', name, type: type === 'scp' ? 'SERVICE_CONTROL_POLICY' : 'RESOURCE_CONTROL_POLICY', ...(targetId !== undefined && { targetId }), ...(id !== undefined && { id }) };
  }
  // Only customer managed policies can get a new version (AWS managed ones are arn:aws:iam::aws:policy/...).
  const customer = arn !== undefined && /^arn:[^:]+:iam::\d{12}:policy\//.test(arn);
  if (type === 'identity' || type === 'permissions-boundary') {
    if (customer) return { kind: 'managed-policy', name, arn, ...(type === 'permissions-boundary' && owner && { boundaryOf: `${owner.kind} ${owner.name}` }) };
    if (type === 'identity' && arn === undefined && owner && !given?.includes('/')) return { kind: 'inline-policy', name, owner };
  }
  if (type === 'resource') return resourceHolder(name, scenario.request.resource);
  const heldBy: Partial<Record<PolicyType, string>> = { session: 'the session policy passed to AssumeRole (or GetFederationToken)', 'permissions-boundary': 'the permissions boundary (a managed policy)', identity: 'the identity policy' };
  return { kind: 'document', name, heldBy: heldBy[type] ?? `the ${type} policy` };
}

/** A key policy or trust policy: the property of the resource that holds it (the rest of that resource is not known). */
export function resourceHolder(name: string, resource: string | undefined): FixHolder {
  if (resource?.includes(':kms:')) return { kind: 'document', name, heldBy: `the key policy of ${resource} (AWS::KMS::Key KeyPolicy, aws_kms_key policy)`, cloudformation: 'KeyPolicy', terraform: 'policy', of: { kind: 'kms-key', arn: resource } };
  if (resource !== undefined && /^arn:[^:]+:iam::\d{12}:role\//.test(resource)) return { kind: 'document', name, heldBy: `the trust policy of ${resource} (AWS::IAM::Role AssumeRolePolicyDocument, aws_iam_role assume_role_policy)`, cloudformation: 'AssumeRolePolicyDocument', terraform: 'assume_role_policy', of: { kind: 'role-trust', arn: resource } };
  return { kind: 'document', name, heldBy: `the resource policy of ${resource ?? 'the resource'}` };
}

function replaceDraft(scenario: CompiledScenario, pointer: string, edit: (doc: PolicyDocument, resource: string) => void, base: Omit<Draft, 'build' | 'apply' | 'change' | 'before' | 'holder'>): Draft | undefined {
  const before = documentAt(scenario.scenario, pointer);
  if (!before) return undefined;
  return {
    ...base,
    holder: holderAt(scenario, pointer, base.policyType, base.target),
    change: 'replace',
    before,
    build(resource) {
      const doc = structuredClone(before);
      edit(doc, resource);
      return doc;
    },
    apply(input, document) {
      setPointer(input, pointer, document);
    },
  };
}

/** A new policy for the principal, named after it and the action (never the principal's own name). */
function newPolicyHolder(principal: string | undefined, action: string): FixHolder {
  const attachTo = principalEntity(principal);
  return { kind: 'new-policy', name: iamName(attachTo ? `${attachTo.name}-${sidFor(action)}` : sidFor(action)), ...(attachTo && { attachTo }) };
}

/** Identity-side causes: edit the closest statement's policy, or attach a new policy to the principal. */
function identityDraft(intents: Intents, scenario: CompiledScenario, action: string): Draft | undefined {
  const request = scenario.request;
  const owner = request.principal.principalArn ?? request.principal.text;
  // The first identity statement that nearly allows (in the checks' order: Region or account, resource, condition).
  const closest = intents.find((i) => (i.kind === 'grant' || i.kind === 'use-source-vpce') && i.policyType === 'identity' && i.closest !== undefined);
  if (closest?.kind === 'grant' && closest.closest && closest.failing !== 'condition') {
    const st = closest.closest.statement;
    const source = st.source;
    const single = source.action?.length === 1 && source.action[0]!.toLowerCase() === action.toLowerCase() && source.resource !== undefined;
    return replaceDraft(
      scenario,
      st.policy.pointer,
      (doc, resource) => {
        const target = doc.Statement[source.index]!;
        if (single) {
          // Patterns of a resource type the action is never authorized on can never match, and near misses
          // broken in their case, partition, service, resource type or trailing slash were meant for this
          // resource: replace them rather than keep them beside the fix.
          const broken = (p: string) => {
            const miss = arnNearMiss(p, request.resource);
            return miss !== undefined && BROKEN_SEGMENTS.has(miss.segment);
          };
          const list = (Array.isArray(target['Resource']) ? (target['Resource'] as string[]) : [target['Resource'] as string]).filter((p) => !neverMatches(p, action) && !broken(p));
          target['Resource'] = list.length === 0 ? resource : [...list, resource];
        } else doc.Statement.push(newStatement(action, resource, target['Condition']));
      },
      { kind: 'fix', policyType: 'identity', target: st.policy.label, reason: single ? 'fixResource' : 'addStatement' },
    );
  }
  if (closest?.kind === 'use-source-vpce' && closest.sourceVpce !== undefined) {
    const st = closest.closest.statement;
    const vpce = closest.sourceVpce;
    return replaceDraft(
      scenario,
      st.policy.pointer,
      (doc, resource) => {
        const target = doc.Statement[st.source.index]!;
        const condition = structuredClone(target['Condition'] ?? {});
        for (const [op, block] of Object.entries(condition)) {
          for (const key of Object.keys(block)) if (key.toLowerCase() === 'aws:sourceip') delete block[key];
          if (Object.keys(block).length === 0) delete condition[op];
        }
        condition['StringEquals'] = { ...(condition['StringEquals'] ?? {}), 'aws:SourceVpce': vpce };
        doc.Statement.push({ ...newStatement(action, resource, undefined), Sid: `${sidFor(action)}ViaVpce`, Condition: condition });
      },
      { kind: 'fix', policyType: 'identity', target: st.policy.label, reason: 'useSourceVpce' },
    );
  }
  if (intents.some((i) => (i.kind === 'grant' && i.policyType === 'identity' && i.closest === undefined) || i.kind === 'allow-action')) {
    return {
      kind: 'fix',
      policyType: 'identity',
      target: owner,
      change: 'attach',
      reason: 'attachPolicy',
      holder: newPolicyHolder(owner, action),
      build: (resource) => ({ Version: '2012-10-17', Statement: [newStatement(action, resource, undefined)] }),
      apply(input, document) {
        const list = Array.isArray(input['identityPolicies']) ? [...(input['identityPolicies'] as unknown[])] : [];
        list.push({ name: sidFor(action), document });
        input['identityPolicies'] = list;
      },
    };
  }
  return undefined;
}

/** Operators under which listing one more principal ARN exempts it from a Deny. */
const EXCEPTION_OPERATOR = /^(ArnNotLike|ArnNotEquals|StringNotLike|StringNotEquals)(IfExists)?$/i;

/**
 * The Deny's condition with `principalArn` excepted. Condition keys are case-insensitive and AWS rejects
 * keys that differ only in case, so an existing `aws:PrincipalARN` (any case) under a negated operator gets
 * the ARN added to its values, in its own operator and spelling; only without one is
 * `ArnNotLike aws:PrincipalArn` added.
 */
export function exceptPrincipal(condition: Condition, principalArn: string): Condition {
  const out = structuredClone(condition);
  const add = (block: Record<string, ConditionValue>, key: string) => {
    const existing = own(block, key);
    const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
    if (!list.includes(principalArn)) setOwn(block, key, [...list, principalArn]);
  };
  for (const [operator, block] of Object.entries(out)) {
    if (!EXCEPTION_OPERATOR.test(operator) || typeof block !== 'object' || block === null) continue;
    const key = Object.keys(block).find((k) => k.toLowerCase() === 'aws:principalarn');
    if (key !== undefined) {
      add(block, key);
      return out;
    }
  }
  const operator = Object.keys(out).find((op) => op.toLowerCase() === 'arnnotlike') ?? 'ArnNotLike';
  const block = { ...(own(out, operator) ?? {}) };
  add(block, 'aws:PrincipalArn');
  setOwn(out, operator, block);
  return out;
}

/** Guardrails owned by others: the boundary, an SCP. Suggestions, still verified by re-evaluation. */
function guardrailDrafts(intents: Intents, scenario: CompiledScenario, action: string): Draft[] {
  const drafts: Draft[] = [];
  const p = scenario.policies;
  const mustAllow = (type: PolicyType) => intents.some((i) => (i.kind === 'grant' || i.kind === 'use-source-vpce') && i.policyType === type);
  if (mustAllow('permissions-boundary') && p.permissionsBoundary) {
    const d = replaceDraft(scenario, p.permissionsBoundary.pointer, (doc, resource) => void doc.Statement.push(newStatement(action, resource, undefined)), {
      kind: 'suggestion',
      policyType: 'permissions-boundary',
      target: p.permissionsBoundary.label,
      reason: 'boundary',
    });
    if (d) drafts.push(d);
  }
  const session = p.session?.[0];
  if ((mustAllow('session') || intents.some((i) => i.kind === 'session-policy')) && session) {
    const d = replaceDraft(scenario, session.pointer, (doc, resource) => void doc.Statement.push(newStatement(action, resource, undefined)), {
      kind: 'suggestion',
      policyType: 'session',
      target: session.label,
      reason: 'sessionPolicy',
    });
    if (d) drafts.push(d);
  }
  const principalArn = scenario.request.principal.principalArn;
  for (const i of intents) {
    if (i.kind !== 'scp-exception' || !principalArn) continue;
    const st = i.statement.statement;
    const d = replaceDraft(
      scenario,
      st.policy.pointer,
      (doc) => {
        const target = doc.Statement[st.source.index]!;
        target['Condition'] = exceptPrincipal(target['Condition'] ?? {}, principalArn);
      },
      { kind: 'suggestion', policyType: 'scp', target: st.policy.label, reason: 'scpException' },
    );
    if (d) drafts.push(d);
  }
  return drafts;
}

/** Allowed now, proven to grant nothing more, and the probes agree. */
function isVerified(v: Verification): boolean {
  return v.allows && v.proof === 'proven' && v.overGrants.length === 0 && v.errors.length === 0;
}

function finish(draft: Draft, scenario: CompiledScenario, request: ScenarioRequest): Fix {
  const resource = request.resource ?? '*';
  const document = draft.build(resource);
  const fixedInput = structuredClone(scenario.scenario) as unknown as Record<string, unknown>;
  fixedInput['request'] = request;
  draft.apply(fixedInput, document);
  const ownPolicy = draft.policyType === 'resource';
  const verification = verifyFix(scenario, fixedInput, request, resource, ownPolicy);
  const broader = broaderResource(resource);
  let alternative: Fix['alternative'];
  if (broader && broader !== resource && draft.reason !== 'scpException' && !ownPolicy) {
    const altDoc = draft.build(broader);
    const altInput = structuredClone(scenario.scenario) as unknown as Record<string, unknown>;
    altInput['request'] = request;
    draft.apply(altInput, altDoc);
    const v = verifyFix(scenario, altInput, request, broader);
    // Exactly what the alternative allows beyond the fix itself.
    const adds = proveNoMore(fixedInput as unknown as Scenario, altInput as unknown as Scenario, request, resource);
    alternative = { resource: broader, document: altDoc, verified: isVerified(v), proof: v.proof, ...(adds.proof !== 'undecided' && { adds: adds.grants }) };
  }
  return {
    // A fix proven to allow more than the request is never offered as the fix: a suggestion, with what it also allows.
    kind: verification.proof === 'refuted' ? 'suggestion' : draft.kind,
    policyType: draft.policyType,
    target: draft.target,
    change: draft.change,
    reason: draft.reason,
    holder: draft.holder,
    document,
    ...(draft.before && { before: draft.before }),
    verified: isVerified(verification),
    proof: verification.proof,
    verification,
    ...(alternative && { alternative }),
  };
}

/**
 * A KMS key policy or role trust policy that must name the caller: add a statement allowing exactly this
 * action to the caller (its role, for a session). The policy's other statements are kept; when it was not
 * given, the statement is a suggestion for a policy whydenied has not seen.
 */
function resourcePolicyDraft(intents: Intents, scenario: CompiledScenario, action: string): Draft | undefined {
  const intent = intents.find((i) => i.kind === 'allow-in-resource-policy');
  const principal = scenario.request.principal;
  if (!intent || principal.kind === 'anonymous' || principal.kind === 'identity-provider') return undefined;
  const key = intent.policy === 'key-policy';
  const who: Record<string, string> = principal.kind === 'service' ? { Service: principal.text } : { AWS: principal.principalArn ?? principal.text };
  const resource = scenario.request.resource;
  // A trust policy has no Resource element; a key policy statement names this key.
  const statement = (): Statement => ({ Sid: sidFor(action), Effect: 'Allow', Principal: who, Action: action, ...(key && { Resource: resource }) });
  const pointer = scenario.policies.resource?.pointer;
  if (pointer) {
    return replaceDraft(scenario, pointer, (doc) => void doc.Statement.push(statement()), {
      kind: 'fix',
      policyType: 'resource',
      target: scenario.policies.resource!.label,
      reason: key ? 'keyPolicyAllow' : 'trustPolicyAllow',
    });
  }
  return {
    kind: 'suggestion',
    policyType: 'resource',
    target: resource,
    change: 'attach',
    reason: key ? 'keyPolicyAllowUnseen' : 'trustPolicyAllowUnseen',
    holder: resourceHolder(key ? 'KeyPolicy' : 'TrustPolicy', resource),
    build: () => ({ Version: '2012-10-17', Statement: [statement()] }),
    apply(input, document) {
      input['resourcePolicy'] = { name: key ? 'KeyPolicy' : 'TrustPolicy', document };
    },
  };
}

/** Fixes for the findings of an evaluated scenario, each verified. */
export function planFixes(intents: Intents, scenario: CompiledScenario): Fix[] {
  const r = scenario.request;
  const action = canonicalAction(r.action);
  const request: ScenarioRequest = { ...(scenario.scenario.request as ScenarioRequest) };
  const drafts = [resourcePolicyDraft(intents, scenario, action), identityDraft(intents, scenario, action), ...guardrailDrafts(intents, scenario, action)].filter(
    (d): d is Draft => d !== undefined,
  );
  return drafts.map((d) => finish(d, scenario, request));
}

/** With only a message: the identity policy to attach if the identity policy is the cause (not verifiable). */
export function proposeIdentityPolicy(request: ScenarioRequest, owner: string): Fix {
  const action = canonicalAction(request.action);
  const resource = request.resource ?? '*';
  const broader = broaderResource(resource);
  return {
    kind: 'suggestion',
    policyType: 'identity',
    target: owner,
    change: 'attach',
    reason: 'ifIdentityIsTheCause',
    holder: newPolicyHolder(owner, action),
    document: { Version: '2012-10-17', Statement: [newStatement(action, resource, undefined)] },
    verified: false,
    ...(broader && { alternative: { resource: broader, document: { Version: '2012-10-17', Statement: [newStatement(action, broader, undefined)] }, verified: false } }),
  };
}

/**
 * Causes no edit of the caller's policies can remove: an Amazon Cognito scope-down session policy and a
 * service without resource-based policies in another account. The suggestion is the policy for the role
 * that should make the call instead; whoever owns that role applies it.
 */
export function structuralSuggestions(intents: Intents, request: ScenarioRequest): Fix[] {
  const action = canonicalAction(request.action);
  const resource = request.resource ?? '*';
  const document = (): PolicyDocument => ({ Version: '2012-10-17', Statement: [newStatement(action, resource, undefined)] });
  const fixes: Fix[] = [];
  if (intents.some((i) => i.kind === 'call-from-backend')) {
    fixes.push({ kind: 'suggestion', policyType: 'identity', target: 'the backend role (e.g. a Lambda function behind API Gateway)', change: 'attach', reason: 'callFromBackend', holder: newPolicyHolder(undefined, action), document: document(), verified: false });
  }
  const cross = intents.find((i) => i.kind === 'assume-role-in-resource-account');
  if (cross) {
    const account = cross.account;
    fixes.push({ kind: 'suggestion', policyType: 'identity', target: `a role in account ${account} that the caller assumes`, change: 'attach', reason: 'assumeRoleInResourceAccount', holder: newPolicyHolder(undefined, action), document: document(), verified: false });
  }
  return fixes;
}
