/**
 * Reference model of AWS IAM authorization: a deliberately plain restatement of docs/evaluation.md and the
 * IAM User Guide pages it cites ("Policy evaluation logic", "Cross-account policy evaluation logic",
 * "IAM JSON policy elements: Condition operators", "Policy variables", "Permissions boundaries",
 * "Session policies", and the AWS Organizations pages on SCPs and RCPs).
 *
 * It is a test oracle: every rule is written the most obvious way (naive recursive wildcard matching,
 * nested loops, no caching) so that it can be read against the documentation line by line. The real
 * engine in src/ is checked against it by test/differential.test.ts.
 */
import type { ContextScalar, ContextValue, NamedPolicy, Scenario } from '../../src/scenario/types.js';
import type { Decision, PolicyType, StatementRef } from '../../src/engine/types.js';

export interface ReferenceResult {
  readonly decision: Decision;
  readonly deniedBy: PolicyType[];
  /** On an explicit deny every Deny that applies, on allow every Allow that applies, else none. */
  readonly determining: StatementRef[];
}

/** Services whose resources RCPs apply to (a small fixed list for the oracle; Connect is not one). */
export const RCP_SERVICES: readonly string[] = ['s3', 'sts', 'kms', 'sqs', 'secretsmanager'];

const POLICY_TYPE_ORDER: readonly PolicyType[] = [
  'scp',
  'rcp',
  'resource',
  'identity',
  'permissions-boundary',
  'session',
  'vpc-endpoint',
];

// ---------------------------------------------------------------------------------------------------------
// Wildcard patterns. A pattern is a list of parts: literal characters, `*` (any run) or `?` (one character).
// Policy variables are replaced by literal text, so characters they bring in are never wildcards.

type PatternPart = { readonly kind: 'char'; readonly ch: string } | { readonly kind: 'any' } | { readonly kind: 'one' };
type Pattern = readonly PatternPart[];

function literalParts(text: string): PatternPart[] {
  return [...text].map((ch) => ({ kind: 'char', ch }));
}

function wildcardParts(text: string): PatternPart[] {
  return [...text].map((ch): PatternPart => (ch === '*' ? { kind: 'any' } : ch === '?' ? { kind: 'one' } : { kind: 'char', ch }));
}

/** Naive recursive matcher: exponential in the worst case, and fine for an oracle. */
function matchParts(pattern: Pattern, p: number, text: readonly string[], t: number, ignoreCase: boolean): boolean {
  if (p === pattern.length) return t === text.length;
  const part = pattern[p]!;
  if (part.kind === 'any') {
    for (let k = t; k <= text.length; k++) {
      if (matchParts(pattern, p + 1, text, k, ignoreCase)) return true;
    }
    return false;
  }
  if (t === text.length) return false;
  if (part.kind === 'one') return matchParts(pattern, p + 1, text, t + 1, ignoreCase);
  const a = ignoreCase ? part.ch.toLowerCase() : part.ch;
  const b = ignoreCase ? text[t]!.toLowerCase() : text[t]!;
  return a === b && matchParts(pattern, p + 1, text, t + 1, ignoreCase);
}

function patternMatches(pattern: Pattern, text: string, ignoreCase: boolean): boolean {
  return matchParts(pattern, 0, [...text], 0, ignoreCase);
}

function patternIsLiteral(pattern: Pattern): string {
  return pattern.map((part) => (part.kind === 'char' ? part.ch : part.kind === 'any' ? '*' : '?')).join('');
}

// ---------------------------------------------------------------------------------------------------------
// Request context: keys are case-insensitive, so the model stores them lower-cased.

type Context = Map<string, ContextValue>;

function lookup(context: Context, key: string): ContextValue | undefined {
  return context.get(key.toLowerCase());
}

function valuesOf(value: ContextValue): ContextScalar[] {
  return Array.isArray(value) ? [...(value as readonly ContextScalar[])] : [value as ContextScalar];
}

// ---------------------------------------------------------------------------------------------------------
// Policy variables ("Policy variables" page): `${key}`, `${key, 'default'}`, escapes `${*}` `${?}` `${$}`.
// Only in policies with "Version": "2012-10-17"; otherwise the text is literal.

/**
 * Turns policy text into a pattern, replacing variables. `wildcards` says whether `*` and `?` in the
 * policy text itself are wildcards. Returns undefined when a variable has no value and no default: that
 * policy value then matches nothing.
 */
function compile(text: string, context: Context, variables: boolean, wildcards: boolean): Pattern | undefined {
  const plain = (s: string): PatternPart[] => (wildcards ? wildcardParts(s) : literalParts(s));
  if (!variables) return plain(text);
  const out: PatternPart[] = [];
  let rest = text;
  for (;;) {
    const start = rest.indexOf('${');
    const end = start < 0 ? -1 : rest.indexOf('}', start);
    if (start < 0 || end < 0) {
      out.push(...plain(rest));
      return out;
    }
    out.push(...plain(rest.slice(0, start)));
    const inner = rest.slice(start + 2, end);
    rest = rest.slice(end + 1);
    if (inner === '*' || inner === '?' || inner === '$') {
      out.push(...literalParts(inner));
      continue;
    }
    const comma = inner.indexOf(',');
    const key = (comma < 0 ? inner : inner.slice(0, comma)).trim();
    let fallback: string | undefined;
    if (comma >= 0) {
      const raw = inner.slice(comma + 1).trim();
      fallback = raw.length >= 2 && raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1) : raw;
    }
    const value = lookup(context, key);
    if (value !== undefined && !Array.isArray(value)) {
      out.push(...literalParts(String(value)));
    } else if (fallback !== undefined) {
      out.push(...literalParts(fallback));
    } else {
      return undefined;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// The caller (docs/evaluation.md, "The principal").

type CallerKind = 'user' | 'role' | 'session' | 'federated' | 'root' | 'service' | 'provider' | 'anonymous';

interface Caller {
  readonly kind: CallerKind;
  readonly account?: string;
  /** The caller's own ARN when it is a user, a role session or a federated user. */
  readonly self?: string;
  /** The role ARN for a role or a role session. */
  readonly role?: string;
  /** The service name for a service principal. */
  readonly service?: string;
  /** A web identity or SAML provider (the caller of AssumeRoleWithWebIdentity / AssumeRoleWithSAML). */
  readonly provider?: string;
  /** The partition of the caller's ARN. */
  readonly partition?: string;
  readonly derived: Record<string, string>;
}

interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

function parseArn(text: string): Arn | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return {
    partition: parts[1]!,
    service: parts[2]!,
    region: parts[3]!,
    account: parts[4]!,
    resource: parts.slice(5).join(':'),
  };
}

function parseCaller(principal: string): Caller {
  if (principal === 'anonymous' || principal === '*') {
    return { kind: 'anonymous', derived: { 'aws:principaltype': 'Anonymous' } };
  }
  // Trust policies name web identity providers under "Federated" (IAM User Guide, "Role trust policies").
  if (['cognito-identity.amazonaws.com', 'accounts.google.com', 'graph.facebook.com', 'www.amazon.com'].includes(principal)) {
    return { kind: 'provider', provider: principal, derived: {} };
  }
  if (!principal.startsWith('arn:') && principal.endsWith('.amazonaws.com')) {
    return { kind: 'service', service: principal, derived: { 'aws:principalservicename': principal } };
  }
  const arn = parseArn(principal);
  if (!arn) throw new Error(`reference: unsupported principal ${principal}`);
  if (arn.service === 'iam' && (arn.resource.startsWith('oidc-provider/') || arn.resource.startsWith('saml-provider/'))) {
    return { kind: 'provider', provider: principal, partition: arn.partition, derived: {} };
  }
  const account = arn.account;
  const base = { 'aws:principalaccount': account };
  if (arn.service === 'iam' && arn.resource === 'root') {
    return { kind: 'root', account, derived: { ...base, 'aws:principalarn': principal, 'aws:principaltype': 'Account' } };
  }
  if (arn.service === 'iam' && arn.resource.startsWith('user/')) {
    const name = arn.resource.split('/').pop()!;
    return {
      kind: 'user',
      account,
      self: principal,
      derived: { ...base, 'aws:principalarn': principal, 'aws:principaltype': 'User', 'aws:username': name },
    };
  }
  if (arn.service === 'iam' && arn.resource.startsWith('role/')) {
    return { kind: 'role', account, role: principal, derived: { ...base, 'aws:principalarn': principal, 'aws:principaltype': 'AssumedRole' } };
  }
  if (arn.service === 'sts' && arn.resource.startsWith('assumed-role/')) {
    const roleName = arn.resource.split('/')[1]!;
    const role = `arn:${arn.partition}:iam::${account}:role/${roleName}`;
    return {
      kind: 'session',
      account,
      self: principal,
      role,
      derived: { ...base, 'aws:principalarn': role, 'aws:principaltype': 'AssumedRole' },
    };
  }
  if (arn.service === 'sts' && arn.resource.startsWith('federated-user/')) {
    return {
      kind: 'federated',
      account,
      self: principal,
      derived: { ...base, 'aws:principalarn': principal, 'aws:principaltype': 'FederatedUser' },
    };
  }
  throw new Error(`reference: unsupported principal ${principal}`);
}

function buildContext(scenario: Scenario, caller: Caller): Context {
  const context: Context = new Map();
  for (const [key, value] of Object.entries(caller.derived)) context.set(key, value);
  // The SDKs and the CLI always use TLS; a direct call is not made by a service on the caller's behalf.
  context.set('aws:securetransport', true);
  context.set('aws:viaawsservice', false);
  // aws:PrincipalIsAWSService: present for every signed request; anonymous requests do not include it.
  if (caller.kind !== 'anonymous') context.set('aws:principalisawsservice', caller.kind === 'service');
  const resource = scenario.request.resource;
  const arn = resource === undefined ? undefined : parseArn(resource);
  if (arn && arn.account !== '') context.set('aws:resourceaccount', arn.account);
  if (arn && arn.region !== '') context.set('aws:requestedregion', arn.region);
  // AWS KMS: kms:CallerAccount is the account of the caller (KMS Developer Guide, "kms:CallerAccount").
  if (scenario.request.action.toLowerCase().startsWith('kms:') && caller.account !== undefined) context.set('kms:calleraccount', caller.account);
  // Amazon Connect resources carry their instance's ID in connect:InstanceId.
  if (arn && arn.service === 'connect' && arn.resource.startsWith('instance/')) context.set('connect:instanceid', arn.resource.split('/')[1]!);
  for (const [key, value] of Object.entries(scenario.request.context ?? {})) context.set(key.toLowerCase(), value);
  return context;
}

function isServiceLinkedRole(caller: Caller, context: Context): boolean {
  if (caller.kind !== 'role' && caller.kind !== 'session') return false;
  const principalArn = lookup(context, 'aws:PrincipalArn');
  const arn = typeof principalArn === 'string' ? parseArn(principalArn) : undefined;
  return arn !== undefined && arn.service === 'iam' && arn.resource.startsWith('role/aws-service-role/');
}

// ---------------------------------------------------------------------------------------------------------
// Policy documents.

interface Statement {
  readonly Sid?: unknown;
  readonly Effect?: string;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Condition?: unknown;
}

interface Document {
  readonly variables: boolean;
  readonly statements: readonly Statement[];
}

function parseDocument(input: unknown): Document {
  let doc = input;
  if (typeof doc === 'string') {
    const text = doc.trim().startsWith('{') ? doc : decodeURIComponent(doc);
    doc = JSON.parse(text) as unknown;
  }
  if (typeof doc !== 'object' || doc === null) throw new Error('reference: policy document is not an object');
  const record = doc as { Version?: unknown; Statement?: unknown };
  const list = Array.isArray(record.Statement) ? (record.Statement as unknown[]) : [record.Statement];
  return { variables: record.Version === '2012-10-17', statements: list as Statement[] };
}

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

// ---------------------------------------------------------------------------------------------------------
// Statement elements.

function actionMatches(statement: Statement, action: string): boolean {
  const hit = (patterns: unknown): boolean =>
    asList(patterns).some((p) => patternMatches(wildcardParts(String(p)), action, true));
  if (statement.Action !== undefined) return hit(statement.Action);
  return !hit(statement.NotAction);
}

function resourceMatches(statement: Statement, resource: string, context: Context, variables: boolean): boolean {
  const hit = (patterns: unknown): boolean =>
    asList(patterns).some((p) => {
      const pattern = compile(String(p), context, variables, true);
      return pattern !== undefined && patternMatches(pattern, resource, false);
    });
  if (statement.Resource !== undefined) return hit(statement.Resource);
  if (statement.NotResource !== undefined) return !hit(statement.NotResource);
  return true; // resource policies may omit Resource (the resource is implied)
}

/** How a Principal element names the caller: through `*`, the caller itself, its role, or its account. */
interface PrincipalHit {
  star: boolean;
  self: boolean;
  role: boolean;
  account: boolean;
}

function principalEntries(element: unknown): { type: string; value: string }[] {
  if (element === '*') return [{ type: '*', value: '*' }];
  const entries: { type: string; value: string }[] = [];
  if (typeof element === 'object' && element !== null) {
    for (const [type, values] of Object.entries(element as Record<string, unknown>)) {
      for (const value of asList(values)) entries.push({ type, value: String(value) });
    }
  }
  return entries;
}

function entryNames(entry: { type: string; value: string }, caller: Caller, identity: string): boolean {
  if (entry.type === '*') return true;
  if (entry.type === 'AWS') {
    if (entry.value === '*') return true;
    if (caller.kind === 'service' || caller.kind === 'anonymous' || caller.kind === 'provider') return false;
    if (identity === 'account') {
      return entry.value === caller.account || entry.value === `arn:${caller.partition ?? 'aws'}:iam::${caller.account}:root`;
    }
    if (identity === 'self') return entry.value === caller.self;
    if (identity === 'role') return entry.value === caller.role;
    return false;
  }
  if (entry.type === 'Service') return identity === 'service' && entry.value === caller.service;
  if (entry.type === 'Federated') return identity === 'provider' && entry.value === caller.provider;
  return false; // CanonicalUser: no caller of this model has such an identity
}

/** The caller's identities, by the name the model gives them. */
function identitiesOf(caller: Caller): string[] {
  switch (caller.kind) {
    case 'user':
    case 'federated':
      return ['account', 'self'];
    case 'session':
      return ['account', 'role', 'self'];
    case 'role':
      return ['account', 'role'];
    case 'root':
      return ['account'];
    case 'service':
      return ['service'];
    case 'provider':
      return ['provider'];
    case 'anonymous':
      // AWS: `NotPrincipal` with Deny denies every principal not listed, anonymous callers included;
      // anonymous has no identity that any named value can match, only `*`.
      return ['anonymous'];
  }
}

function principalHit(statement: Statement, caller: Caller): PrincipalHit | undefined {
  const hit: PrincipalHit = { star: false, self: false, role: false, account: false };
  if (statement.Principal !== undefined) {
    const entries = principalEntries(statement.Principal);
    for (const identity of identitiesOf(caller)) {
      for (const entry of entries) {
        if (!entryNames(entry, caller, identity)) continue;
        if (entry.value === '*') hit.star = true;
        else if (identity === 'account') hit.account = true;
        else if (identity === 'role') hit.role = true;
        else hit.self = true; // self, or a service principal named by its service name
      }
    }
    return hit.star || hit.self || hit.role || hit.account ? hit : undefined;
  }
  if (statement.NotPrincipal !== undefined) {
    const entries = principalEntries(statement.NotPrincipal);
    // NotPrincipal covers every identity of the caller that it does not list ("all principals except the
    // ones named"); a grant through it counts as naming those identities. The current NotPrincipal page asks
    // to list "both the ARN for a role and the ARN for the account containing that role": a listed role
    // spares its sessions.
    const roleListed = entries.some((entry) => entryNames(entry, caller, 'role'));
    for (const identity of identitiesOf(caller)) {
      if (entries.some((entry) => entryNames(entry, caller, identity))) continue;
      if (identity === 'self' && caller.kind === 'session' && roleListed) continue;
      if (identity === 'account') hit.account = true;
      else if (identity === 'role') hit.role = true;
      else hit.self = true;
    }
    return hit.self || hit.role || hit.account ? hit : undefined;
  }
  return { star: true, self: false, role: false, account: false };
}

// ---------------------------------------------------------------------------------------------------------
// Conditions ("IAM JSON policy elements: Condition operators", "Multivalued context keys").

const NEGATED = new Set([
  'StringNotEquals',
  'StringNotEqualsIgnoreCase',
  'StringNotLike',
  'NumericNotEquals',
  'DateNotEquals',
  'ArnNotEquals',
  'ArnNotLike',
  'NotIpAddress',
]);

/** The positive operator a negated one negates. */
const POSITIVE_OF: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
  NotIpAddress: 'IpAddress',
};

function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^[0-9]{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

function ipInCidr(ip: string, cidr: string): boolean {
  const slash = cidr.indexOf('/');
  const base = parseIpv4(slash < 0 ? cidr : cidr.slice(0, slash));
  const bits = slash < 0 ? 32 : Number(cidr.slice(slash + 1));
  const address = parseIpv4(ip);
  if (base === undefined || address === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(address / size) === Math.floor(base / size);
}

function parseDate(value: string): number | undefined {
  if (/^[0-9]+$/.test(value)) return Number(value) * 1000;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Splits a pattern into the six colon-separated ARN fields (the last one keeps any further colons). */
function arnFields(pattern: Pattern): Pattern[] | undefined {
  const fields: PatternPart[][] = [[]];
  for (const part of pattern) {
    if (part.kind === 'char' && part.ch === ':' && fields.length < 6) fields.push([]);
    else fields[fields.length - 1]!.push(part);
  }
  return fields.length === 6 ? fields : undefined;
}

function arnMatches(pattern: Pattern, value: string): boolean {
  const patternFields = arnFields(pattern);
  const valueFields = arnFields(literalParts(value));
  if (!patternFields || !valueFields) return false;
  return patternFields.every((field, i) => patternMatches(field, patternIsLiteral(valueFields[i]!), false));
}

/** Does one request value satisfy one policy value under a positive operator? */
function positiveMatch(operator: string, requestValue: ContextScalar, policyValue: unknown, context: Context, variables: boolean): boolean {
  const request = String(requestValue);
  const policy = String(policyValue);
  switch (operator) {
    case 'StringEquals':
    case 'StringEqualsIgnoreCase': {
      const pattern = compile(policy, context, variables, false);
      if (pattern === undefined) return false;
      const text = patternIsLiteral(pattern);
      return operator === 'StringEquals' ? text === request : text.toLowerCase() === request.toLowerCase();
    }
    case 'StringLike': {
      const pattern = compile(policy, context, variables, true);
      return pattern !== undefined && patternMatches(pattern, request, false);
    }
    case 'ArnEquals':
    case 'ArnLike': {
      const pattern = compile(policy, context, variables, true);
      return pattern !== undefined && arnMatches(pattern, request);
    }
    case 'NumericEquals':
    case 'NumericLessThan':
    case 'NumericLessThanEquals':
    case 'NumericGreaterThan':
    case 'NumericGreaterThanEquals':
    case 'DateEquals':
    case 'DateLessThan':
    case 'DateLessThanEquals':
    case 'DateGreaterThan':
    case 'DateGreaterThanEquals': {
      const numeric = operator.startsWith('Numeric');
      const a = numeric ? (request.trim() === '' ? NaN : Number(request)) : (parseDate(request) ?? NaN);
      const b = numeric ? (policy.trim() === '' ? NaN : Number(policy)) : (parseDate(policy) ?? NaN);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      const comparison = operator.replace(/^(Numeric|Date)/, '');
      if (comparison === 'Equals') return a === b;
      if (comparison === 'LessThan') return a < b;
      if (comparison === 'LessThanEquals') return a <= b;
      if (comparison === 'GreaterThan') return a > b;
      return a >= b;
    }
    case 'Bool':
      return request.toLowerCase() === policy.toLowerCase();
    case 'IpAddress':
      return ipInCidr(request, policy);
    default:
      throw new Error(`reference: unsupported condition operator ${operator}`);
  }
}

function conditionHolds(operatorName: string, key: string, policyValues: unknown, context: Context, variables: boolean): boolean {
  let operator = operatorName;
  let qualifier: 'all' | 'any' | undefined;
  if (operator.startsWith('ForAllValues:')) {
    qualifier = 'all';
    operator = operator.slice('ForAllValues:'.length);
  } else if (operator.startsWith('ForAnyValue:')) {
    qualifier = 'any';
    operator = operator.slice('ForAnyValue:'.length);
  }
  const requestValue = lookup(context, key);
  const wanted = asList(policyValues);

  if (operator === 'Null') {
    const absent = requestValue === undefined;
    return wanted.some((value) => String(value).toLowerCase() === (absent ? 'true' : 'false'));
  }

  let ifExists = false;
  if (operator.endsWith('IfExists')) {
    ifExists = true;
    operator = operator.slice(0, -'IfExists'.length);
  }
  const negated = NEGATED.has(operator);
  const positive = negated ? POSITIVE_OF[operator]! : operator;

  /** The operator applied to one request value: positive = some policy value matches; negated = none does. */
  const holdsFor = (value: ContextScalar): boolean => {
    const some = wanted.some((policyValue) => positiveMatch(positive, value, policyValue, context, variables));
    return negated ? !some : some;
  };

  if (qualifier === 'all') {
    if (requestValue === undefined) return true;
    return valuesOf(requestValue).every(holdsFor);
  }
  if (qualifier === 'any') {
    if (requestValue === undefined) return false;
    return valuesOf(requestValue).some(holdsFor);
  }
  if (requestValue === undefined) return ifExists || negated;
  const values = valuesOf(requestValue);
  return negated ? values.every(holdsFor) : values.some(holdsFor);
}

function conditionsHold(condition: unknown, context: Context, variables: boolean): boolean {
  if (condition === undefined) return true;
  for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
    for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
      if (!conditionHolds(operator, key, values, context, variables)) return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Rules services add on top of the generic logic (written from the AWS pages, not from src/).

/**
 * IAM User Guide, "Policy evaluation logic": "IAM role trust policies and KMS key policies are exceptions to
 * this logic, because they must explicitly allow access for principals." KMS Developer Guide, "Key
 * policies": "Unless the key policy explicitly allows it, you cannot use IAM policies to allow access to a
 * KMS key." The trust policy decides sts:AssumeRole* / TagSession / SetSourceIdentity on a role.
 */
function mustAllowExplicitly(action: string, resource: string): 'key' | 'trust' | undefined {
  const arn = parseArn(resource);
  if (!arn) return undefined;
  const lower = action.toLowerCase();
  if (lower.startsWith('kms:') && arn.service === 'kms' && arn.resource.startsWith('key/')) return 'key';
  const trustActions = ['sts:assumerole', 'sts:assumerolewithwebidentity', 'sts:assumerolewithsaml', 'sts:tagsession', 'sts:setsourceidentity'];
  if (trustActions.includes(lower) && arn.service === 'iam' && arn.resource.startsWith('role/')) return 'trust';
  return undefined;
}

/**
 * KMS Developer Guide, "Grants in AWS KMS": a grant gives its grantee principal the listed operations on the
 * key; its constraints limit it to requests whose encryption context contains (subset) or is exactly
 * (equals) the given pairs. How the grant names the caller: its account, its role, or itself.
 */
function grantHit(scenario: Scenario, caller: Caller, context: Context): 'account' | 'role' | 'self' | undefined {
  const operation = scenario.request.action.toLowerCase();
  const requestContext = new Map<string, ContextScalar[]>();
  for (const [key, value] of context) {
    if (key.startsWith('kms:encryptioncontext:')) requestContext.set(key.slice('kms:encryptioncontext:'.length), valuesOf(value));
  }
  const contains = (pairs: Record<string, string>): boolean =>
    Object.entries(pairs).every(([k, v]) => (requestContext.get(k.toLowerCase()) ?? []).map(String).includes(v));
  let best: 'account' | 'role' | 'self' | undefined;
  for (const grant of scenario.kmsGrants ?? []) {
    if (!grant.operations.some((o) => `kms:${o.replace(/^kms:/i, '')}`.toLowerCase() === operation)) continue;
    const subset = grant.constraints?.encryptionContextSubset;
    const equals = grant.constraints?.encryptionContextEquals;
    if (subset && !contains(subset)) continue;
    if (equals && !(contains(equals) && requestContext.size === Object.keys(equals).length)) continue;
    let hit: 'account' | 'role' | 'self' | undefined;
    if (grant.grantee === caller.self || grant.grantee === caller.service) hit = 'self';
    else if (grant.grantee === caller.role) hit = 'role';
    else if (caller.account !== undefined && (grant.grantee === caller.account || grant.grantee === `arn:${caller.partition ?? 'aws'}:iam::${caller.account}:root`)) hit = 'account';
    if (hit === 'self' || (hit === 'role' && best !== 'self') || (hit === 'account' && best === undefined)) best = hit;
  }
  return best;
}

/**
 * What AWS decides whatever the policies say: 'allow' for calls that need no permission, 'refuse' for
 * requests AWS never allows, undefined when the policies decide.
 */
function overriding(scenario: Scenario, caller: Caller): 'allow' | 'refuse' | undefined {
  const action = scenario.request.action.toLowerCase();
  const resource = scenario.request.resource ?? '*';
  const authenticated = caller.kind !== 'anonymous' && caller.kind !== 'provider';
  // STS API Reference, GetCallerIdentity: "No permissions are required to perform this operation", even
  // with an explicit deny.
  if (action === 'sts:getcalleridentity' && authenticated) return 'allow';
  // STS API Reference, GetSessionToken: no permissions are required for users, and it must be called with
  // long-term credentials (an IAM user's or the root user's).
  if (action === 'sts:getsessiontoken' && authenticated) {
    if (caller.kind === 'user' || caller.kind === 'root') return 'allow';
    if (caller.kind === 'role' || caller.kind === 'session' || caller.kind === 'federated') return 'refuse';
  }
  const arn = parseArn(resource);
  if (arn) {
    // Things AWS owns: AWS managed policies, IAM Identity Center roles, service-linked roles, alias/aws/*.
    const policyWrites = ['createpolicyversion', 'deletepolicyversion', 'deletepolicy', 'setdefaultpolicyversion', 'tagpolicy', 'untagpolicy'];
    const roleWrites = [
      'attachrolepolicy', 'detachrolepolicy', 'putrolepolicy', 'deleterolepolicy', 'updateassumerolepolicy',
      'putrolepermissionsboundary', 'deleterolepermissionsboundary', 'deleterole',
    ];
    const [service, name] = action.split(':') as [string, string];
    if (service === 'iam' && arn.service === 'iam') {
      if (arn.account === 'aws' && arn.resource.startsWith('policy/') && policyWrites.includes(name)) return 'refuse';
      const awsManagedRole = arn.resource.startsWith('role/aws-service-role/') || arn.resource.startsWith('role/aws-reserved/sso.amazonaws.com/');
      if (awsManagedRole && roleWrites.includes(name)) return 'refuse';
    }
    if (service === 'kms' && arn.service === 'kms' && arn.resource.startsWith('alias/aws/') && ['createalias', 'deletealias', 'updatealias'].includes(name)) return 'refuse';
    // Partitions are separate: a principal of one never acts on a resource of another.
    const callerArn = parseArn(scenario.request.principal);
    if (callerArn && caller.account !== undefined && arn.partition !== '' && callerArn.partition !== arn.partition) return 'refuse';
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Evaluating policies.

interface Request {
  readonly action: string;
  readonly resource: string;
  readonly caller: Caller;
  readonly context: Context;
  /** The caller is an IAM user or role with a permissions boundary attached. */
  readonly hasBoundary: boolean;
}

interface PolicyVerdict {
  /** Some matching Deny statement. */
  readonly deny: boolean;
  /** The matching Allow statements, each with how its Principal named the caller (if it has one). */
  readonly allows: readonly PrincipalHit[];
  /** The matching statements by name, for `determining`. */
  readonly denied: readonly StatementRef[];
  readonly allowed: readonly StatementRef[];
}

/** A policy with the name a person reads: its name, else its ARN, else where it is in the scenario. */
interface Placed {
  readonly type: PolicyType;
  readonly policy: NamedPolicy;
  readonly place: string;
  readonly target?: string;
}

function placed(type: PolicyType, policies: readonly NamedPolicy[] | undefined, place: (i: number) => string, target?: string): Placed[] {
  return (policies ?? []).map((policy, i) => ({ type, policy, place: place(i), ...(target !== undefined && { target }) }));
}

function statementRef(p: Placed, statement: Statement, index: number): StatementRef {
  const name = typeof p.policy.name === 'string' ? p.policy.name : typeof p.policy.arn === 'string' ? p.policy.arn : p.place;
  return { policyType: p.type, policy: name, statement: typeof statement.Sid === 'string' ? statement.Sid : String(index), ...(p.target !== undefined && { target: p.target }) };
}

/**
 * `withPrincipal`: the policy type has Principal / NotPrincipal (resource-based, VPC endpoint, RCP).
 * `resourceBased`: a resource-based policy (the resource's own, or a VPC endpoint policy, which AWS PrivateLink
 * calls a resource-based policy), where AWS gives NotPrincipal+Deny a special rule ("Permissions boundaries
 * for IAM entities": such a statement always denies a principal that has a permissions boundary, whatever
 * NotPrincipal lists).
 */
function evaluatePolicies(policies: readonly Placed[], request: Request, withPrincipal: boolean, resourceBased = false): PolicyVerdict {
  let deny = false;
  const allows: PrincipalHit[] = [];
  const denied: StatementRef[] = [];
  const allowed: StatementRef[] = [];
  for (const p of policies) {
    const doc = parseDocument(p.policy.document);
    for (const [index, statement] of doc.statements.entries()) {
      if (!actionMatches(statement, request.action)) continue;
      if (!resourceMatches(statement, request.resource, request.context, doc.variables)) continue;
      const everyone = { star: true, self: false, role: false, account: false };
      const boundaryRule = resourceBased && request.hasBoundary && statement.Effect === 'Deny' && statement.NotPrincipal !== undefined;
      const hit = withPrincipal && !boundaryRule ? principalHit(statement, request.caller) : everyone;
      if (!hit) continue;
      if (!conditionsHold(statement.Condition, request.context, doc.variables)) continue;
      if (statement.Effect === 'Deny') {
        deny = true;
        denied.push(statementRef(p, statement, index));
      } else if (statement.Effect === 'Allow') {
        allows.push(hit);
        allowed.push(statementRef(p, statement, index));
      }
    }
  }
  return { deny, allows, denied, allowed };
}

/** Evaluates a scenario the way docs/evaluation.md describes, one rule at a time. */
export function referenceEvaluate(scenario: Scenario): ReferenceResult {
  const parsed = { ...parseCaller(scenario.request.principal), partition: parseArn(scenario.request.principal)?.partition };
  const context = buildContext(scenario, parsed);
  // A session ARN does not show the role's path: the context's aws:PrincipalArn names the role then.
  const principalArn = lookup(context, 'aws:PrincipalArn');
  const caller: Caller =
    parsed.kind === 'session' && typeof principalArn === 'string' && parseArn(principalArn)?.resource.startsWith('role/')
      ? { ...parsed, role: principalArn }
      : parsed;
  const resource = scenario.request.resource ?? '*';
  const iamPrincipal = caller.kind !== 'service' && caller.kind !== 'anonymous' && caller.kind !== 'provider';
  const hasBoundary = iamPrincipal && scenario.permissionsBoundary !== undefined;
  const request: Request = { action: scenario.request.action, resource, caller, context, hasBoundary };
  const service = request.action.split(':')[0]!.toLowerCase();
  const serviceLinked = isServiceLinkedRole(caller, context);

  const denied = new Set<PolicyType>();
  let explicitDeny = false;
  // The verdicts of the policy types that take part in this request, in evaluation order (for `determining`).
  const taking: PolicyVerdict[] = [];
  // Identity policies, boundaries and session policies belong to IAM users and roles (and their sessions).
  const hasIdentityPolicies = caller.kind === 'user' || caller.kind === 'role' || caller.kind === 'session' || caller.kind === 'federated';
  const explicit = (type: PolicyType): void => {
    explicitDeny = true;
    denied.add(type);
  };

  // Organizations: SCPs and RCPs do not affect the management account (its principals, its resources).
  const management = scenario.organization?.managementAccount;
  const resourceAccountForOrg = lookup(context, 'aws:ResourceAccount');

  // SCPs: IAM principals other than service-linked roles; every level must allow.
  if (scenario.serviceControlPolicies && iamPrincipal && !serviceLinked && caller.account !== management) {
    for (const [i, level] of scenario.serviceControlPolicies.entries()) {
      const target = level.target ?? `level ${i}`;
      const verdict = evaluatePolicies(placed('scp', level.policies, (j) => `${target}[${j}]`, target), request, false);
      taking.push(verdict);
      if (verdict.deny) explicit('scp');
      if (verdict.allows.length === 0) denied.add('scp');
    }
  }

  // RCPs: only Deny statements decide (RCPFullAWSAccess is always attached), only for supported services.
  if (scenario.resourceControlPolicies && RCP_SERVICES.includes(service) && !serviceLinked && (management === undefined || resourceAccountForOrg !== management)) {
    for (const [i, level] of scenario.resourceControlPolicies.entries()) {
      const target = level.target ?? `level ${i}`;
      const verdict = evaluatePolicies(placed('rcp', level.policies, (j) => `${target}[${j}]`, target), request, true);
      taking.push(verdict);
      if (verdict.deny) explicit('rcp');
    }
  }

  const resourceVerdict = scenario.resourcePolicy ? evaluatePolicies(placed('resource', [scenario.resourcePolicy], () => 'resourcePolicy'), request, true, true) : undefined;
  if (resourceVerdict) taking.push(resourceVerdict);
  if (resourceVerdict?.deny) explicit('resource');

  const identityVerdict = evaluatePolicies(placed('identity', scenario.identityPolicies, (i) => `identityPolicies[${i}]`), request, false);
  if (hasIdentityPolicies) taking.push(identityVerdict);
  if (identityVerdict.deny) explicit('identity');
  const identityAllows = caller.kind === 'root' || (iamPrincipal && identityVerdict.allows.length > 0);

  const boundaryVerdict = scenario.permissionsBoundary ? evaluatePolicies(placed('permissions-boundary', [scenario.permissionsBoundary], () => 'permissionsBoundary'), request, false) : undefined;
  if (boundaryVerdict && hasIdentityPolicies) taking.push(boundaryVerdict);
  if (boundaryVerdict?.deny) explicit('permissions-boundary');

  const sessionGiven = scenario.sessionPolicies !== undefined && scenario.sessionPolicies.length > 0;
  const sessionVerdict = sessionGiven ? evaluatePolicies(placed('session', scenario.sessionPolicies, (i) => `sessionPolicies[${i}]`), request, false) : undefined;
  if (sessionVerdict && hasIdentityPolicies) taking.push(sessionVerdict);
  if (sessionVerdict?.deny) explicit('session');
  const sessionNeeded = sessionGiven || caller.kind === 'federated';

  // The grant.
  const principalAccount = lookup(context, 'aws:PrincipalAccount');
  const resourceAccount = lookup(context, 'aws:ResourceAccount');
  const sameAccount = resourceAccount === undefined || resourceAccount === principalAccount;
  const explicitly = mustAllowExplicitly(request.action, resource);
  // A KMS grant is one more allow on the resource side; it is never treated as naming the caller itself, so
  // permissions boundaries and session policies still limit it.
  const grant = explicitly === 'key' ? grantHit(scenario, caller, context) : undefined;
  const resourceAllows: PrincipalHit[] = [...(resourceVerdict?.allows ?? [])];
  if (grant) resourceAllows.push({ star: false, self: false, role: grant !== 'account', account: grant === 'account' });
  let exempt = false;

  if (!iamPrincipal) {
    // Service principals, web identity providers and anonymous callers: only the resource policy can grant.
    if (resourceAllows.length === 0) denied.add('resource');
  } else if (sameAccount) {
    // A statement naming only the account delegates to identity policies: it grants nothing itself.
    const resourceGrants = resourceAllows.some((hit) => hit.star || hit.self || hit.role);
    // Key policies and trust policies must allow explicitly: identity policies count only once they delegate.
    const identityCounts = identityAllows && (explicitly === undefined || resourceAllows.length > 0);
    exempt = resourceAllows.some((hit) => hit.star || hit.self);
    if (!identityCounts && !resourceGrants) {
      if (!identityAllows) denied.add('identity');
      // A resource policy that trusts the caller's account has done its part.
      if (resourceAllows.length === 0 && (scenario.resourcePolicy || explicitly)) denied.add('resource');
    }
  } else {
    if (!identityAllows) denied.add('identity');
    if (resourceAllows.length === 0) denied.add('resource');
  }

  // Permissions boundary and session policies (a grant naming the caller itself is exempt, same account).
  if (boundaryVerdict && boundaryVerdict.allows.length === 0 && !exempt) denied.add('permissions-boundary');
  if (sessionNeeded && (sessionVerdict?.allows.length ?? 0) === 0 && !exempt) denied.add('session');

  // VPC endpoint policy.
  if (scenario.vpcEndpointPolicy) {
    const verdict = evaluatePolicies(placed('vpc-endpoint', [scenario.vpcEndpointPolicy], () => 'vpcEndpointPolicy'), request, true, true);
    taking.push(verdict);
    if (verdict.deny) explicit('vpc-endpoint');
    if (verdict.allows.length === 0) denied.add('vpc-endpoint');
  }

  const deniedBy = POLICY_TYPE_ORDER.filter((type) => denied.has(type));
  const decision: Decision = explicitDeny ? 'explicit-deny' : deniedBy.length === 0 ? 'allow' : 'implicit-deny';
  const rule = overriding(scenario, caller);
  // A call that needs no permission is decided by no statement.
  if (rule === 'allow') return { decision: 'allow', deniedBy: [], determining: [] };
  if (rule === 'refuse' && decision === 'allow') return { decision: 'implicit-deny', deniedBy: [], determining: [] };
  const determining = decision === 'explicit-deny' ? taking.flatMap((v) => v.denied) : decision === 'allow' ? taking.flatMap((v) => v.allowed) : [];
  return { decision, deniedBy, determining };
}
