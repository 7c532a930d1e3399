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
import { checkPolicyAgainstCatalog } from '../policy/catalog-checks.js';
import { parsePolicy } from '../policy/parse.js';
import { at, didYouMean, Problems, type Problem } from '../policy/problems.js';
import { oneAction } from '../policy/one-action.js';
import { buildRequest, type Request } from '../request/request.js';
import type { Scenario } from './types.js';
import { POLICY_SLOT_FIELDS } from './from-policies.js';
import { own } from '../own.js';

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
const REQUIRED_REQUEST_FIELDS = ['principal', 'action'] as const;
const NAME_FIELDS = ['name', 'arn'] as const;
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
  // for...in with an own-property guard: Object.keys() would copy the keys of every object checked.
  for (const field in value) {
    if (Object.hasOwn(value, field) && !allowed.includes(field)) problems.error('unknown-field', at(pointer, field), `unknown ${what} field \`${field}\``, didYouMean(field, allowed));
  }
}

const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

function checkRequest(raw: unknown, problems: Problems): boolean {
  if (!isObject(raw)) {
    problems.error('invalid-scenario', '/request', raw === undefined ? 'the scenario has no `request`' : '`request` must be an object');
    return false;
  }
  const errorsBefore = problems.errorCount;
  unknownFields(raw, REQUEST_FIELDS, '/request', 'request', problems);
  for (const field of REQUIRED_REQUEST_FIELDS) {
    if (typeof raw[field] !== 'string' || raw[field] === '') problems.error('invalid-request', at('/request', field), `\`request.${field}\` must be a non-empty string`);
  }
  if (raw['resource'] !== undefined && typeof raw['resource'] !== 'string') problems.error('invalid-request', '/request/resource', '`request.resource` must be a string');
  const context = raw['context'];
  if (context !== undefined) {
    if (!isObject(context)) problems.error('invalid-request', '/request/context', '`request.context` must be an object of context keys');
    else {
      for (const key in context) {
        if (!Object.hasOwn(context, key)) continue;
        const value = own(context, key);
        if (!(scalar(value) || (Array.isArray(value) && value.every(scalar)))) {
          problems.error('invalid-context', at('/request/context', key), `the value of \`${key}\` must be a string, number, boolean or an array of them`);
        }
      }
    }
  }
  const action = raw['action'];
  if (typeof action === 'string' && action !== '') {
    const one = oneAction(action);
    const hint = !one.ok && one.why !== 'not-one-action' && one.suggestion !== undefined ? `did you mean \`${one.suggestion}\`?` : undefined;
    if (one.ok) {
      // nothing to report
    } else if (one.why === 'not-one-action') {
      problems.error('invalid-action', '/request/action', `\`${action}\` is not one action: write \`service:Action\`, e.g. \`connect:StartChatContact\``);
    } else if (one.why === 'unknown-service') {
      problems.error('unknown-service', '/request/action', `\`${one.service}\` is not an AWS service prefix`, hint);
    } else {
      problems.error('unknown-action', '/request/action', `\`${action}\` is not an action of \`${one.service}\``, hint);
    }
  }
  return problems.errorCount === errorsBefore;
}

function stringMap(raw: unknown, pointer: string, problems: Problems): Map<string, string> | undefined {
  if (!isObject(raw) || !Object.values(raw).every((v) => typeof v === 'string')) {
    problems.error('invalid-scenario', pointer, 'an encryption context must be an object of strings');
    return undefined;
  }
  return new Map(Object.entries(raw as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
}

/** `kmsGrants`: each grant's grantee, operations (`Decrypt`, with or without `kms:`) and constraints. */
function compileGrants(raw: unknown, problems: Problems): CompiledGrant[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) {
    problems.error('invalid-scenario', '/kmsGrants', '`kmsGrants` must be an array of grants `{ "grantee": ARN, "operations": ["Decrypt"] }`');
    return undefined;
  }
  return raw.flatMap((g: unknown, i): CompiledGrant[] => {
    const p = `/kmsGrants/${i}`;
    if (!isObject(g)) {
      problems.error('invalid-scenario', p, 'a grant must be an object `{ "grantee": ARN, "operations": ["Decrypt"] }`');
      return [];
    }
    unknownFields(g, GRANT_FIELDS, p, 'grant', problems);
    const before = problems.list.length;
    if (typeof g['grantee'] !== 'string' || g['grantee'] === '') problems.error('invalid-scenario', at(p, 'grantee'), '`grantee` must be a principal ARN or a service principal');
    const operations = g['operations'];
    if (!Array.isArray(operations) || operations.length === 0 || !operations.every((o) => typeof o === 'string' && o !== '')) {
      problems.error('invalid-scenario', at(p, 'operations'), '`operations` must be a non-empty array of KMS operations, e.g. `["Decrypt"]`');
    } else {
      operations.forEach((o: string, j) => {
        const name = o.replace(/^kms:/i, '');
        if (!findAction('kms', name)) problems.error('unknown-action', at(at(p, 'operations'), j), `\`${o}\` is not a KMS operation`, didYouMean(name, actionNames('kms')));
      });
    }
    if (g['name'] !== undefined && typeof g['name'] !== 'string') problems.error('invalid-scenario', at(p, 'name'), '`name` must be a string');
    let subset: Map<string, string> | undefined;
    let equals: Map<string, string> | undefined;
    const constraints = g['constraints'];
    if (constraints !== undefined) {
      const cp = at(p, 'constraints');
      if (!isObject(constraints)) problems.error('invalid-scenario', cp, '`constraints` must be an object `{ "encryptionContextSubset": {...} }`');
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
    problems.error('invalid-scenario', '/organization', '`organization` must be an object `{ "managementAccount": "111122223333" }`');
    return undefined;
  }
  unknownFields(raw, ORGANIZATION_FIELDS, '/organization', 'organization', problems);
  const account = raw['managementAccount'];
  if (account === undefined) return undefined;
  if (typeof account !== 'string' || !/^\d{12}$/.test(account)) {
    problems.error('invalid-scenario', '/organization/managementAccount', '`managementAccount` must be a 12-digit account ID');
    return undefined;
  }
  return account;
}

/** Compile a scenario: every problem is collected before failing. */
export function compileScenario(input: unknown): CompileResult {
  const problems = new Problems();
  if (!isObject(input)) {
    problems.error('invalid-scenario', '', 'a scenario must be an object with a `request` and its policies');
    return { ok: false, problems: problems.list };
  }
  unknownFields(input, SCENARIO_FIELDS, '', 'scenario', problems);
  const requestOk = checkRequest(input['request'], problems);

  // A policy in a list is labelled `list[index]` when it has no name: the label is made only then.
  const one = (field: string, type: PolicyType, list: string, index: number, target?: string, pointer = `/${field}`, raw: unknown = own(input, field)): CompiledPolicy | undefined => {
    if (!isObject(raw)) {
      problems.error('invalid-scenario', pointer, `\`${field}\` must be an object \`{ "name": "...", "document": {...} }\``);
      return undefined;
    }
    unknownFields(raw, POLICY_FIELDS, pointer, 'policy', problems);
    for (const f of NAME_FIELDS) {
      if (raw[f] !== undefined && typeof raw[f] !== 'string') problems.error('invalid-scenario', at(pointer, f), `\`${f}\` must be a string`);
    }
    if (raw['document'] === undefined) {
      problems.error('invalid-scenario', pointer, 'the policy has no `document`');
      return undefined;
    }
    const name = typeof raw['name'] === 'string' ? raw['name'] : typeof raw['arn'] === 'string' ? raw['arn'] : index < 0 ? list : `${list}[${index}]`;
    const parsed = parsePolicy(raw['document'], type, name, at(pointer, 'document'), problems);
    if (!parsed) return undefined;
    checkPolicyAgainstCatalog(parsed, problems);
    return compilePolicy(parsed, problems, target);
  };
  const many = (field: string, type: PolicyType): CompiledPolicy[] | undefined => {
    const raw = own(input, field);
    if (raw === undefined) return undefined;
    if (!Array.isArray(raw)) {
      problems.error('invalid-scenario', `/${field}`, `\`${field}\` must be an array of policies`);
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
      problems.error('invalid-scenario', `/${field}`, `\`${field}\` must be an array of levels \`{ "target": "r-root", "policies": [...] }\`, root first`);
      return undefined;
    }
    const pointer = `/${field}`;
    return raw.map((level, i) => {
      const p = at(pointer, i);
      if (!isObject(level)) {
        problems.error('invalid-scenario', p, 'a level must be an object `{ "target": "...", "policies": [...] }`');
        return [];
      }
      unknownFields(level, LEVEL_FIELDS, p, 'level', problems);
      const target = typeof level['target'] === 'string' ? level['target'] : `level ${i}`;
      if (level['target'] !== undefined && typeof level['target'] !== 'string') problems.error('invalid-scenario', at(p, 'target'), '`target` must be a string');
      if (!Array.isArray(level['policies'])) {
        problems.error('invalid-scenario', at(p, 'policies'), '`policies` must be an array');
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
    else for (const p of built.problems) problems.error('invalid-principal', p.pointer, p.message);
  }
  if (problems.hasErrors || !request) return { ok: false, problems: problems.list };
  // Every KMS key has a key policy and every role a trust policy; without one given, whydenied decides as if it allowed nothing.
  const explicit = explicitResourcePolicy(request);
  if (explicit && !resource) {
    const what = explicit === 'key-policy' ? 'the KMS key\'s key policy' : 'the role\'s trust policy';
    problems.warning('missing-resource-policy', '/resourcePolicy', `no \`resourcePolicy\` given: ${what} must allow this request explicitly, so whydenied decides as if it allowed nothing`);
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
