/**
 * A scenario (already read from JSON or YAML) -> a checked, compiled scenario ready to evaluate, or every
 * problem in it at once, each with its JSON pointer.
 */
import { actionNames, findAction } from '../catalog/index.js';
import { compilePolicy, type CompiledPolicy } from '../engine/compile.js';
import type { CompiledPolicies } from '../engine/evaluate.js';
import type { CompiledGrant } from '../engine/grants.js';
import { explicitResourcePolicy } from '../engine/service-rules.js';
import type { PolicyType } from '../engine/types.js';
import { parsePolicy } from '../policy/parse.js';
import { at, suggestion, Problems, type Problem } from '../policy/problems.js';
import { oneAction } from '../policy/one-action.js';
import { buildRequest, type Request } from '../request/request.js';
import type { Scenario } from './types.js';
import { POLICY_SLOT_FIELDS } from './from-policies.js';
import { hasOwn, own } from '../own.js';

export interface CompiledScenario {
  readonly scenario: Scenario;
  readonly request: Request;
  readonly policies: CompiledPolicies;
  readonly warnings: readonly Problem[];
}

export type CompileResult = { readonly ok: true; readonly value: CompiledScenario } | { readonly ok: false; readonly problems: readonly Problem[] };

const SCENARIO_FIELDS = [
  'request',
  ...POLICY_SLOT_FIELDS,
  'kmsGrants',
  'organization',
  // informational, ignored by the engine
  'description',
  'name',
  'collected',
  '$schema',
];
const REQUEST_FIELDS = ['principal', 'action', 'resource', 'context'];
const POLICY_FIELDS = ['name', 'arn', 'document'];
const LEVEL_FIELDS = ['target', 'policies'];
const GRANT_FIELDS = ['name', 'grantee', 'operations', 'constraints'];
// As the scenario spells them, and as kms:ListGrants returns them.
const CONSTRAINT_FIELDS = ['encryptionContextSubset', 'encryptionContextEquals', 'EncryptionContextSubset', 'EncryptionContextEquals'];
const ORGANIZATION_FIELDS = ['managementAccount'];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unknownFields(value: Record<string, unknown>, allowed: readonly string[], pointer: string, what: string, problems: Problems): void {
  // for...in with an own-property guard (Object.keys() would copy the keys of every object checked), known
  // fields first: the guard is then paid only for an unknown one (half the time, measured).
  for (const field in value) {
    if (!allowed.includes(field) && hasOwn.call(value, field)) problems.error('unknown-field', at(pointer, field), 'unknownField', { object: what, field }, suggestion(field, allowed));
  }
}

const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

function checkRequest(raw: unknown, problems: Problems): boolean {
  if (!isObject(raw)) {
    if (raw === undefined) problems.error('invalid-scenario', '/request', 'missingRequest', {});
    else problems.error('invalid-scenario', '/request', 'notObject', { field: 'request' });
    return false;
  }
  const errorsBefore = problems.errorCount;
  unknownFields(raw, REQUEST_FIELDS, '/request', 'request', problems);
  // Each field read by name (a loop over the names made every read a keyed, megamorphic one).
  const { principal, action, resource } = raw;
  if (typeof principal !== 'string' || principal === '') problems.error('invalid-request', '/request/principal', 'notNonEmptyString', { field: 'request.principal' });
  if (typeof action !== 'string' || action === '') problems.error('invalid-request', '/request/action', 'notNonEmptyString', { field: 'request.action' });
  if (resource !== undefined && typeof resource !== 'string') problems.error('invalid-request', '/request/resource', 'notString', { field: 'request.resource' });
  const context = raw['context'];
  if (context !== undefined) {
    if (!isObject(context)) problems.error('invalid-request', '/request/context', 'contextShape', {});
    else {
      for (const key in context) {
        if (!hasOwn.call(context, key)) continue;
        const value = own(context, key);
        if (!(scalar(value) || (Array.isArray(value) && value.every(scalar)))) {
          problems.error('invalid-context', at('/request/context', key), 'contextValue', { key });
        }
      }
    }
  }
  if (typeof action === 'string' && action !== '') {
    const one = oneAction(action);
    const hint = !one.ok && one.why !== 'not-one-action' && one.suggestion !== undefined ? { suggestion: one.suggestion } : undefined;
    if (one.ok) {
      // nothing to report
    } else if (one.why === 'not-one-action') {
      problems.error('invalid-action', '/request/action', 'notOneAction', { action });
    } else if (one.why === 'unknown-service') {
      problems.error('unknown-service', '/request/action', 'unknownService', { service: one.service }, hint);
    } else {
      problems.error('unknown-action', '/request/action', 'unknownAction', { action, service: one.service, matchesNothing: false }, hint);
    }
  }
  return problems.errorCount === errorsBefore;
}

function stringMap(raw: unknown, pointer: string, problems: Problems): Map<string, string> | undefined {
  if (!isObject(raw) || !Object.values(raw).every((v) => typeof v === 'string')) {
    problems.error('invalid-scenario', pointer, 'encryptionContextShape', {});
    return undefined;
  }
  return new Map(Object.entries(raw as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
}

/** `kmsGrants`: each grant's grantee, operations (`Decrypt`, with or without `kms:`) and constraints. */
function compileGrants(raw: unknown, problems: Problems): CompiledGrant[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) {
    problems.error('invalid-scenario', '/kmsGrants', 'grantsShape', {});
    return undefined;
  }
  return raw.flatMap((g: unknown, i): CompiledGrant[] => {
    const p = `/kmsGrants/${i}`;
    if (!isObject(g)) {
      problems.error('invalid-scenario', p, 'grantShape', {});
      return [];
    }
    unknownFields(g, GRANT_FIELDS, p, 'grant', problems);
    const before = problems.list.length;
    if (typeof g['grantee'] !== 'string' || g['grantee'] === '') problems.error('invalid-scenario', at(p, 'grantee'), 'granteeShape', {});
    const operations = g['operations'];
    if (!Array.isArray(operations) || operations.length === 0 || !operations.every((o) => typeof o === 'string' && o !== '')) {
      problems.error('invalid-scenario', at(p, 'operations'), 'operationsShape', {});
    } else {
      operations.forEach((o: string, j) => {
        const name = o.replace(/^kms:/i, '');
        if (!findAction('kms', name)) problems.error('unknown-action', at(at(p, 'operations'), j), 'notKmsOperation', { operation: o }, suggestion(name, actionNames('kms')));
      });
    }
    if (g['name'] !== undefined && typeof g['name'] !== 'string') problems.error('invalid-scenario', at(p, 'name'), 'notString', { field: 'name' });
    let subset: Map<string, string> | undefined;
    let equals: Map<string, string> | undefined;
    const constraints = g['constraints'];
    if (constraints !== undefined) {
      const cp = at(p, 'constraints');
      if (!isObject(constraints)) problems.error('invalid-scenario', cp, 'constraintsShape', {});
      else {
        unknownFields(constraints, CONSTRAINT_FIELDS, cp, 'constraints', problems);
        for (const field of ['encryptionContextSubset', 'EncryptionContextSubset', 'encryptionContextEquals', 'EncryptionContextEquals']) {
          if (own(constraints, field) === undefined) continue;
          const pairs = stringMap(own(constraints, field), at(cp, field), problems);
          if (field.endsWith('Subset')) subset = pairs;
          else equals = pairs;
        }
      }
    }
    if (problems.list.length !== before) return [];
    return [
      {
        label: typeof g['name'] === 'string' ? g['name'] : `kmsGrants[${i}]`,
        grantee: g['grantee'] as string,
        operations: new Set((operations as string[]).map((o) => `kms:${o.replace(/^kms:/i, '')}`.toLowerCase())),
        ...(subset && { subset }),
        ...(equals && { equals }),
      },
    ];
  });
}

function compileOrganization(raw: unknown, problems: Problems): string | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) {
    problems.error('invalid-scenario', '/organization', 'organizationShape', {});
    return undefined;
  }
  unknownFields(raw, ORGANIZATION_FIELDS, '/organization', 'organization', problems);
  const account = raw['managementAccount'];
  if (account === undefined) return undefined;
  if (typeof account !== 'string' || !/^\d{12}$/.test(account)) {
    problems.error('invalid-scenario', '/organization/managementAccount', 'managementAccount', {});
    return undefined;
  }
  return account;
}

/** Compile a scenario: every problem is collected before failing. */
export function compileScenario(input: unknown): CompileResult {
  const problems = new Problems();
  if (!isObject(input)) {
    problems.error('invalid-scenario', '', 'scenarioShape', {});
    return { ok: false, problems: problems.list };
  }
  unknownFields(input, SCENARIO_FIELDS, '', 'scenario', problems);
  const requestOk = checkRequest(input['request'], problems);

  // A policy in a list is labelled `list[index]` when it has no name: the label is made only then.
  const one = (field: string, type: PolicyType, list: string, index: number, target?: string, pointer = `/${field}`, raw: unknown = own(input, field)): CompiledPolicy | undefined => {
    if (!isObject(raw)) {
      problems.error('invalid-scenario', pointer, 'policyEntryShape', { field });
      return undefined;
    }
    unknownFields(raw, POLICY_FIELDS, pointer, 'policy', problems);
    const name = raw['name'];
    const arn = raw['arn'];
    if (name !== undefined && typeof name !== 'string') problems.error('invalid-scenario', at(pointer, 'name'), 'notString', { field: 'name' });
    if (arn !== undefined && typeof arn !== 'string') problems.error('invalid-scenario', at(pointer, 'arn'), 'notString', { field: 'arn' });
    const document = raw['document'];
    if (document === undefined) {
      problems.error('invalid-scenario', pointer, 'missingDocument', {});
      return undefined;
    }
    const label = typeof name === 'string' ? name : typeof arn === 'string' ? arn : index < 0 ? list : `${list}[${index}]`;
    const parsed = parsePolicy(document, type, label, at(pointer, 'document'), problems);
    if (!parsed) return undefined;
    return compilePolicy(parsed, problems, target);
  };
  const many = (field: string, type: PolicyType): CompiledPolicy[] | undefined => {
    const raw = own(input, field);
    if (raw === undefined) return undefined;
    if (!Array.isArray(raw)) {
      problems.error('invalid-scenario', `/${field}`, 'policyList', { field });
      return undefined;
    }
    // A policy that does not compile is an error: the list is then never used.
    const pointer = `/${field}`;
    return raw.map((p, i) => one(field, type, field, i, undefined, at(pointer, i), p)) as CompiledPolicy[];
  };
  const levels = (field: string, type: PolicyType): CompiledPolicy[][] | undefined => {
    const raw = own(input, field);
    if (raw === undefined) return undefined;
    if (!Array.isArray(raw)) {
      problems.error('invalid-scenario', `/${field}`, 'levelList', { field });
      return undefined;
    }
    const pointer = `/${field}`;
    return raw.map((level, i) => {
      const p = at(pointer, i);
      if (!isObject(level)) {
        problems.error('invalid-scenario', p, 'levelShape', {});
        return [];
      }
      unknownFields(level, LEVEL_FIELDS, p, 'level', problems);
      const target = typeof level['target'] === 'string' ? level['target'] : `level ${i}`;
      if (level['target'] !== undefined && typeof level['target'] !== 'string') problems.error('invalid-scenario', at(p, 'target'), 'notString', { field: 'target' });
      if (!Array.isArray(level['policies'])) {
        problems.error('invalid-scenario', at(p, 'policies'), 'notArray', { field: 'policies' });
        return [];
      }
      const policies = at(p, 'policies');
      return level['policies'].map((policy, j) => one(field, type, target, j, target, at(policies, j), policy)) as CompiledPolicy[];
    });
  };

  const identity = many('identityPolicies', 'identity') ?? [];
  const session = many('sessionPolicies', 'session');
  const permissionsBoundary = input['permissionsBoundary'] === undefined ? undefined : one('permissionsBoundary', 'permissions-boundary', 'permissionsBoundary', -1);
  const resource = input['resourcePolicy'] === undefined ? undefined : one('resourcePolicy', 'resource', 'resourcePolicy', -1);
  const vpcEndpoint = input['vpcEndpointPolicy'] === undefined ? undefined : one('vpcEndpointPolicy', 'vpc-endpoint', 'vpcEndpointPolicy', -1);
  const scpLevels = levels('serviceControlPolicies', 'scp');
  const rcpLevels = levels('resourceControlPolicies', 'rcp');
  const kmsGrants = compileGrants(input['kmsGrants'], problems);
  const managementAccount = compileOrganization(input['organization'], problems);

  let request: Request | undefined;
  if (requestOk) {
    const built = buildRequest(input['request'] as Scenario['request']);
    if (built.ok) request = built.request;
    else for (const p of built.problems) problems.error('invalid-principal', p.pointer, 'badPrincipal', p.data);
  }
  if (problems.hasErrors || !request) return { ok: false, problems: problems.list };
  // Every KMS key has a key policy and every role a trust policy; without one given, whydenied decides as if it allowed nothing.
  const explicit = explicitResourcePolicy(request);
  if (explicit && !resource) {
    problems.warning('missing-resource-policy', '/resourcePolicy', 'missingResourcePolicy', { policy: explicit === 'key-policy' ? 'key-policy' : 'trust-policy' });
  }
  return {
    ok: true,
    value: {
      scenario: input as unknown as Scenario,
      request,
      // Every field, absent ones undefined: one shape (no spreads).
      policies: { identity, permissionsBoundary, session, scpLevels, rcpLevels, resource, vpcEndpoint, kmsGrants, managementAccount },
      warnings: problems.list,
    },
  };
}
