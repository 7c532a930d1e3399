/**
 * CloudFormation templates (JSON, or YAML whose intrinsic tags src/lint/source.ts has turned into their
 * `Fn::` form): every policy of AWS::IAM::Policy, ManagedPolicy, RolePolicy, UserPolicy, GroupPolicy, and
 * the inline `Policies` of AWS::IAM::Role, User and Group; the resource-based policies (a role's trust
 * policy, S3 bucket, SQS queue, SNS topic and KMS key policies, AWS::Lambda::Permission), each with what
 * holds it. Values only known at deployment (`Ref`,
 * `Fn::Sub` variables, `Fn::GetAtt`, `Fn::ImportValue`...) become unknown tokens (./unknown.ts);
 * `Fn::If` is read as both of its branches in a list and as its first branch elsewhere.
 */
import { at } from '../policy/problems.js';
import type { PolicyHolder, SourcePolicy } from './types.js';
import { isWhollyUnknown, unknownToken } from './unknown.js';
import { own, setOwn } from '../own.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `{ "Ref": ... }` or `{ "Fn::Xxx": ... }`: the intrinsic's name and argument. */
function intrinsic(v: unknown): { name: string; arg: unknown } | undefined {
  if (!isObject(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  const k = keys[0]!;
  return k === 'Ref' || k.startsWith('Fn::') ? { name: k, arg: own(v, k) } : undefined;
}

const isNoValue = (v: unknown) => intrinsic(v)?.name === 'Ref' && intrinsic(v)?.arg === 'AWS::NoValue';

/** `Fn::Sub` text: `${Name}` is a variable (from the map, else unknown), `${!Text}` is the literal `${Text}`. */
function substitute(template: string, vars: Record<string, unknown>): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('${', i);
    const close = open < 0 ? -1 : template.indexOf('}', open + 2);
    if (open < 0 || close < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, open);
    const inner = template.slice(open + 2, close);
    if (inner.startsWith('!')) out += `\${${inner.slice(1)}}`;
    else out += Object.hasOwn(vars, inner) ? asString(own(vars, inner)) : unknownToken(inner);
    i = close + 1;
  }
  return out;
}

/** A value in a place that takes a string: intrinsics resolve to text with unknown tokens. */
export function asString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const fn = intrinsic(v);
  if (!fn) return unknownToken('value');
  const { name, arg } = fn;
  switch (name) {
    case 'Ref':
      return unknownToken(typeof arg === 'string' ? arg : 'Ref');
    case 'Fn::Sub':
      if (typeof arg === 'string') return substitute(arg, {});
      if (Array.isArray(arg) && typeof arg[0] === 'string') return substitute(arg[0], isObject(arg[1]) ? arg[1] : {});
      return unknownToken('Sub');
    case 'Fn::Join':
      if (Array.isArray(arg) && Array.isArray(arg[1])) {
        return (arg[1] as unknown[])
          .filter((p) => !isNoValue(p))
          .map(asString)
          .join(asString(arg[0] ?? ''));
      }
      return unknownToken('Join');
    case 'Fn::GetAtt':
      return unknownToken(Array.isArray(arg) ? arg.map((a) => (typeof a === 'string' ? a : '?')).join('.') : typeof arg === 'string' ? arg : 'GetAtt');
    case 'Fn::If': {
      const branch = Array.isArray(arg) ? [arg[1], arg[2]].find((b) => b !== undefined && !isNoValue(b)) : undefined;
      return branch === undefined ? unknownToken('If') : asString(branch);
    }
    case 'Fn::Select':
      if (Array.isArray(arg) && Array.isArray(arg[1]) && /^\d+$/.test(String(arg[0]))) {
        const picked = (arg[1] as unknown[])[Number(arg[0])];
        if (picked !== undefined) return asString(picked);
      }
      return unknownToken('Select');
    case 'Fn::ImportValue':
      return unknownToken(typeof arg === 'string' ? `ImportValue ${arg}` : 'ImportValue');
    default:
      return unknownToken(name.slice('Fn::'.length));
  }
}

const NO_VALUE = Symbol('AWS::NoValue');

/** The document as linted, and where each of its places is in the template. */
function buildView(raw: unknown, source: string): { document: unknown; origin: (pointer: string) => string } {
  const origins = new Map<string, string>();
  const view = (v: unknown, src: string, dst: string, into: Map<string, string>, statementList: boolean): unknown => {
    into.set(dst, src);
    const fn = intrinsic(v);
    if (fn) {
      if (isNoValue(v)) return NO_VALUE;
      if (fn.name === 'Fn::If' && Array.isArray(fn.arg)) {
        const k = [1, 2].find((b) => (fn.arg as unknown[])[b] !== undefined && !isNoValue((fn.arg as unknown[])[b]));
        return k === undefined ? NO_VALUE : view((fn.arg as unknown[])[k], at(at(src, fn.name), k), dst, into, statementList);
      }
      return asString(v);
    }
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      const add = (item: unknown, src: string) => {
        const mine = new Map<string, string>();
        const r = view(item, src, at(dst, out.length), mine, false);
        if (r === NO_VALUE || (statementList && typeof r === 'string' && isWhollyUnknown(r))) return;
        for (const [k, s] of mine) into.set(k, s);
        out.push(r);
      };
      v.forEach((item, i) => {
        const fi = intrinsic(item);
        if (fi?.name === 'Fn::If' && Array.isArray(fi.arg)) {
          // In a list, a condition's two branches are both possible: lint both.
          for (const b of [1, 2]) {
            const branch = (fi.arg as unknown[])[b];
            if (branch !== undefined && !isNoValue(branch)) add(branch, at(at(at(src, i), 'Fn::If'), b));
          }
        } else add(item, at(src, i));
      });
      return out;
    }
    if (isObject(v)) {
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v)) {
        const r = view(item, at(src, k), at(dst, k), into, k === 'Statement');
        if (r !== NO_VALUE) setOwn(out, k, r);
      }
      return out;
    }
    return v;
  };
  const document = view(raw, source, '', origins, false);
  const origin = (pointer: string): string => {
    let p = pointer;
    for (;;) {
      const found = origins.get(p);
      if (found !== undefined) return found + pointer.slice(p.length);
      if (p === '') return source + pointer;
      p = p.slice(0, p.lastIndexOf('/'));
    }
  };
  return { document: document === NO_VALUE ? undefined : document, origin };
}

/** Resource-based policies of a template: the property that holds the document, and what holds it. */
const RESOURCE_POLICIES: Readonly<Record<string, { property: string; name: string; holder: PolicyHolder }>> = {
  'AWS::IAM::Role': { property: 'AssumeRolePolicyDocument', name: 'AssumeRolePolicyDocument', holder: { kind: 'trust', service: 'sts' } },
  'AWS::S3::BucketPolicy': { property: 'PolicyDocument', name: 'BucketPolicy', holder: { kind: 'bucket', service: 's3' } },
  'AWS::SQS::QueuePolicy': { property: 'PolicyDocument', name: 'QueuePolicy', holder: { kind: 'queue', service: 'sqs' } },
  'AWS::SNS::TopicPolicy': { property: 'PolicyDocument', name: 'TopicPolicy', holder: { kind: 'topic', service: 'sns' } },
  'AWS::KMS::Key': { property: 'KeyPolicy', name: 'KeyPolicy', holder: { kind: 'key', service: 'kms' } },
};

/**
 * AWS::Lambda::Permission is one statement of the function's resource-based policy, written as properties:
 * linted as that statement, each place pointing back at its property.
 */
function lambdaPermission(id: string, props: Record<string, unknown>): SourcePolicy | undefined {
  if (props['Action'] === undefined) return undefined;
  const base = at(at('/Resources', id), 'Properties');
  const principal = asString(props['Principal']);
  const fn = asString(props['FunctionName']);
  const statement: Record<string, unknown> = {
    Effect: 'Allow',
    Principal: /\.amazonaws\.com(\.cn)?$/.test(principal) ? { Service: principal } : { AWS: principal },
    Action: asString(props['Action']),
    // A function name (not an ARN) names the function in the permission's own account and Region.
    Resource: fn.startsWith('arn:') || isWhollyUnknown(fn) ? fn : '*',
  };
  const places: readonly (readonly [string, string])[] = [
    ['/Statement/0/Action', at(base, 'Action')],
    ['/Statement/0/Principal', at(base, 'Principal')],
    ['/Statement/0/Resource', at(base, 'FunctionName')],
  ];
  const origin = (pointer: string) => places.find(([k]) => pointer === k || pointer.startsWith(`${k}/`))?.[1] ?? base;
  return { type: 'resource', name: 'Permission', resource: id, document: { Version: '2012-10-17', Statement: [statement] }, pointer: base, embedded: false, origin, scope: [`function:${id}`], holder: { kind: 'function', service: 'lambda' } };
}

const POLICY_TYPES = new Set(['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy', 'AWS::IAM::UserPolicy', 'AWS::IAM::GroupPolicy']);
const PRINCIPAL_TYPES: Readonly<Record<string, string>> = { 'AWS::IAM::Role': 'role', 'AWS::IAM::User': 'user', 'AWS::IAM::Group': 'group' };

/** Whether a parsed JSON or YAML value looks like a CloudFormation template. */
export function isCloudFormation(value: unknown): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  if (value['AWSTemplateFormatVersion'] !== undefined) return true;
  const resources = value['Resources'];
  return isObject(resources) && Object.values(resources).some((r) => isObject(r) && typeof r['Type'] === 'string' && /^(AWS|Custom|Alexa)::/.test(r['Type']));
}

/** A principal a policy is attached to: `Ref` to a resource in the template, or a literal name. */
function principalKeys(kind: string, value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.flatMap((v) => {
    const fn = intrinsic(v);
    if (fn?.name === 'Ref' && typeof fn.arg === 'string') return [`${kind}:ref:${fn.arg}`];
    if (typeof v === 'string') return [`${kind}:name:${v}`];
    return [];
  });
}

/** Every IAM policy of a template; `Resources` entries that are not objects are left alone. */
export function cloudFormationPolicies(template: Record<string, unknown>): SourcePolicy[] {
  const resources = isObject(template['Resources']) ? template['Resources'] : {};
  const policies: SourcePolicy[] = [];
  // Managed policies attached by roles, users and groups through ManagedPolicyArns: [!Ref Policy].
  const attachedBy = new Map<string, string[]>();
  for (const [id, r] of Object.entries(resources)) {
    if (!isObject(r) || typeof r['Type'] !== 'string' || !own(PRINCIPAL_TYPES, r['Type']) || !isObject(r['Properties'])) continue;
    const arns = r['Properties']['ManagedPolicyArns'];
    for (const v of Array.isArray(arns) ? arns : []) {
      const fn = intrinsic(v);
      if (fn?.name === 'Ref' && typeof fn.arg === 'string') attachedBy.set(fn.arg, [...(attachedBy.get(fn.arg) ?? []), `${own(PRINCIPAL_TYPES, r['Type'])}:ref:${id}`]);
    }
  }
  const add = (resource: string, name: unknown, raw: unknown, pointer: string, scope: string[], holder?: PolicyHolder) => {
    if (raw === undefined) return;
    const { document, origin } = buildView(raw, pointer);
    if (document === undefined || (typeof document === 'string' && isWhollyUnknown(document))) return; // known only at deployment
    policies.push({ type: holder ? 'resource' : 'identity', name: name === undefined ? resource : asString(name), resource, document, pointer, embedded: false, origin, scope, ...(holder && { holder }) });
  };
  for (const [id, r] of Object.entries(resources)) {
    if (!isObject(r) || typeof r['Type'] !== 'string') continue;
    const props = isObject(r['Properties']) ? r['Properties'] : {};
    const base = at(at(at('/Resources', id), 'Properties'), 'PolicyDocument');
    if (POLICY_TYPES.has(r['Type'])) {
      const scope = [
        ...principalKeys('role', props['Roles']),
        ...principalKeys('user', props['Users']),
        ...principalKeys('group', props['Groups']),
        ...principalKeys('role', props['RoleName']),
        ...principalKeys('user', props['UserName']),
        ...principalKeys('group', props['GroupName']),
        ...(attachedBy.get(id) ?? []),
      ];
      add(id, props['PolicyName'] ?? props['ManagedPolicyName'], props['PolicyDocument'], base, scope.length > 0 ? scope : [`policy:${id}`]);
    }
    const held = own(RESOURCE_POLICIES, r['Type']);
    if (held) add(id, held.name, own(props, held.property), at(at(at('/Resources', id), 'Properties'), held.property), [`${held.holder.kind}:${id}`], held.holder);
    if (r['Type'] === 'AWS::Lambda::Permission') {
      const permission = lambdaPermission(id, props);
      if (permission) policies.push(permission);
    }
    const kind = own(PRINCIPAL_TYPES, r['Type']);
    if (kind && Array.isArray(props['Policies'])) {
      const nameKey = kind === 'role' ? 'RoleName' : kind === 'user' ? 'UserName' : 'GroupName';
      const scope = [`${kind}:ref:${id}`, ...principalKeys(kind, props[nameKey])];
      props['Policies'].forEach((p, i) => {
        if (!isObject(p)) return;
        const pointer = at(at(at(at(at('/Resources', id), 'Properties'), 'Policies'), i), 'PolicyDocument');
        add(id, p['PolicyName'] ?? `Policies[${i}]`, p['PolicyDocument'], pointer, scope);
      });
    }
  }
  return policies;
}
