/** The question: who calls which action on which resource, with which context keys (derived ones added). */
import { parseArn, type Arn } from '../policy/arn.js';
import { memoize } from '../policy/memo.js';
import { own } from '../own.js';
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
  /** Context values by lowercased key, each as strings (numbers and booleans in their JSON spelling). */
  readonly context: ReadonlyMap<string, readonly string[]>;
  /** Which context keys were derived rather than given (lowercased). */
  readonly derived: ReadonlySet<string>;
}

/** How policy variables read this request: the single value of a context key (multivalued keys have none). */
export function variableLookup(req: Request): (lowercaseKey: string) => string | undefined {
  return (key) => {
    const v = req.context.get(key);
    return v !== undefined && v.length === 1 ? v[0] : undefined;
  };
}

export type RequestResult = { readonly ok: true; readonly request: Request } | { readonly ok: false; readonly problems: readonly { readonly pointer: string; readonly message: string }[] };

/** A context value as strings: an array of strings is the input's own (the request is read-only). */
function toStrings(value: ContextValue): readonly string[] {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return [String(value)];
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return value.map(String);
  return value as readonly string[];
}

/** The derived keys are a handful of constants: each lowercased once. */
const lowerKey = memoize((key) => key.toLowerCase());

/** A key AWS adds to the request, unless the scenario gives it. */
function derive(context: Map<string, readonly string[]>, derived: Set<string>, key: string, value: string | undefined): void {
  const k = lowerKey(key);
  if (value === undefined || context.has(k)) return;
  context.set(k, [value]);
  derived.add(k);
}

/** Resource ARNs repeat from request to request: each is split once. */
const resourceArnOf = memoize(parseArn);

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
  if (!parsed.ok) return { ok: false, problems: [{ pointer: '/request/principal', message: parsed.message }] };
  const principal = parsed.principal;
  const action = input.action;
  const actionLower = action.toLowerCase();
  const colon = actionLower.indexOf(':');
  const resource = input.resource ?? '*';
  const resourceArn = resourceArnOf(resource);

  const context = new Map<string, readonly string[]>();
  const given = input.context;
  if (given) {
    for (const key in given) if (Object.hasOwn(given, key)) context.set(key.toLowerCase(), toStrings(own(given, key)!));
  }
  const derived = new Set<string>();
  derive(context, derived, 'aws:PrincipalArn', principal.principalArn);
  derive(context, derived, 'aws:PrincipalAccount', principal.account);
  derive(context, derived, 'aws:PrincipalType', principalType(principal.kind));
  derive(context, derived, 'aws:username', principal.userName);
  if (principal.kind === 'service') derive(context, derived, 'aws:PrincipalServiceName', principal.text);
  if (principal.kind !== 'anonymous') derive(context, derived, 'aws:PrincipalIsAWSService', String(principal.kind === 'service'));
  derive(context, derived, 'aws:ViaAWSService', 'false');
  derive(context, derived, 'aws:SecureTransport', 'true');
  if (resourceArn && /^\d{12}$/.test(resourceArn.account)) derive(context, derived, 'aws:ResourceAccount', resourceArn.account);
  if (resourceArn && resourceArn.region !== '') derive(context, derived, 'aws:RequestedRegion', resourceArn.region);
  // Amazon Connect puts the instance's ID in connect:InstanceId (Service Authorization Reference).
  const instance = resourceArn?.service === 'connect' ? /^instance\/([^/]+)/.exec(resourceArn.resource) : null;
  if (instance) derive(context, derived, 'connect:InstanceId', instance[1]);
  // KMS puts the caller's account in kms:CallerAccount (KMS Developer Guide, "AWS KMS condition keys").
  if (actionLower.startsWith('kms:')) derive(context, derived, 'kms:CallerAccount', principal.account);

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
      resourceArn,
      principalAccount: principal.account,
      resourceAccount: context.get('aws:resourceaccount')?.[0],
      serviceLinked: principal.serviceLinked || (principalArn?.includes(':role/aws-service-role/') ?? false),
      context,
      derived,
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
