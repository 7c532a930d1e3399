/**
 * Policy JSON -> typed statements with their JSON pointers. Reports, all at once, everything AWS itself
 * would reject (IAM JSON policy element reference, "IAM JSON policy grammar"); the catalog checks that
 * only warn live in ./catalog-checks.ts.
 */
import { namesPrincipals, type PolicyType } from '../engine/types.js';
import { parseOperator, operatorNames, type ParsedOperator } from '../engine/conditions/operators.js';
import { at, suggestion, type Problems } from './problems.js';
import { hasOwn, own } from '../own.js';
import { Memo } from './memo.js';

export type PolicyVersion = '2012-10-17' | '2008-10-17';

export type PrincipalValue =
  | { readonly kind: 'any' }
  | { readonly kind: 'AWS' | 'Service' | 'Federated' | 'CanonicalUser'; readonly value: string; readonly pointer: string };

export interface ParsedCondition {
  readonly operator: ParsedOperator;
  readonly key: string;
  readonly values: readonly string[];
  readonly pointer: string;
}

export interface ParsedStatement {
  readonly index: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly pointer: string;
  /** Exactly one of action / notAction is set. */
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  /** Neither set: the statement applies to any resource (resource policies may omit Resource). */
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly principal?: readonly PrincipalValue[];
  readonly notPrincipal?: readonly PrincipalValue[];
  readonly conditions: readonly ParsedCondition[];
}

export interface ParsedPolicy {
  readonly type: PolicyType;
  /** Name, else ARN, else `type[index]`: how the trace names it. */
  readonly label: string;
  readonly version: PolicyVersion | undefined;
  readonly pointer: string;
  readonly statements: readonly ParsedStatement[];
}

const TOP_FIELDS = ['Version', 'Id', 'Statement'];
const STATEMENT_FIELDS = ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition'];
const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;
/** An empty list to share (statements without conditions are most of them). */
const NOTHING: readonly never[] = [];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON text in either spelling, decoded; `undefined` when it is neither. */
function decodeText(input: string): unknown {
  // JSON text never starts with `%`: skip the attempt that can only throw (throwing is slow). The plain
  // spelling is tried first, so the URL-encoded one is looked for only when it fails.
  if (!/^\s*%/.test(input)) {
    try {
      return JSON.parse(input) as unknown;
    } catch {
      // try the URL-encoded spelling
    }
  }
  if (/%[0-9A-Fa-f]{2}/.test(input)) {
    try {
      return JSON.parse(decodeURIComponent(input.replace(/\+/g, ' '))) as unknown;
    } catch {
      // neither spelling
    }
  }
  return undefined;
}

/** A document given as an object, a JSON string, or a URL-encoded JSON string (as the IAM API returns). */
export function decodeDocument(input: unknown, pointer: string, problems: Problems): unknown {
  if (typeof input !== 'string') return input;
  const doc = decodeText(input);
  if (doc === undefined) problems.error('invalid-json', pointer, 'notJson', {});
  return doc;
}

/**
 * decodeDocument() for parsePolicy(), by text: the same text (a managed policy as `iam:GetPolicyVersion`
 * returns it, call after call) is decoded once, and the decoded document shared, which parsePolicy() only
 * reads. Texts over 16 KB are decoded every time, and the memo keeps at most 256 texts (a few MB at most).
 */
const decodedTexts = new Memo<unknown>(256);
const SHARED_TEXT_LIMIT = 16 * 1024;
function decodeShared(input: unknown, pointer: string, problems: Problems): unknown {
  if (typeof input !== 'string' || input.length > SHARED_TEXT_LIMIT) return decodeDocument(input, pointer, problems);
  const doc = decodedTexts.get(input, decodeText);
  if (doc === undefined) problems.error('invalid-json', pointer, 'notJson', {});
  return doc;
}

/**
 * A string or a non-empty array of strings as a list; undefined otherwise. An array of strings is the
 * input's own (no copy: the parsed policy is read-only, and keeps its input as the compiled scenario does).
 */
function stringsOf(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value) || value.length === 0) return undefined;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return undefined;
  return value as string[];
}

/**
 * A string or an array of strings (IAM accepts both almost everywhere). `pointer` is built only for a
 * problem (this runs for every Action and Resource of every statement).
 */
function stringList(value: unknown, pointer: string | (() => string), field: string, problems: Problems): string[] | undefined {
  const strings = stringsOf(value);
  if (strings) return strings;
  const where = () => (typeof pointer === 'string' ? pointer : pointer());
  if (!Array.isArray(value)) {
    problems.error('invalid-type', where(), 'notStringList', { field });
    return [];
  }
  const out: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const v: unknown = value[i];
    if (typeof v === 'string') out.push(v);
    else problems.error('invalid-type', at(where(), i), 'notStringList', { field });
  }
  if (value.length === 0) problems.error('empty-list', where(), 'emptyList', { field });
  return out;
}

/** Exactly one of `yes` and `no` (`Action` or `NotAction`), when `required`. */
function pair(has: boolean, hasNot: boolean, yes: 'Action' | 'Resource', no: string, required: boolean, pointer: string, problems: Problems): void {
  if (has && hasNot) problems.error('conflicting-fields', pointer, 'conflictingFields', { field: yes, other: no });
  else if (!has && !hasNot && required) problems.error(yes === 'Action' ? 'missing-action' : 'missing-resource', pointer, 'missingField', { field: yes, other: no });
}

/** A statement's list field, when present. */
function listField(value: unknown, field: string, pointer: string, problems: Problems): string[] | undefined {
  return value === undefined ? undefined : (stringsOf(value) ?? badList(value, field, pointer, problems));
}

/** A list with a problem: only then a closure for its pointer (a closure's context is made on entry). */
function badList(value: unknown, field: string, pointer: string, problems: Problems): string[] | undefined {
  return stringList(value, () => at(pointer, field), field, problems);
}

function parsePrincipal(value: unknown, pointer: string, field: string, problems: Problems): PrincipalValue[] {
  if (value === '*') return [{ kind: 'any' }];
  if (!isObject(value)) {
    problems.error('invalid-principal', pointer, 'principalShape', { field });
    return [];
  }
  const out: PrincipalValue[] = [];
  for (const [type, raw] of Object.entries(value)) {
    const p = at(pointer, type);
    const known = PRINCIPAL_TYPES.find((t) => t === type);
    if (!known) {
      problems.error('invalid-principal', p, 'unknownPrincipalType', { type }, suggestion(type, PRINCIPAL_TYPES));
      continue;
    }
    const values = stringList(raw, p, `${field}.${type}`, problems) ?? [];
    values.forEach((v, i) => {
      if (v === '*' && known === 'AWS') out.push({ kind: 'any' });
      else out.push({ kind: known, value: v, pointer: Array.isArray(raw) ? at(p, i) : p });
    });
  }
  return out;
}

function parseConditions(value: unknown, pointer: string, problems: Problems): ParsedCondition[] {
  if (!isObject(value)) {
    problems.error('invalid-condition', pointer, 'conditionShape', {});
    return [];
  }
  const out: ParsedCondition[] = [];
  // for...in with an own-property guard: Object.keys() would copy the keys of every Condition block.
  for (const operatorText in value) {
    if (!hasOwn.call(value, operatorText)) continue;
    const block = own(value, operatorText);
    const p = at(pointer, operatorText);
    const parsed = parseOperator(operatorText);
    if (!parsed.ok) {
      const base = operatorText.replace(/^For(All|Any)Values?:/i, '').replace(/IfExists$/, '');
      problems.error('unknown-operator', p, parsed.fault.messageId, parsed.fault.data, suggestion(base, operatorNames));
      continue;
    }
    if (!isObject(block)) {
      problems.error('invalid-condition', p, 'operatorShape', { operator: operatorText });
      continue;
    }
    for (const key in block) {
      if (!hasOwn.call(block, key)) continue;
      const raw = own(block, key);
      const kp = at(p, key);
      // Strings (the common case) as they are; anything else converted or reported value by value.
      const strings = stringsOf(raw);
      const values: string[] = strings ?? [];
      const list: readonly unknown[] = strings ? NOTHING : Array.isArray(raw) ? raw : [raw];
      for (let i = 0; i < list.length; i++) {
        const v: unknown = list[i];
        if (typeof v === 'string') values.push(v);
        else if (typeof v === 'number' || typeof v === 'boolean') values.push(String(v));
        else problems.error('invalid-condition', Array.isArray(raw) ? at(kp, i) : kp, 'conditionValueType', { key });
      }
      if (!key.includes(':')) problems.error('invalid-condition-key', kp, 'notConditionKey', { key });
      out.push({ operator: parsed.operator, key, values, pointer: kp });
    }
  }
  return out;
}

export function parseStatement(raw: unknown, index: number, pointer: string, type: PolicyType, problems: Problems): ParsedStatement | undefined {
  if (!isObject(raw)) {
    problems.error('invalid-statement', pointer, 'statementShape', {});
    return undefined;
  }
  const errorsBefore = problems.errorCount;
  // One pass over the fields reads the known ones and reports the others (a lookup per known field and a
  // set or list search per field cost several times as much; this runs for every statement).
  let sid: unknown, effect: unknown, actionRaw: unknown, notActionRaw: unknown, resourceRaw: unknown, notResourceRaw: unknown;
  let principalRaw: unknown, notPrincipalRaw: unknown, conditionRaw: unknown;
  for (const field in raw) {
    switch (field) {
      case 'Sid': sid = raw[field]; break;
      case 'Effect': effect = raw[field]; break;
      case 'Action': actionRaw = raw[field]; break;
      case 'NotAction': notActionRaw = raw[field]; break;
      case 'Resource': resourceRaw = raw[field]; break;
      case 'NotResource': notResourceRaw = raw[field]; break;
      case 'Principal': principalRaw = raw[field]; break;
      case 'NotPrincipal': notPrincipalRaw = raw[field]; break;
      case 'Condition': conditionRaw = raw[field]; break;
      default:
        if (hasOwn.call(raw, field)) problems.error('unknown-field', at(pointer, field), 'unknownField', { object: 'statement', field }, suggestion(field, STATEMENT_FIELDS));
    }
  }
  if (effect === undefined) problems.error('missing-effect', pointer, 'missingEffect', {});
  else if (effect !== 'Allow' && effect !== 'Deny') {
    problems.error('invalid-effect', at(pointer, 'Effect'), 'invalidEffect', { effect: String(effect) }, suggestion(String(effect), ['Allow', 'Deny']));
  }
  if (sid !== undefined && typeof sid !== 'string') problems.error('invalid-type', at(pointer, 'Sid'), 'notString', { field: 'Sid' });

  // Each pair checked, then its lists read, in that order.
  const principals = namesPrincipals(type);
  pair(actionRaw !== undefined, notActionRaw !== undefined, 'Action', 'NotAction', true, pointer, problems);
  const action = listField(actionRaw, 'Action', pointer, problems);
  const notAction = listField(notActionRaw, 'NotAction', pointer, problems);
  pair(resourceRaw !== undefined, notResourceRaw !== undefined, 'Resource', 'NotResource', !principals, pointer, problems);
  const resource = listField(resourceRaw, 'Resource', pointer, problems);
  const notResource = listField(notResourceRaw, 'NotResource', pointer, problems);

  let principal: PrincipalValue[] | undefined;
  let notPrincipal: PrincipalValue[] | undefined;
  const hasPrincipal = principalRaw !== undefined || notPrincipalRaw !== undefined;
  if (principals) {
    if (principalRaw !== undefined && notPrincipalRaw !== undefined) problems.error('conflicting-fields', pointer, 'conflictingFields', { field: 'Principal', other: 'NotPrincipal' });
    if (principalRaw !== undefined) principal = parsePrincipal(principalRaw, at(pointer, 'Principal'), 'Principal', problems);
    if (notPrincipalRaw !== undefined) notPrincipal = parsePrincipal(notPrincipalRaw, at(pointer, 'NotPrincipal'), 'NotPrincipal', problems);
    if (!hasPrincipal && type === 'resource') problems.error('missing-principal', pointer, 'missingPrincipal', {});
  } else if (hasPrincipal) {
    const field = principalRaw !== undefined ? 'Principal' : 'NotPrincipal';
    problems.error('principal-not-allowed', at(pointer, field), 'principalNotAllowed', { field, policyType: type });
  }
  const conditions = conditionRaw === undefined ? NOTHING : parseConditions(conditionRaw, at(pointer, 'Condition'), problems);

  if (effect === 'Allow' && notPrincipalRaw !== undefined && principals) {
    problems.warning('allow-not-principal', at(pointer, 'NotPrincipal'), 'allowNotPrincipal', {});
  }
  if (type === 'rcp' && effect === 'Allow' && !isFullAccessAllow(raw)) {
    problems.error('rcp-allow', pointer, 'rcpAllow', {});
  }
  if (problems.errorCount > errorsBefore) return undefined;
  // Every field in one literal, absent ones undefined: one shape for every statement (this runs once per
  // statement of every scenario, and the engine reads these objects on every decision).
  return {
    index,
    sid: typeof sid === 'string' ? sid : undefined,
    effect: effect as 'Allow' | 'Deny',
    pointer,
    action,
    notAction,
    resource,
    notResource,
    principal,
    notPrincipal,
    conditions,
  };
}

/** Without `"Version": "2012-10-17"`, `${aws:username}` is literal text: almost never what was meant. */
function warnLiteralVariables(statements: readonly ParsedStatement[], problems: Problems): void {
  for (const s of statements) {
    const variable = firstVariable(s.resource ?? s.notResource) ?? firstConditionVariable(s.conditions);
    if (variable !== undefined) problems.warning('variables-need-version', s.pointer, 'variablesNeedVersion', { variable });
  }
}

const VARIABLE = /\$\{[^}]+\}/;
function firstVariable(texts: readonly string[] | undefined): string | undefined {
  if (texts) for (const t of texts) if (t.includes('${') && VARIABLE.test(t)) return t;
  return undefined;
}
function firstConditionVariable(conditions: readonly ParsedCondition[]): string | undefined {
  for (const c of conditions) {
    const found = firstVariable(c.values);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** RCPFullAWSAccess's statement, which AWS keeps attached everywhere: allowed in a scenario's RCP list. */
function isFullAccessAllow(raw: Record<string, unknown>): boolean {
  const principalAny = raw['Principal'] === '*' || (isObject(raw['Principal']) && raw['Principal']['AWS'] === '*');
  return raw['Action'] === '*' && raw['Resource'] === '*' && principalAny && raw['Condition'] === undefined;
}

/** Parse one policy document; undefined when it has errors (they are in `problems`). */
export function parsePolicy(input: unknown, type: PolicyType, label: string, pointer: string, problems: Problems): ParsedPolicy | undefined {
  const errorsBefore = problems.errorCount;
  const doc = decodeShared(input, pointer, problems);
  if (problems.errorCount > errorsBefore) return undefined;
  if (!isObject(doc)) {
    problems.error('invalid-policy', pointer, 'policyShape', {});
    return undefined;
  }
  for (const field in doc) {
    if (!TOP_FIELDS.includes(field) && hasOwn.call(doc, field)) problems.error('unknown-field', at(pointer, field), 'unknownField', { object: 'policy', field }, suggestion(field, TOP_FIELDS));
  }
  const version = doc['Version'];
  if (version !== undefined && version !== '2012-10-17' && version !== '2008-10-17') {
    problems.error('invalid-version', at(pointer, 'Version'), 'invalidVersion', { version: String(version) });
  }
  const rawStatements = doc['Statement'];
  let statements: ParsedStatement[] = [];
  if (rawStatements === undefined) problems.error('missing-statement', pointer, 'missingStatement', {});
  else {
    const sp = at(pointer, 'Statement');
    // A statement that does not parse is an error: the list is then never used.
    if (Array.isArray(rawStatements)) {
      statements = new Array<ParsedStatement>(rawStatements.length);
      for (let i = 0; i < rawStatements.length; i++) statements[i] = parseStatement(rawStatements[i], i, at(sp, i), type, problems)!;
    }
    else {
      const parsed = parseStatement(rawStatements, 0, sp, type, problems);
      if (parsed) statements.push(parsed);
    }
  }
  if (problems.errorCount > errorsBefore) return undefined;
  if (version !== '2012-10-17') warnLiteralVariables(statements, problems);
  return { type, label, version: version as PolicyVersion | undefined, pointer, statements };
}
