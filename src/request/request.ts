/** The question: who calls which action on which resource, with which context keys (derived ones added). */
import { parseArn, type Arn } from '../policy/arn.js';
import { memoize } from '../policy/memo.js';
import type { ProblemMessages } from '../policy/problems.js';
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

export type RequestResult = { readonly ok: true; readonly request: Request } | { readonly ok: false; readonly problems: readonly { readonly pointer: string; readonly data: ProblemMessages['badPrincipal'] }[] };

function toStrings(value: ContextValue): string[] {
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/** The derived keys are a handful of constants: each lowercased once. */
const lowerKey = memoize((key) => key.toLowerCase());

/** Build the request: parse the principal, read the resource ARN, derive the context keys AWS would add. */
export function buildRequest(input: ScenarioRequest): RequestResult {
  const parsed = parsePrincipal(input.principal);
  if (!parsed.ok) return { ok: false, problems: [{ pointer: '/request/principal', data: { principal: input.principal, reason: parsed.fault } }] };
  const principal = parsed.principal;
  const colon = input.action.indexOf(':');
  const resource = input.resource ?? '*';
  const resourceArn = parseArn(resource);

  const context = new Map<string, readonly string[]>();
  for (const [key, value] of Object.entries(input.context ?? {})) context.set(key.toLowerCase(), toStrings(value));
  const derived = new Set<string>();
  const derive = (key: string, value: string | undefined) => {
    const k = lowerKey(key);
    if (value === undefined || context.has(k)) return;
    context.set(k, [value]);
    derived.add(k);
  };
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
  if (input.action.toLowerCase().startsWith('kms:')) derive('kms:CallerAccount', principal.account);

  const principalArn = context.get('aws:principalarn')?.[0] ?? principal.principalArn;
  return {
    ok: true,
    request: {
      principal,
      identities: identitiesOf(principal, principalArn),
      action: input.action,
      actionLower: input.action.toLowerCase(),
      service: colon > 0 ? input.action.slice(0, colon).toLowerCase() : input.action.toLowerCase(),
      resource,
      ...(resourceArn && { resourceArn }),
      ...(principal.account !== undefined && { principalAccount: principal.account }),
      ...(context.has('aws:resourceaccount') && { resourceAccount: context.get('aws:resourceaccount')![0] }),
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
