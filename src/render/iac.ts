/**
 * An IAM policy document in the formats people deploy with: plain JSON (for `aws iam put-role-policy`),
 * a CloudFormation `AWS::IAM::ManagedPolicy`, a Terraform `aws_iam_policy`, or an aws-cdk-lib v2
 * `iam.ManagedPolicy`. Every format carries the document exactly (test/iac.test.ts parses each one back),
 * is deterministic, and escapes what its own syntax treats specially: CloudFormation's `${!...}` inside
 * `!Sub`, HCL's `$${` / `%%{`, and `${` / backticks in TypeScript template literals, so IAM policy
 * variables such as `${aws:username}` always stay literal.
 *
 * What a format cannot carry (see the test file for the exact emulations):
 *  - terraform: `jsonencode` writes object keys sorted, and Terraform (cty) normalizes every string to
 *    Unicode NFC;
 *  - cdk: `PolicyStatement` takes lists, so a single `"Action": "x"` is written as `actions: ['x']` (the
 *    CDK then prints one-element lists as plain strings), and the CDK always writes Version 2012-10-17;
 *    it also refuses actions that are not `service:Name` patterns at synth time.
 */
import { own } from '../own.js';

import type { FixHolder } from '../remedy/fix.js';

export type IacFormat = 'json' | 'cloudformation' | 'terraform' | 'cdk';

import type { PolicyDocument } from '../policy/document.js';

export type { ConditionValue, PolicyDocument, PolicyStatement as Statement } from '../policy/document.js';

export interface IacOptions {
  /** The managed policy's name, e.g. "ChatStarterStartChatContact"; identifiers are derived from it. */
  name: string;
  description?: string;
  /** Attach the managed policy to this role or user (by name). */
  attachTo?: { kind: 'role' | 'user'; name: string };
  /**
   * Replace these literal values in the partition / region / account fields of ARNs (in Resource,
   * NotResource and condition values) with the format's own references. `partition: true` replaces any
   * literal `aws…` partition. Ignored by the json format, which has no references.
   */
  parameterize?: { region?: string; account?: string; partition?: boolean };
  /** Appended to the CloudFormation logical id and CDK construct id (a new policy named after its role must not take the role's id). */
  idSuffix?: string;
}

/** Render `document` in `format`; the text ends with a newline. Throws on an invalid policy name. */
export function renderPolicy(document: PolicyDocument, format: IacFormat, options: IacOptions): string {
  checkName(options.name, 'policy name', 128);
  if (options.attachTo) checkName(options.attachTo.name, `${options.attachTo.kind} name`, 64);
  switch (format) {
    case 'json':
      return `${JSON.stringify(document, null, 2)}\n`;
    case 'cloudformation':
      return renderCloudFormation(document, options);
    case 'terraform':
      return renderTerraform(document, options);
    case 'cdk':
      return renderCdk(document, options);
    default:
      throw new Error(`unknown format ${JSON.stringify(format)}: expected json, cloudformation, terraform or cdk`);
  }
}

function checkName(name: string, what: string, max: number): void {
  if (!/^[\w+=,.@-]+$/.test(name) || name.length > max) {
    throw new Error(`invalid ${what} ${JSON.stringify(name)}: IAM allows 1 to ${max} letters, digits and + = , . @ _ -`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// The document as a value tree whose ARN strings may hold references.

type Ref = 'partition' | 'region' | 'account';
type Part = string | { readonly ref: Ref };

/** A string made of literal text and references (only ever whole ARN fields, so never right after a `$`). */
class Interpolated {
  constructor(readonly parts: readonly Part[]) {}
}

/** A JSON object as ordered entries (so that even a `__proto__` key is just a key). */
class Entries {
  constructor(readonly entries: readonly (readonly [string, Value])[]) {}
}

type Value = string | number | boolean | null | Interpolated | Entries | readonly Value[];

type Parameterize = NonNullable<IacOptions['parameterize']>;

/** Split an ARN into literal text and references to its partition / region / account fields. */
function parameterizeArn(text: string, p: Parameterize | undefined): string | Interpolated {
  if (!p || !text.startsWith('arn:')) return text;
  const fields = text.split(':');
  if (fields.length < 6) return text;
  const [, partition = '', service = '', region = '', account = ''] = fields;
  const rest = fields.slice(5).join(':');
  const refs: Record<Ref, boolean> = {
    partition: p.partition === true && /^aws(-[a-z]+)*$/.test(partition),
    region: !!p.region && region === p.region,
    account: !!p.account && account === p.account,
  };
  if (!refs.partition && !refs.region && !refs.account) return text;
  const raw: Part[] = [
    'arn:',
    refs.partition ? { ref: 'partition' } : partition,
    `:${service}:`,
    refs.region ? { ref: 'region' } : region,
    ':',
    refs.account ? { ref: 'account' } : account,
    `:${rest}`,
  ];
  const parts: Part[] = [];
  for (const part of raw) {
    const last = parts[parts.length - 1];
    if (typeof part === 'string' && typeof last === 'string') parts[parts.length - 1] = last + part;
    else if (part !== '') parts.push(part);
  }
  return new Interpolated(parts);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON value as a tree; `arns` makes its strings candidates for parameterization. */
function toValue(v: unknown, p: Parameterize | undefined, arns: boolean, where: string): Value {
  if (typeof v === 'string') return arns ? parameterizeArn(v, p) : v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`${where}: ${v} is not a JSON number`);
    return v;
  }
  if (typeof v === 'boolean' || v === null) return v;
  if (Array.isArray(v)) return v.map((item, i) => toValue(item, p, arns, `${where}[${i}]`));
  if (isRecord(v)) return entries(v, (key, value) => toValue(value, p, arns, `${where}.${key}`));
  throw new Error(`${where}: ${typeof v} is not a JSON value`);
}

function entries(record: Record<string, unknown>, map: (key: string, value: unknown) => Value): Entries {
  // Like JSON.stringify, undefined properties are absent.
  return new Entries(Object.entries(record).filter(([, v]) => v !== undefined).map(([k, v]) => [k, map(k, v)] as const));
}

const ARN_FIELDS: ReadonlySet<string> = new Set(['Resource', 'NotResource', 'Condition']);

function statementValue(s: unknown, p: Parameterize | undefined, where: string): Value {
  if (!isRecord(s)) return toValue(s, p, false, where);
  return entries(s, (key, value) => toValue(value, p, ARN_FIELDS.has(key), `${where}.${key}`));
}

function documentValue(document: PolicyDocument, p: Parameterize | undefined): Value {
  if (!isRecord(document)) throw new Error('the policy document must be an object');
  return entries(document, (key, value) => {
    if (key !== 'Statement') return toValue(value, p, false, key);
    return Array.isArray(value) ? value.map((s, i) => statementValue(s, p, `Statement[${i}]`)) : statementValue(value, p, 'Statement');
  });
}

function usedRefs(v: Value, found = new Set<Ref>()): Set<Ref> {
  if (v instanceof Interpolated) for (const part of v.parts) if (typeof part !== 'string') found.add(part.ref);
  if (v instanceof Entries) for (const [, item] of v.entries) usedRefs(item, found);
  if (Array.isArray(v)) for (const item of v as readonly Value[]) usedRefs(item, found);
  return found;
}

const REF_ORDER: readonly Ref[] = ['partition', 'region', 'account'];

/** Each code point as \uXXXX (code points above U+FFFF as their surrogate pair). */
function hex4(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += `\\u${s.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`;
  return out;
}

/** Characters no format should print raw: controls, DEL, C1, line/paragraph separators, BOM, lone surrogates. */
function unprintable(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff;
}

// ---------------------------------------------------------------------------------------------------------
// Identifiers derived from the policy name.

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '');
}

/** CloudFormation logical id / CDK construct id: alphanumeric. */
function logicalId(name: string): string {
  const id = name
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
  return id === '' ? 'ManagedPolicy' : id;
}

/** Terraform resource name: snake_case, starting with a letter. */
function terraformName(name: string): string {
  const id = words(name).join('_').toLowerCase();
  return id === '' ? 'policy' : /^[0-9]/.test(id) ? `policy_${id}` : id;
}

// ---------------------------------------------------------------------------------------------------------
// CloudFormation (YAML).

const CFN_REFS: Record<Ref, string> = { partition: '${AWS::Partition}', region: '${AWS::Region}', account: '${AWS::AccountId}' };

/** Plain (unquoted) only when both YAML 1.1 (which CloudFormation follows) and YAML 1.2 read it back as this string. */
function yamlPlainSafe(s: string): boolean {
  if (s === '' || s.length > 1000) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`+.0-9 ]/.test(s) || s.endsWith(' ') || s.endsWith(':')) return false;
  if (s.includes(': ') || s.includes(' #') || s.includes('\t')) return false;
  if (/^[eE][-+]?[0-9]/.test(s)) return false; // the yaml package's YAML 1.1 reads "e7" as a float
  for (const ch of s) if (unprintable(ch)) return false;
  return !['y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null', '~', '<<', '='].includes(s.toLowerCase());
}

/**
 * Backslash escapes shared by YAML double-quoted scalars, HCL strings and TypeScript strings (same syntax
 * for these); `quote` is the string's own quote.
 */
function backslashEscaped(s: string, quote = '"'): string {
  let out = '';
  for (const ch of s) {
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (unprintable(ch)) out += hex4(ch);
    else out += ch;
  }
  return out;
}

function yamlQuoted(s: string): string {
  return `"${backslashEscaped(s)}"`;
}

function yamlString(s: string): string {
  return yamlPlainSafe(s) ? s : yamlQuoted(s);
}

/** A number both YAML 1.1 (whose floats need a dot and a signed exponent) and 1.2 read back. */
function yamlNumber(n: number): string {
  const text = JSON.stringify(n);
  const [mantissa = text, exponent] = text.split('e');
  if (exponent === undefined) return text;
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}e${/^[-+]/.test(exponent) ? exponent : `+${exponent}`}`;
}

/** The one-line form of a value, or undefined for a non-empty mapping or sequence. */
function yamlInline(v: Value): string | undefined {
  if (typeof v === 'string') return yamlString(v);
  if (typeof v === 'number') return yamlNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  if (v instanceof Interpolated) {
    // Inside !Sub, a literal "${" is written "${!" (and "${!" itself becomes "${!!").
    const text = v.parts.map((part) => (typeof part === 'string' ? part.split('${').join('${!') : CFN_REFS[part.ref])).join('');
    return `!Sub ${yamlString(text)}`;
  }
  if (v instanceof Entries) return v.entries.length === 0 ? '{}' : undefined;
  return v.length === 0 ? '[]' : undefined;
}

function yamlBlock(v: Value, indent: string, out: string[]): void {
  if (v instanceof Entries) {
    for (const [key, item] of v.entries) {
      const k = yamlString(key);
      const inline = yamlInline(item);
      const long = k.length > 1000; // implicit keys are limited to 1024 characters
      if (long) out.push(`${indent}? ${k}`);
      const lead = long ? `${indent}:` : `${indent}${k}:`;
      if (inline !== undefined) out.push(`${lead} ${inline}`);
      else {
        out.push(lead);
        yamlBlock(item, `${indent}  `, out);
      }
    }
  } else if (Array.isArray(v)) {
    for (const item of v as readonly Value[]) {
      const inline = yamlInline(item);
      if (inline !== undefined) {
        out.push(`${indent}- ${inline}`);
        continue;
      }
      const nested: string[] = [];
      yamlBlock(item, `${indent}  `, nested);
      nested[0] = `${indent}- ${nested[0]?.slice(indent.length + 2) ?? ''}`;
      out.push(...nested);
    }
  }
}

function renderCloudFormation(document: PolicyDocument, options: IacOptions): string {
  const properties: [string, Value][] = [['ManagedPolicyName', options.name]];
  if (options.description !== undefined) properties.push(['Description', options.description]);
  if (options.attachTo) properties.push([options.attachTo.kind === 'role' ? 'Roles' : 'Users', [options.attachTo.name]]);
  properties.push(['PolicyDocument', documentValue(document, options.parameterize)]);
  return cfnText([[`${logicalId(options.name)}${options.idSuffix ?? ''}`, 'AWS::IAM::ManagedPolicy', properties]]);
}

// ---------------------------------------------------------------------------------------------------------
// Expressions: HCL's (inside jsonencode) and TypeScript's differ in their strings and objects only.

interface Syntax {
  string(v: string | Interpolated): string;
  /** A non-empty object, its members' values already written one level in. */
  object(members: readonly (readonly [string, string])[], indent: string): string;
}

function expression(v: Value, indent: string, syntax: Syntax): string {
  if (typeof v === 'string' || v instanceof Interpolated) return syntax.string(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  const inner = `${indent}  `;
  if (v instanceof Entries) return v.entries.length === 0 ? '{}' : syntax.object(v.entries.map(([k, item]) => [k, expression(item, inner, syntax)] as const), indent);
  return listExpr((v as readonly Value[]).map((item) => expression(item, inner, syntax)), indent);
}

/** A list on one line when it fits in 100 columns, else one item a line. */
function listExpr(items: readonly string[], indent: string): string {
  const oneLine = `[${items.join(', ')}]`;
  if (!items.some((item) => item.includes('\n')) && indent.length + oneLine.length <= 100) return oneLine;
  return `[\n${items.map((item) => `${indent}  ${item},`).join('\n')}\n${indent}]`;
}

// ---------------------------------------------------------------------------------------------------------
// Terraform (HCL).

const TF_REFS: Record<Ref, string> = {
  partition: 'data.aws_partition.current.partition',
  region: 'data.aws_region.current.name',
  account: 'data.aws_caller_identity.current.account_id',
};
const TF_DATA: Record<Ref, string> = { partition: 'aws_partition', region: 'aws_region', account: 'aws_caller_identity' };

/** Literal text inside an HCL quoted template: backslash escapes, then `${` -> `$${` and `%{` -> `%%{`. */
function hclLiteral(s: string): string {
  return backslashEscaped(s).split('${').join('$${').split('%{').join('%%{'); // (split/join: replaceAll would read "$$" as "$")
}

function hclString(v: string | Interpolated): string {
  if (typeof v === 'string') return `"${hclLiteral(v)}"`;
  let out = '';
  for (const [i, part] of v.parts.entries()) {
    if (typeof part !== 'string') {
      out += `\${${TF_REFS[part.ref]}}`;
      continue;
    }
    let text = hclLiteral(part);
    // "$${" would read as an escaped "${": a literal "$" right before a reference goes as \u0024.
    if (text.endsWith('$') && i + 1 < v.parts.length) text = `${text.slice(0, -1)}\\u0024`;
    out += text;
  }
  return `"${out}"`;
}

const HCL_KEYWORDS: ReadonlySet<string> = new Set(['true', 'false', 'null', 'for', 'in', 'if', 'else', 'endif', 'endfor']);

function hclKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) && !HCL_KEYWORDS.has(key) ? key : hclString(key);
}

/** `key = value` lines; consecutive one-line values have their `=` aligned (as `terraform fmt` does). */
function hclAttributes(items: readonly (readonly [string, string])[], indent: string): string[] {
  const lines: string[] = [];
  let group: (readonly [string, string])[] = [];
  const flush = () => {
    const width = Math.max(0, ...group.map(([k]) => k.length));
    for (const [k, v] of group) lines.push(`${indent}${k.padEnd(width)} = ${v}`);
    group = [];
  };
  for (const item of items) {
    if (item[1].includes('\n')) {
      flush();
      lines.push(`${indent}${item[0]} = ${item[1]}`);
    } else group.push(item);
  }
  flush();
  return lines;
}

const HCL: Syntax = {
  string: hclString,
  object: (members, indent) => `{\n${hclAttributes(members.map(([k, v]) => [hclKey(k), v] as const), `${indent}  `).join('\n')}\n${indent}}`,
};

const hclExpr = (v: Value, indent: string): string => expression(v, indent, HCL);

function renderTerraform(document: PolicyDocument, options: IacOptions): string {
  const id = terraformName(options.name);
  const policy = documentValue(document, options.parameterize);
  const blocks = tfData(policy);
  const attrs: [string, string][] = [['name', hclString(options.name)]];
  if (options.description !== undefined) attrs.push(['description', hclString(options.description)]);
  attrs.push(['policy', `jsonencode(${hclExpr(policy, '  ')})`]);
  blocks.push(tfResource('aws_iam_policy', id, attrs));
  if (options.attachTo) {
    const kind = options.attachTo.kind;
    blocks.push(tfResource(`aws_iam_${kind}_policy_attachment`, id, [[kind, hclString(options.attachTo.name)], ['policy_arn', `aws_iam_policy.${id}.arn`]]));
  }
  return `${blocks.join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------
// aws-cdk-lib v2 (TypeScript).

const CDK_REFS: Record<Ref, string> = {
  partition: 'cdk.Stack.of(this).partition',
  region: 'cdk.Stack.of(this).region',
  account: 'cdk.Stack.of(this).account',
};

function jsString(v: string | Interpolated): string {
  if (typeof v === 'string') return `'${backslashEscaped(v, "'")}'`;
  const body = v.parts.map((part) => (typeof part === 'string' ? backslashEscaped(part, '`').split('${').join('\\${') : `\${${CDK_REFS[part.ref]}}`));
  return `\`${body.join('')}\``;
}

function jsKey(key: string): string {
  if (key === '__proto__') return `['__proto__']`; // a plain `__proto__:` would set the prototype
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : jsString(key);
}

const JS: Syntax = {
  string: jsString,
  object: (members, indent) => `{\n${members.map(([k, v]) => `${indent}  ${jsKey(k)}: ${v},`).join('\n')}\n${indent}}`,
};

const jsExpr = (v: Value, indent: string): string => expression(v, indent, JS);

const CDK_LISTS: Record<string, string> = { Action: 'actions', NotAction: 'notActions', Resource: 'resources', NotResource: 'notResources' };

function cdkStatement(statement: Value, where: string): string {
  if (!(statement instanceof Entries)) throw new Error(`cdk: ${where} is not an object`);
  const indent = '      ';
  const props: string[] = [];
  for (const [key, value] of statement.entries) {
    const list = own(CDK_LISTS, key);
    if (key === 'Sid' && typeof value === 'string') props.push(`sid: ${jsString(value)}`);
    else if (key === 'Effect' && (value === 'Allow' || value === 'Deny')) props.push(`effect: iam.Effect.${value.toUpperCase()}`);
    else if (key === 'Condition' && value instanceof Entries) props.push(`conditions: ${jsExpr(value, indent)}`);
    else if (list !== undefined && (typeof value === 'string' || value instanceof Interpolated)) props.push(`${list}: [${jsString(value)}]`);
    else if (list !== undefined && Array.isArray(value) && (value as readonly Value[]).every((item) => typeof item === 'string' || item instanceof Interpolated)) {
      props.push(`${list}: ${listExpr((value as readonly (string | Interpolated)[]).map(jsString), indent)}`);
    } else throw new Error(`cdk: ${where}.${key} cannot be written as a PolicyStatement property`);
  }
  return `new iam.PolicyStatement({\n${props.map((p) => `${indent}${p},`).join('\n')}\n    })`;
}

function renderCdk(document: PolicyDocument, options: IacOptions): string {
  const policy = documentValue(document, options.parameterize);
  const id = `${logicalId(options.name)}${options.idSuffix ?? ''}`;
  const { notes, statements } = cdkStatements(policy, 'iam.ManagedPolicy');
  const props = [`managedPolicyName: ${jsString(options.name)}`];
  if (options.description !== undefined) props.push(`description: ${jsString(options.description)}`);
  if (options.attachTo) {
    const { kind, name } = options.attachTo;
    const imported = kind === 'role' ? `iam.Role.fromRoleName(this, ${jsString(`${id}Role`)}, ${jsString(name)})` : `iam.User.fromUserName(this, ${jsString(`${id}User`)}, ${jsString(name)})`;
    props.push(`${kind}s: [${imported}]`);
  }
  props.push(statements);
  return [
    ...cdkImports(policy, ['iam']),
    '',
    ...notes,
    '// Inside a Stack (or Construct) constructor:',
    `new iam.ManagedPolicy(this, ${jsString(id)}, {`,
    ...props.map((p) => `  ${p},`),
    '});',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// A fix, rendered as the change it describes (src/remedy/fix.ts FixHolder).

const COMMENT: Record<Exclude<IacFormat, 'json'>, string> = { cloudformation: '#', terraform: '#', cdk: '//' };

/** `document` as the resource that holds it; json is the document itself. */
export function renderFix(document: PolicyDocument, format: IacFormat, holder: FixHolder): string {
  if (format === 'json') return renderPolicy(document, 'json', { name: 'Fix' });
  const note = (lines: string[]) => `${lines.map((l) => `${COMMENT[format]} ${l}`).join('\n')}\n`;
  switch (holder.kind) {
    case 'managed-policy': {
      const why = holder.boundaryOf === undefined ? '' : ` (the permissions boundary of ${holder.boundaryOf})`;
      return note([`New version of the customer managed policy ${holder.arn}${why}:`, 'put this document in the resource that already defines it (same name: deploying it as a second resource fails).']) + renderPolicy(document, format, { name: holder.name });
    }
    case 'new-policy':
      return (holder.attachTo ? '' : note(['A new policy: attach it to the role or user that makes the call.'])) + renderPolicy(document, format, { name: holder.name, idSuffix: 'Policy', ...(holder.attachTo && { attachTo: holder.attachTo }) });
    case 'inline-policy':
      checkName(holder.name, 'policy name', 128);
      checkName(holder.owner.name, `${holder.owner.kind} name`, 64);
      return note([`The inline policy ${holder.name} of ${holder.owner.kind} ${holder.owner.name}, edited: put this document in the resource that already defines it.`]) + renderInline(document, format as Exclude<IacFormat, 'json'>, holder);
    case 'organizations-policy':
      checkName(holder.name, 'policy name', 128);
      return (holder.targetId === undefined ? note(['The organization root, OU or account this policy is attached to is not known: set its target.']) : '') + renderOrganizations(document, format as Exclude<IacFormat, 'json'>, holder);
    case 'document':
      return note([`The document of ${holder.heldBy}: whydenied does not know the full definition of what holds it,`, 'so only the property that holds the document is written.']) + renderProperty(document, format as Exclude<IacFormat, 'json'>, holder);
  }
}

function cfnText(resources: readonly (readonly [string, string, readonly (readonly [string, Value])[]])[]): string {
  const template = new Entries([['Resources', new Entries(resources.map(([id, type, props]) => [id, new Entries([['Type', type], ['Properties', new Entries(props)]])] as const))]]);
  const lines: string[] = [];
  yamlBlock(template, '', lines);
  return `${lines.join('\n')}\n`;
}

function tfData(policy: Value): string[] {
  const refs = usedRefs(policy);
  const data = REF_ORDER.filter((r) => refs.has(r)).map((r) => `data "${TF_DATA[r]}" "current" {}`);
  return data.length > 0 ? [data.join('\n')] : [];
}

function tfResource(type: string, name: string, attrs: readonly (readonly [string, string])[]): string {
  return `resource "${type}" "${name}" {\n${hclAttributes(attrs, '  ').join('\n')}\n}`;
}

/** The document as CDK PolicyStatements; notes for what the CDK changes. */
function cdkStatements(policy: Value, what: string): { notes: string[]; statements: string } {
  if (!(policy instanceof Entries)) throw new Error('the policy document must be an object');
  const notes: string[] = [];
  let statements: readonly Value[] = [];
  for (const [key, value] of policy.entries) {
    if (key === 'Statement') statements = Array.isArray(value) ? (value as readonly Value[]) : [value];
    else if (key === 'Version') {
      if (value !== '2012-10-17') notes.push(`// Note: the CDK always writes Version "2012-10-17"; this document has Version ${typeof value === 'string' ? jsString(value) : backslashEscaped(JSON.stringify(value) ?? String(value), '')}.`); // escaped: a U+2028 would end the comment
    } else throw new Error(`cdk: the document field ${key} cannot be written with ${what}`);
  }
  const rendered = statements.map((s, i) => `    ${cdkStatement(s, `Statement[${i}]`)},`);
  return { notes, statements: rendered.length === 0 ? 'statements: []' : `statements: [\n${rendered.join('\n')}\n  ]` };
}

function cdkImports(policy: Value, modules: readonly string[]): string[] {
  return [...(usedRefs(policy).size > 0 ? ["import * as cdk from 'aws-cdk-lib';"] : []), ...modules.map((m) => `import * as ${m} from 'aws-cdk-lib/aws-${m}';`)];
}

function renderInline(document: PolicyDocument, format: Exclude<IacFormat, 'json'>, holder: Extract<FixHolder, { kind: 'inline-policy' }>): string {
  const policy = documentValue(document, undefined);
  const { kind, name: owner } = holder.owner;
  const id = `${logicalId(holder.name)}${kind === 'role' ? 'RolePolicy' : 'UserPolicy'}`;
  if (format === 'cloudformation') {
    return cfnText([[id, kind === 'role' ? 'AWS::IAM::RolePolicy' : 'AWS::IAM::UserPolicy', [['PolicyName', holder.name], [kind === 'role' ? 'RoleName' : 'UserName', owner], ['PolicyDocument', policy]]]]);
  }
  if (format === 'terraform') {
    return `${[...tfData(policy), tfResource(`aws_iam_${kind}_policy`, terraformName(`${holder.name}_${kind}_policy`), [['name', hclString(holder.name)], [kind, hclString(owner)], ['policy', `jsonencode(${hclExpr(policy, '  ')})`]])].join('\n\n')}\n`;
  }
  // An iam.Policy synthesizes AWS::IAM::Policy: an inline policy of the principals it is attached to.
  const { notes, statements } = cdkStatements(policy, 'iam.Policy');
  const imported = kind === 'role' ? `iam.Role.fromRoleName(this, ${jsString(`${id}Role`)}, ${jsString(owner)})` : `iam.User.fromUserName(this, ${jsString(`${id}User`)}, ${jsString(owner)})`;
  return [...cdkImports(policy, ['iam']), '', ...notes, '// Inside a Stack (or Construct) constructor:', `new iam.Policy(this, ${jsString(id)}, {`, `  policyName: ${jsString(holder.name)},`, `  ${kind}s: [${imported}],`, `  ${statements},`, '});', ''].join('\n');
}

function renderOrganizations(document: PolicyDocument, format: Exclude<IacFormat, 'json'>, holder: Extract<FixHolder, { kind: 'organizations-policy' }>): string {
  const policy = documentValue(document, undefined);
  const id = `${logicalId(holder.name)}OrganizationsPolicy`;
  if (format === 'cloudformation') {
    const props: [string, Value][] = [['Name', holder.name], ['Type', holder.type], ['Content', policy]];
    if (holder.targetId !== undefined) props.push(['TargetIds', [holder.targetId]]);
    return cfnText([[id, 'AWS::Organizations::Policy', props]]);
  }
  if (format === 'terraform') {
    const name = terraformName(holder.name);
    const blocks = [tfResource('aws_organizations_policy', name, [['name', hclString(holder.name)], ['type', hclString(holder.type)], ['content', `jsonencode(${hclExpr(policy, '  ')})`]])];
    if (holder.targetId !== undefined) blocks.push(tfResource('aws_organizations_policy_attachment', name, [['policy_id', `aws_organizations_policy.${name}.id`], ['target_id', hclString(holder.targetId)]]));
    return `${blocks.join('\n\n')}\n`;
  }
  const props = [`name: ${jsString(holder.name)}`, `type: ${jsString(holder.type)}`, `content: ${jsExpr(policy, '  ')}`];
  if (holder.targetId !== undefined) props.push(`targetIds: [${jsString(holder.targetId)}]`);
  return [...cdkImports(policy, ['organizations']), '', '// Inside a Stack (or Construct) constructor:', `new organizations.CfnPolicy(this, ${jsString(id)}, {`, ...props.map((p) => `  ${p},`), '});', ''].join('\n');
}

function renderProperty(document: PolicyDocument, format: Exclude<IacFormat, 'json'>, holder: Extract<FixHolder, { kind: 'document' }>): string {
  const policy = documentValue(document, undefined);
  if (format === 'cloudformation') {
    const lines: string[] = [];
    yamlBlock(new Entries([[holder.cloudformation ?? 'PolicyDocument', policy]]), '', lines);
    return `${lines.join('\n')}\n`;
  }
  if (format === 'terraform') return `${holder.terraform ?? 'policy'} = jsonencode(${hclExpr(policy, '')})\n`;
  const { notes, statements } = cdkStatements(policy, 'iam.PolicyDocument');
  return [...cdkImports(policy, ['iam']), '', ...notes, '// Pass policyDocument where its holder takes it:', 'const policyDocument = new iam.PolicyDocument({', `  ${statements},`, '});', ''].join('\n');
}
