/** Problems found in input: errors (AWS would reject it; no decision) and warnings (accepted, but suspicious). */
import type { PolicyType } from '../engine/types.js';
import { memoize } from './memo.js';
import { own } from '../own.js';

export type Severity = 'error' | 'warning';

/** Every problem code: the grammar's, the catalog's (./catalog-checks.ts) and the scenario's. */
export const PROBLEM_CODES = [
  // the policy grammar (./parse.ts) and the condition values (src/engine/conditions/)
  'invalid-json',
  'invalid-policy',
  'invalid-version',
  'missing-statement',
  'missing-action',
  'missing-resource',
  'invalid-statement',
  'unknown-field',
  'conflicting-fields',
  'empty-list',
  'invalid-type',
  'missing-effect',
  'invalid-effect',
  'invalid-principal',
  'missing-principal',
  'principal-not-allowed',
  'allow-not-principal',
  'invalid-condition',
  'invalid-condition-key',
  'unknown-operator',
  'invalid-condition-value',
  'variables-need-version',
  'rcp-allow',
  // the Service Authorization Reference (./catalog-checks.ts)
  'invalid-action',
  'unknown-service',
  'unknown-action',
  'invalid-resource',
  'malformed-arn',
  'unknown-condition-key',
  'condition-key-not-for-action',
  // the scenario and the explain input
  'invalid-scenario',
  'invalid-request',
  'invalid-context',
  'invalid-input',
  'missing-resource-policy',
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number];

type None = Readonly<Record<never, never>>;

/**
 * Every problem message, by id, with its data: the words are in src/render/problems.ts, one template per
 * id (the compiler checks both sides). A message id says which sentence; the code (`PROBLEM_CODES`) says
 * which kind of problem, and is what JSON consumers and lint rules key on. One sentence may serve several
 * codes (`notString`), and one code several sentences (`invalid-scenario`).
 */
export interface ProblemMessages {
  // the policy grammar (./parse.ts)
  notJson: None;
  notStringList: { field: string };
  emptyList: { field: string };
  principalShape: { field: string };
  unknownPrincipalType: { type: string };
  conditionShape: None;
  unknownQualifier: { qualifier: string };
  unknownOperator: { operator: string };
  nullQualified: None;
  operatorShape: { operator: string };
  conditionValueType: { key: string };
  notConditionKey: { key: string };
  statementShape: None;
  /** `object`: what the field is in (`statement`, `policy`, the scenario's `request`, `grant`...). */
  unknownField: { object: string; field: string };
  missingEffect: None;
  invalidEffect: { effect: string };
  notString: { field: string };
  conflictingFields: { field: string; other: string };
  /** A statement has neither `field` nor `other` (Action/NotAction, Resource/NotResource). */
  missingField: { field: string; other: string };
  missingPrincipal: None;
  principalNotAllowed: { field: string; policyType: PolicyType };
  allowNotPrincipal: None;
  rcpAllow: None;
  variablesNeedVersion: { variable: string };
  policyShape: None;
  invalidVersion: { version: string };
  missingStatement: None;
  // the condition values (src/engine/conditions/)
  nullValue: { value: string };
  /** `expected`: what the operator reads (`ip`, `date`, `number`, `bool`, `base64`). */
  unreadableValue: { value: string; expected: ValueKind; operator: string };
  // the Service Authorization Reference (./catalog-checks.ts) and the request's action
  notAnAction: { action: string };
  notOneAction: { action: string };
  /** `pattern`: the action pattern that names the service; absent for the request's own action. */
  unknownService: { service: string; pattern?: string };
  /** `matchesNothing`: said of a policy's pattern (a warning), not of the request's action. */
  unknownAction: { action: string; service: string; matchesNothing: boolean };
  wildcardMatchesNothing: { pattern: string; service: string };
  notKmsOperation: { operation: string };
  notArn: { resource: string };
  incompleteArn: { resource: string };
  badAccount: { resource: string; account: string };
  unknownConditionKey: { key: string };
  keyNotForAction: { key: string; actions: readonly string[] };
  // the scenario (src/scenario/compile.ts) and the request (src/request/)
  scenarioShape: None;
  missingRequest: None;
  notObject: { field: string };
  notNonEmptyString: { field: string };
  contextShape: None;
  contextValue: { key: string };
  encryptionContextShape: None;
  grantsShape: None;
  grantShape: None;
  granteeShape: None;
  operationsShape: None;
  constraintsShape: None;
  organizationShape: None;
  managementAccount: None;
  policyEntryShape: { field: string };
  missingDocument: None;
  policyList: { field: string };
  levelList: { field: string };
  levelShape: None;
  notArray: { field: string };
  /** `reason`: why the text is no principal (src/request/principal.ts). */
  badPrincipal: { principal: string; reason: PrincipalFault };
  missingResourcePolicy: { policy: 'key-policy' | 'trust-policy' };
  // the explain input (src/explain/explain.ts): `missing` names what the input does not show
  unknownRequest: { missing: readonly string[] };
  unknownResource: { missing: readonly string[] };
  // the request of `whydenied policy` (src/remedy/policy-builder.ts) and of `lint --action` (src/lint/action-check.ts)
  recipeHasNoPart: { recipe: string; part: string };
  notActionNorRecipe: { target: string };
  notAwsAction: { action: string };
  withNeedsRecipe: None;
  /** A resource given to build a policy from: an ARN, never `*`. */
  resourceNotArn: { resource: string };
  /** `services`: the services of the actions asked for. */
  resourceOfOtherService: { resource: string; service: string; services: readonly string[] };
  noArnFormatFits: { resource: string; service: string };
  /** Two resources give `placeholder` (an ARN template's, e.g. `Region`, `InstanceId`) different values. */
  resourcesDisagree: { placeholder: string; first: string; second: string };
  notVpceId: { value: string };
  notVpcId: { value: string };
  oneSourceCondition: None;
  notAccountId: { account: string };
  /** One action asked for (`lint --action`), not a pattern: the hint (note `write-action`) says how to write it. */
  notSingleAction: { action: string };
}

/** What a condition operator reads from a policy value. */
export type ValueKind = 'ip' | 'date' | 'number' | 'bool' | 'base64';

/** Why a request principal is none of the forms AWS uses. */
export type PrincipalFault = 'not-a-principal' | 'no-account' | 'not-a-principal-arn';

export type ProblemMessageId = keyof ProblemMessages;

/** A hint in words beyond a "did you mean": its id and data (the words are in src/render/problems.ts). */
export type ProblemNote =
  /** `connectparticipant:*`: the Participant Service is authorized by the participant token. */
  | { readonly id: 'participant-service' }
  /** The same action under a related prefix (`connectparticipant:CreateParticipantConnection`). */
  | { readonly id: 'other-service'; readonly action: string; readonly name: string; /** the prefix it was written under */ readonly service: string }
  /** A prefix of real actions written without its `*` (`s3:GetObj`); `more`: more than those listed. */
  | { readonly id: 'prefix-of'; readonly actions: readonly string[]; readonly more: boolean }
  /** How to write one action (`service:Action`). */
  | { readonly id: 'write-action' };

/** What a problem may carry besides its message: a "did you mean", a note, and data a check reads. */
export interface ProblemExtra {
  /** The value a "did you mean" proposes (`connect:StartChatContact`). */
  readonly suggestion?: string;
  readonly note?: ProblemNote;
  /** The value at the pointer that the problem is about, when a check needs it as data. */
  readonly value?: string;
  /** What the problem proposes instead (actions `service:Action`, or a service prefix), as data. */
  readonly proposes?: readonly string[];
}

interface ProblemBase<K extends ProblemMessageId> extends ProblemExtra {
  readonly severity: Severity;
  /** Stable id, e.g. `unknown-field`, `unknown-action`. */
  readonly code: ProblemCode;
  /** JSON pointer into the scenario (or the policy file). */
  readonly pointer: string;
  /** Which sentence (src/render/problems.ts), with `data`. */
  readonly messageId: K;
  readonly data: ProblemMessages[K];
}

/** A problem: its message id and that message's data (a wrong pair does not compile). */
export type Problem = { [K in ProblemMessageId]: ProblemBase<K> }[ProblemMessageId];

/** A problem as another finding quotes it: what it is, without its place and severity. */
export type ProblemRef = Pick<Problem, 'code' | 'messageId' | 'data' | 'suggestion' | 'note'>;

/** The quotable part of a problem. */
export function problemRef(p: Problem): ProblemRef {
  return { code: p.code, messageId: p.messageId, data: p.data, ...(p.suggestion !== undefined && { suggestion: p.suggestion }), ...(p.note !== undefined && { note: p.note }) } as ProblemRef;
}

/** A "did you mean" or a note, by its data (undefined: none). */
export type Hint = ProblemExtra | undefined;

/** A problem with an argument rather than a place in a document (`whydenied policy`, `lint --action`). */
export function argumentProblem<K extends ProblemMessageId>(code: ProblemCode, messageId: K, data: ProblemMessages[K], hint?: Hint): ProblemRef {
  return { code, messageId, data, ...(hint?.suggestion !== undefined && { suggestion: hint.suggestion }), ...(hint?.note !== undefined && { note: hint.note }) } as ProblemRef;
}

/** Collects problems for one input; `at` builds child pointers. */
export class Problems {
  readonly list: Problem[] = [];
  /** How many of the problems are errors (so far): "any error since then?" without rescanning the list. */
  errorCount = 0;

  error<K extends ProblemMessageId>(code: ProblemCode, pointer: string, messageId: K, data: ProblemMessages[K], hint?: Hint): void {
    this.list.push({ severity: 'error', code, pointer, messageId, data, ...hint } as Problem);
    this.errorCount++;
  }

  warning<K extends ProblemMessageId>(code: ProblemCode, pointer: string, messageId: K, data: ProblemMessages[K], hint?: Hint): void {
    this.list.push({ severity: 'warning', code, pointer, messageId, data, ...hint } as Problem);
  }

  /** A problem found elsewhere (a remembered check), as it is. */
  add(problem: Problem): void {
    this.list.push(problem);
    if (problem.severity === 'error') this.errorCount++;
  }

  get hasErrors(): boolean {
    return this.errorCount > 0;
  }
}

/** Append a JSON pointer segment (RFC 6901 escaping). */
export function at(pointer: string, segment: string | number): string {
  return pointer + (typeof segment === 'number' ? indexSegment(segment) : slashSegment(segment));
}

/**
 * Segments (field names, condition keys such as `aws:PrincipalTag/team`, small indexes) repeat: each is
 * escaped and prefixed with its `/` once, so that a pointer costs one concatenation.
 */
const slashSegment = memoize((segment) => `/${segment.includes('~') || segment.includes('/') ? segment.replace(/~/g, '~0').replace(/\//g, '~1') : segment}`);
const INDEXES = Array.from({ length: 64 }, (_, i) => `/${i}`);
const indexSegment = (i: number): string => (Number.isInteger(i) && i >= 0 && i < INDEXES.length ? INDEXES[i]! : `/${i}`);

/** The segments of a JSON pointer (RFC 6901 unescaping); `''` is the whole document. */
export function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value a JSON pointer names in a JSON value; undefined when it names nothing. */
export function valueAt(document: unknown, pointer: string | readonly string[]): unknown {
  let v = document;
  for (const seg of typeof pointer === 'string' ? pointerSegments(pointer) : pointer) {
    if (Array.isArray(v) && /^\d+$/.test(seg)) v = v[Number(seg)];
    else if (typeof v === 'object' && v !== null && !Array.isArray(v)) v = own(v as Record<string, unknown>, seg);
    else return undefined;
  }
  return v;
}

/**
 * Damerau-Levenshtein distance (optimal string alignment), for "did you mean"; stops at `limit` (returned
 * when the distance is at least that): a file with thousands of unknown names asks thousands of times.
 */
function distance(a: string, b: string, limit: number): number {
  let before = new Uint32Array(b.length + 1);
  let previous = Uint32Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2]! + 1);
      current[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= limit) return limit;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[b.length]!, limit);
}

/** The closest candidate (case-insensitive), when it is close enough to be a plausible typo. */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  const lower = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(input.length / 3)) + 1;
  for (const c of candidates) {
    if (Math.abs(c.length - input.length) >= bestDistance) continue;
    const dist = distance(lower, c.toLowerCase(), bestDistance);
    if (dist < bestDistance) {
      best = c;
      bestDistance = dist;
    }
  }
  return best;
}

/** The closest candidate as a "did you mean" hint (`prefix` goes before it: the service of an action). */
export function suggestion(input: string, candidates: Iterable<string>, prefix = ''): { suggestion: string } | undefined {
  const c = closest(input, candidates);
  return c === undefined ? undefined : { suggestion: `${prefix}${c}` };
}

