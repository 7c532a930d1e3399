/** The question: who calls which action on which resource, with which context keys (derived ones added). */
import { parseArn, type Arn } from '../policy/arn.js';
import type { ProblemMessages } from '../policy/problems.js';
import { Memo, memoize } from '../policy/memo.js';
import { hasOwn, own } from '../own.js';
import type { ContextValue, ScenarioRequest } from '../scenario/types.js';
import { identitiesOf, parsePrincipal, principalType, type Identity, type Principal } from './principal.js';

export interface Request {
  readonly principal: Principal;
  readonly identities: readonly Identity[];
  /** As written, e.g. `connect:StartChatContact`. */
  readonly action: string;
  /** Lowercased: actions match case-insensitively. */
  readonly actionLower: string;
  /** The action's service prefix, lowercased. */
  readonly service: string;
  /** The resource ARN, or `*` when the action has none. */
  readonly resource: string;
  readonly resourceArn?: Arn;
  readonly principalAccount?: string;
  readonly resourceAccount?: string;
  /** SCPs and RCPs do not apply to service-linked roles. */
  readonly serviceLinked: boolean;
  /**
   * Context values by lowercased key, each as strings (numbers and booleans in their JSON spelling): the
   * scenario's keys over those AWS derives (docs/evaluation.md).
   */
  readonly context: ReadonlyMap<string, readonly string[]>;
}

/** How policy variables read this request: the single value of a context key (multivalued keys have none). */
export function variableLookup(req: Request): (lowercaseKey: string) => string | undefined {
  return (key) => {
    const v = req.context.get(key);
    return v !== undefined && v.length === 1 ? v[0] : undefined;
  };
}

export type RequestResult = { readonly ok: true; readonly request: Request } | { readonly ok: false; readonly problems: readonly { readonly pointer: string; readonly data: ProblemMessages['badPrincipal'] }[] };

/** A context value as strings: an array of strings is the input's own (the request is read-only). */
function toStrings(value: ContextValue): readonly string[] {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return [String(value)];
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return value.map(String);
  return value as readonly string[];
}

/**
 * Context keys repeat from request to request, and JSON's keys come hashed: each is lowercased once, and the
 * lowercased key, kept here, is then found by its hash in the context's maps.
 */
const lowerKey = memoize((key) => key.toLowerCase(), 1_000);

/** Resource ARNs repeat from request to request: each is split once. */
const resourceArnOf = memoize(parseArn);

/** The keys AWS adds to a request: they depend on the caller, the resource and (for KMS) the service only. */
type Derived = ReadonlyMap<string, readonly string[]>;

function deriveKeys(principal: Principal, resource: string, kms: boolean): Derived {
  const values = new Map<string, readonly string[]>();
  const derive = (key: string, value: string | undefined) => {
    if (value !== undefined) values.set(key.toLowerCase(), [value]);
  };
  const resourceArn = resourceArnOf(resource);
  derive('aws:PrincipalArn', principal.principalArn);
  derive('aws:PrincipalAccount', principal.account);
  derive('aws:PrincipalType', principalType(principal.kind));
  derive('aws:username', principal.userName);
  if (principal.kind === 'service') derive('aws:PrincipalServiceName', principal.text);
  if (principal.kind !== 'anonymous') derive('aws:PrincipalIsAWSService', String(principal.kind === 'service'));
  derive('aws:ViaAWSService', 'false');
  derive('aws:SecureTransport', 'true');
  if (resourceArn && /^\d{12}$/.test(resourceArn.account)) derive('aws:ResourceAccount', resourceArn.account);
  if (resourceArn && resourceArn.region !== '') derive('aws:RequestedRegion', resourceArn.region);
  // Amazon Connect puts the instance's ID in connect:InstanceId (Service Authorization Reference).
  const instance = resourceArn?.service === 'connect' ? /^instance\/([^/]+)/.exec(resourceArn.resource) : null;
  if (instance) derive('connect:InstanceId', instance[1]);
  // KMS puts the caller's account in kms:CallerAccount (KMS Developer Guide, "AWS KMS condition keys").
  if (kms) derive('kms:CallerAccount', principal.account);
  return values;
}

/** Derived keys, worked out once per caller, resource and KMS-ness (bounded as every memo). */
const derivedKeys = new WeakMap<Principal, readonly [Memo<Derived>, Memo<Derived>]>();
function derivedFor(principal: Principal, resource: string, kms: boolean): Derived {
  let memos = derivedKeys.get(principal);
  if (!memos) derivedKeys.set(principal, (memos = [new Memo<Derived>(1_000), new Memo<Derived>(1_000)]));
  return memos[kms ? 1 : 0].get(resource, (r) => deriveKeys(principal, r, kms));
}

/**
 * The request's context: the scenario's keys (lowercased) over the derived ones, which a given key of the
 * same name replaces. A view over the two, in that order, as a Map of them would be.
 */
class RequestContext implements ReadonlyMap<string, readonly string[]> {
  constructor(
    private readonly given: ReadonlyMap<string, readonly string[]> | undefined,
    private readonly derived: ReadonlyMap<string, readonly string[]>,
  ) {}

  get(key: string): readonly string[] | undefined {
    return this.given?.get(key) ?? this.derived.get(key);
  }

  has(key: string): boolean {
    return this.given?.has(key) === true || this.derived.has(key);
  }

  get size(): number {
    let n = this.given?.size ?? 0;
    for (const key of this.derived.keys()) if (this.given?.has(key) !== true) n++;
    return n;
  }

  *entries(): MapIterator<[string, readonly string[]]> {
    if (this.given) yield* this.given.entries();
    for (const entry of this.derived.entries()) if (this.given?.has(entry[0]) !== true) yield entry;
  }

  *keys(): MapIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<readonly string[]> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(fn: (value: readonly string[], key: string, map: ReadonlyMap<string, readonly string[]>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) fn.call(thisArg, value, key, this);
  }

  [Symbol.iterator](): MapIterator<[string, readonly string[]]> {
    return this.entries();
  }
}

/** A caller's identities depend on the principal alone unless the context names its role's path. */
const identities = new WeakMap<Principal, readonly Identity[]>();
function identitiesFor(principal: Principal, principalArn: string | undefined): readonly Identity[] {
  if (principalArn !== principal.principalArn) return identitiesOf(principal, principalArn);
  let known = identities.get(principal);
  if (!known) identities.set(principal, (known = identitiesOf(principal, principalArn)));
  return known;
}

/** Build the request: parse the principal, read the resource ARN, derive the context keys AWS would add. */
export function buildRequest(input: ScenarioRequest): RequestResult {
  const parsed = parsePrincipal(input.principal);
  if (!parsed.ok) return { ok: false, problems: [{ pointer: '/request/principal', data: { principal: input.principal, reason: parsed.fault } }] };
  const principal = parsed.principal;
  const action = input.action;
  const actionLower = action.toLowerCase();
  const colon = actionLower.indexOf(':');
  const resource = input.resource ?? '*';

  let given: Map<string, readonly string[]> | undefined;
  const raw = input.context;
  if (raw) {
    for (const key in raw) if (hasOwn.call(raw, key)) (given ??= new Map()).set(lowerKey(key), toStrings(own(raw, key)!));
  }
  const context = new RequestContext(given, derivedFor(principal, resource, actionLower.startsWith('kms:')));

  const principalArn = context.get('aws:principalarn')?.[0] ?? principal.principalArn;
  // Every field, absent ones undefined: one shape for every request (no spreads).
  return {
    ok: true,
    request: {
      principal,
      identities: identitiesFor(principal, principalArn),
      action,
      actionLower,
      service: colon > 0 ? actionLower.slice(0, colon) : actionLower,
      resource,
      resourceArn: resourceArnOf(resource),
      principalAccount: principal.account,
      resourceAccount: context.get('aws:resourceaccount')?.[0],
      serviceLinked: principal.serviceLinked || (principalArn?.includes(':role/aws-service-role/') ?? false),
      context,
    },
  };
}

/**
 * The same request for another action of the same service: what AWS derives depends on the principal,
 * the resource and the service only (kms: adds kms:CallerAccount, so KMS requests are built anew).
 * Checking many actions against one resource then costs no new parse.
 */
export function withAction(request: Request, action: string): Request | undefined {
  const actionLower = action.toLowerCase();
  const colon = actionLower.indexOf(':');
  const service = colon > 0 ? actionLower.slice(0, colon) : actionLower;
  if (service !== request.service || service === 'kms') return undefined;
  return { ...request, action, actionLower };
}
