/**
 * src/render/iac.ts: every format is read back the way its deploy tool would read it, and must give the
 * document again.
 *  - json: JSON.parse;
 *  - cloudformation: the `yaml` package, as YAML 1.1 (CloudFormation's reading) and as YAML 1.2, with
 *    `!Sub` resolved by CloudFormation's rules (`${!x}` is a literal `${x}`);
 *  - terraform: a small reader of the HCL we write that follows hclsyntax's template rules (`$${` and
 *    `%%{` escapes, `\uNNNN`), resolves the data sources, and normalizes strings to NFC as cty does;
 *  - cdk: the TypeScript compiler type-checks the snippet against test/fixtures/iac/aws-cdk-lib.d.ts, and the
 *    transpiled snippet runs against a fake aws-cdk-lib that records what it is given.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { parseDocument, type Tags } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderPolicy, type ConditionValue, type IacFormat, type IacOptions, type PolicyDocument, type Statement } from '../src/render/iac.js';

const REGION = 'us-east-1';
const ACCOUNT = '111122223333';
const PARTITION = 'aws';

// ---------------------------------------------------------------------------------------------------------
// Random documents and options.

/** Strings each format treats specially somewhere. */
const NASTY = [
  '*', '', ' ', 'yes', 'No', 'ON', 'off', 'y', 'null', 'Null', '~', '<<', '=', 'true', 'False', 'for', 'in', '__proto__', 'constructor',
  '2012-10-17', '2024-01-01T00:00:00Z', '0x1F', '1e3', 'E7', 'e-5', '0b1', '0o7', '1_000', '.NaN', '-1', '+1', '.5', '.inf', '012', '1:20', '3600',
  '- x', '? x', ': x', 'a: b', 'a:', 'a #b', '#x', '@x', '`x`', '%x', '!x', '!Sub x', '&x', '*x', '|', '>', '{a}', '[a]', '}', ']', ',x',
  "'", '"', "it's \"quoted\"", '\\', '\\n', '\\u0024', 'a\nb', 'a\r\nb', 'a\tb', ' lead', 'trail ', 'x\n',
  '${aws:username}', '$${aws:username}', '${!aws:username}', '${!!x}', '%{if x}', '%%{x}', '$', '${', '$$', '$}', '${}', '`${x}`',
  'é', 'e\u0301', 'Å', 'A\u030a', '😀', '日本語', '\u0085', '\u00a0', '\u2028', '\u2029', '\ufeff', '\u0000', '\u0007', '\u007f', '\u009f', '\ufffd',
];
const SPECIAL_UNIT = fc.constantFrom('$', '{', '}', '!', '%', '\\', '"', "'", '`', ':', ' ', '#', 'a', 'Z', '/', '*', '?', '\n', '\t', '-', 'é', '😀');
const VARIABLES = ['${aws:username}', '${aws:userid}', '${aws:PrincipalTag/team}', '${s3:prefix}', '${*}', '${?}', '${$}'];

const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
  { weight: 3, arbitrary: fc.string({ unit: SPECIAL_UNIT, maxLength: 12 }) },
  { weight: 2, arbitrary: fc.array(fc.oneof(fc.constantFrom(...VARIABLES, ...NASTY), fc.string({ unit: 'grapheme', maxLength: 4 })), { maxLength: 4 }).map((p) => p.join('')) },
);

const action = fc.oneof(
  fc.constantFrom('*', 's3:GetObject', 's3:Get*', 'connect:StartChatContact', 'iam:*', 'ec2:Describe?nstances', 'sts:AssumeRole'),
  fc.tuple(fc.stringMatching(/^[a-z0-9-]{1,8}$/), fc.stringMatching(/^[A-Za-z0-9*?]{1,12}$/)).map(([s, a]) => `${s}:${a}`),
  text,
);

const arn = fc
  .tuple(
    fc.constantFrom(PARTITION, PARTITION, '*', 'Aws', '', '${aws:partition}'),
    fc.constantFrom('s3', 'connect', 'iam', 'sns', 'a:b'),
    fc.oneof(fc.constantFrom(REGION, REGION, 'eu-west-1', '*', '', 'us-east-1*', '${aws:RequestedRegion}'), text),
    fc.oneof(fc.constantFrom(ACCOUNT, ACCOUNT, '444455556666', '*', '', `${ACCOUNT}0`), text),
    fc.oneof(fc.constantFrom('*', 'bucket/${aws:username}/*', 'instance/abc/contact-flow/*', 'topic:sub', 'role/a/b'), text),
  )
  .map(([p, s, r, a, rest]) => `arn:${p}:${s}:${r}:${a}:${rest}`);

const resource = fc.oneof({ weight: 3, arbitrary: arn }, { weight: 1, arbitrary: fc.constantFrom('*', 'arn:aws:s3:::bucket', 'arn:aws', 'arn:') }, { weight: 1, arbitrary: text });

const stringOrList = (item: fc.Arbitrary<string>): fc.Arbitrary<string | string[]> => fc.oneof(item, fc.array(item, { maxLength: 4 }));

const OPERATORS = ['StringEquals', 'StringLike', 'StringNotEqualsIgnoreCase', 'ForAnyValue:StringLike', 'ForAllValues:StringEquals', 'ArnLike', 'ArnEqualsIfExists', 'NumericLessThan', 'DateGreaterThan', 'Bool', 'Null', 'IpAddress'];
const KEYS = ['aws:username', 'aws:SourceArn', 'aws:ResourceTag/team', 'aws:PrincipalTag/${aws:username}', 's3:prefix', 'aws:MultiFactorAuthAge', 'aws:SecureTransport', 'connect:InstanceId', 'aws:RequestTag/a b'];

const number = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })).map((n) => (n === 0 ? 0 : n)); // JSON has no -0
const scalar: fc.Arbitrary<string | number | boolean> = fc.oneof({ weight: 4, arbitrary: fc.oneof(text, arn) }, { weight: 1, arbitrary: number }, { weight: 1, arbitrary: fc.boolean() });
const conditionValue: fc.Arbitrary<ConditionValue> = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));

const record = <T>(pairs: readonly (readonly [string, T])[]): Record<string, T> => Object.fromEntries(pairs);
const condition = fc
  .uniqueArray(fc.tuple(fc.oneof(fc.constantFrom(...OPERATORS), text), fc.uniqueArray(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), text), conditionValue), { selector: ([k]) => k, maxLength: 3 }).map(record)), { selector: ([k]) => k, maxLength: 3 })
  .map(record);

const statement: fc.Arbitrary<Statement> = fc.record(
  {
    Sid: fc.oneof(fc.stringMatching(/^[A-Za-z0-9]{1,12}$/), text),
    Effect: fc.constantFrom('Allow' as const, 'Deny' as const),
    Action: stringOrList(action),
    NotAction: stringOrList(action),
    Resource: stringOrList(resource),
    NotResource: stringOrList(resource),
    Condition: condition,
  },
  { requiredKeys: ['Effect'] },
);

const documentArb: fc.Arbitrary<PolicyDocument> = fc.record({
  Version: fc.constantFrom('2012-10-17', '2012-10-17', '2008-10-17'),
  Statement: fc.array(statement, { minLength: 1, maxLength: 3 }),
});

const optionsArb: fc.Arbitrary<IacOptions> = fc.record(
  {
    name: fc.stringMatching(/^[\w+=,.@-]{1,40}$/),
    description: text,
    attachTo: fc.record({ kind: fc.constantFrom('role' as const, 'user' as const), name: fc.stringMatching(/^[\w+=,.@-]{1,20}$/) }),
    parameterize: fc.record({ region: fc.constant(REGION), account: fc.constant(ACCOUNT), partition: fc.boolean() }, { requiredKeys: [] }),
  },
  { requiredKeys: ['name'] },
);

const RUNS = 300;

// ---------------------------------------------------------------------------------------------------------
// Helpers.

/** Apply `fn` to every string, keys included. */
function mapStrings(v: unknown, fn: (s: string) => string): unknown {
  if (typeof v === 'string') return fn(v);
  if (Array.isArray(v)) return v.map((item) => mapStrings(item, fn));
  if (v && typeof v === 'object') return record(Object.entries(v).map(([k, item]) => [fn(k), mapStrings(item, fn)] as const));
  return v;
}

/** JSON with keys sorted: equality that ignores key order (and, unlike toEqual, is not fooled by a key named "constructor"). */
function canonical(v: unknown): string {
  const sort = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sort);
    if (x && typeof x === 'object') return record(Object.keys(x).sort().map((k) => [k, sort((x as Record<string, unknown>)[k])] as const));
    return x;
  };
  return JSON.stringify(sort(v));
}

const lists = (v: string | string[] | undefined) => (typeof v === 'string' ? [v] : v);

/** Logical id rules: CloudFormation logical ids and CDK construct ids here are alphanumeric. */
const ALNUM = /^[A-Za-z0-9]+$/;

// ---------------------------------------------------------------------------------------------------------
// json

describe('json', () => {
  it('is the document, pretty-printed with two spaces, and nothing else', () => {
    fc.assert(
      fc.property(documentArb, optionsArb, (doc, options) => {
        const out = renderPolicy(doc, 'json', options);
        expect(out).toBe(`${JSON.stringify(doc, null, 2)}\n`);
        expect(JSON.stringify(JSON.parse(out))).toBe(JSON.stringify(doc));
      }),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// CloudFormation

class Sub {
  constructor(readonly template: string) {}
}
class RefTag {
  constructor(readonly name: string) {}
}
const CFN_TAGS: Tags = [
  { tag: '!Sub', resolve: (value: string) => new Sub(value) },
  { tag: '!Ref', resolve: (value: string) => new RefTag(value) },
];
const PSEUDO: Record<string, string> = { 'AWS::Region': REGION, 'AWS::AccountId': ACCOUNT, 'AWS::Partition': PARTITION };

/** Fn::Sub as CloudFormation documents it: `${Name}` is replaced, `${!Literal}` is the literal `${Literal}`. */
function resolveSub(template: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const at = template.indexOf('${', i);
    if (at < 0) return out + template.slice(i);
    out += template.slice(i, at);
    if (template[at + 2] === '!') {
      out += '${';
      i = at + 3;
      continue;
    }
    const end = template.indexOf('}', at);
    const name = end < 0 ? undefined : template.slice(at + 2, end);
    if (name === undefined || !(name in PSEUDO)) throw new Error(`!Sub ${JSON.stringify(template)} refers to ${JSON.stringify(name)}, not a pseudo parameter`);
    out += PSEUDO[name];
    i = end + 1;
  }
}

function resolveTags(v: unknown): unknown {
  if (v instanceof Sub) return resolveSub(v.template);
  if (v instanceof RefTag) throw new Error(`unexpected !Ref ${v.name}`);
  if (Array.isArray(v)) return v.map(resolveTags);
  if (v && typeof v === 'object') return record(Object.entries(v).map(([k, item]) => [k, resolveTags(item)] as const));
  return v;
}

function countSubs(v: unknown): number {
  if (v instanceof Sub) return 1;
  if (v && typeof v === 'object') return Object.values(v).reduce((n: number, item) => n + countSubs(item), 0);
  return 0;
}

/** The template as CloudFormation reads it: YAML 1.1, and YAML 1.2 must agree. */
function readTemplate(text: string): Record<string, unknown> {
  const read = (version: '1.1' | '1.2') => {
    const doc = parseDocument(text, { version, customTags: CFN_TAGS, uniqueKeys: true });
    if (doc.errors.length > 0 || doc.warnings.length > 0) throw new Error([...doc.errors, ...doc.warnings].map((e) => e.message).join('\n'));
    return doc.toJS() as Record<string, unknown>;
  };
  const v11 = read('1.1');
  const tagged = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (x instanceof Sub ? { '!Sub': x.template } : x instanceof RefTag ? { '!Ref': x.name } : x));
  expect(tagged(read('1.2'))).toBe(tagged(v11));
  return v11;
}

function checkCloudFormation(doc: PolicyDocument, options: IacOptions): void {
  const text = renderPolicy(doc, 'cloudformation', options);
  expect(renderPolicy(doc, 'cloudformation', options)).toBe(text);
  const template = readTemplate(text);
  expect(Object.keys(template)).toEqual(['Resources']);
  const resources = template['Resources'] as Record<string, { Type: unknown; Properties: Record<string, unknown> }>;
  const [id, ...others] = Object.keys(resources);
  expect(others).toEqual([]);
  expect(id).toMatch(ALNUM);
  const { Type, Properties } = resources[id!]!;
  expect(Type).toBe('AWS::IAM::ManagedPolicy');
  const expected: Record<string, unknown> = { ManagedPolicyName: options.name };
  if (options.description !== undefined) expected['Description'] = options.description;
  if (options.attachTo) expected[options.attachTo.kind === 'role' ? 'Roles' : 'Users'] = [options.attachTo.name];
  const { PolicyDocument: policy, ...rest } = Properties;
  expect(rest).toStrictEqual(expected);
  expect(Object.keys(Properties).at(-1)).toBe('PolicyDocument');
  if (!options.parameterize) expect(countSubs(policy)).toBe(0);
  // Exactly the document, keys in the same order.
  expect(JSON.stringify(resolveTags(policy))).toBe(JSON.stringify(doc));
}

describe('cloudformation', () => {
  it('reads back (YAML 1.1 and 1.2, !Sub resolved) as exactly the document, for random documents', () => {
    fc.assert(fc.property(documentArb, optionsArb, checkCloudFormation), { numRuns: RUNS });
  });

  it('uses !Sub with pseudo parameters for parameterized ARN fields and escapes IAM variables inside it', () => {
    const doc: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'StartChat', Effect: 'Allow', Action: 'connect:StartChatContact', Resource: `arn:aws:connect:${REGION}:${ACCOUNT}:instance/abc/contact-flow/*` },
        { Effect: 'Allow', Action: 's3:GetObject', Resource: [`arn:aws:s3:::bucket/\${aws:username}/*`, `arn:aws:s3:${REGION}:${ACCOUNT}:x/\${aws:username}`], Condition: { StringLike: { 's3:prefix': ['${aws:username}/*', '*'] } } },
      ],
    };
    const options: IacOptions = { name: 'ChatStarterStartChatContact', description: 'Start chats', attachTo: { kind: 'role', name: 'ChatStarter' }, parameterize: { region: REGION, account: ACCOUNT, partition: true } };
    const text = renderPolicy(doc, 'cloudformation', options);
    expect(text.startsWith('Resources:\n  ChatStarterStartChatContact:\n    Type: AWS::IAM::ManagedPolicy\n')).toBe(true);
    expect(text).toContain('Resource: !Sub arn:${AWS::Partition}:connect:${AWS::Region}:${AWS::AccountId}:instance/abc/contact-flow/*\n');
    expect(text).toContain('- !Sub arn:${AWS::Partition}:s3:::bucket/${!aws:username}/*\n');
    expect(text).toContain('- !Sub arn:${AWS::Partition}:s3:${AWS::Region}:${AWS::AccountId}:x/${!aws:username}\n');
    expect(text).toContain('- ${aws:username}/*\n'); // not an ARN: no !Sub, nothing to escape
    expect(text).toContain('- "*"\n');
    expect(text).toContain('Version: "2012-10-17"\n');
    expect(text).toContain('Roles:\n        - ChatStarter\n');
    checkCloudFormation(doc, options);
  });

  it('quotes what YAML would otherwise read differently', () => {
    const doc: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: NASTY, Resource: '*', Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': 3600, '3600': '3600', yes: true, '<<': 1e21, ['k'.repeat(1500)]: 'v'.repeat(1500) } } }] };
    const text = renderPolicy(doc, 'cloudformation', { name: 'P' });
    for (const s of ['"*"', '"yes"', '"<<"', '"a: b"', '"#x"', '"- x"', '"2012-10-17"', '"3600"', '"\\u0085"', '"\\u2028"', '"a\\nb"', '" lead"']) expect(text).toContain(s);
    expect(text).toContain('aws:MultiFactorAuthAge: 3600\n');
    expect(text).toContain('"<<": 1.0e+21\n');
    expect(text).toContain(`? "${'k'.repeat(1500)}"\n`); // an explicit key: implicit ones stop at 1024 characters
    checkCloudFormation(doc, { name: 'P' });
  });

  it('reads back every string of up to three characters over YAML-significant characters, as values and as keys', () => {
    const alphabet = [...'aeEyn01.+-:#?!&*|>%@`\'"[]{},~<= \t\\'];
    const strings = [''];
    for (let n = 0; n < 3; n++) for (const s of strings.filter((x) => x.length === n)) for (const c of alphabet) strings.push(s + c);
    const statements: Statement[] = [];
    for (let i = 0; i < strings.length; i += 100) {
      const chunk = strings.slice(i, i + 100);
      statements.push({ Effect: 'Allow', Action: chunk, Condition: { StringEquals: record(chunk.map((s) => [s, s] as const)) } });
    }
    checkCloudFormation({ Version: '2012-10-17', Statement: statements }, { name: 'P' });
  });

  it('the reader rejects an unescaped IAM variable inside !Sub (the check is not vacuous)', () => {
    expect(() => resolveTags(readTemplate('A: !Sub arn:${AWS::Partition}:s3:::b/${aws:username}\n'))).toThrow(/aws:username/);
    expect(resolveTags(readTemplate('A: !Sub arn:${AWS::Partition}:s3:::b/${!aws:username}\n'))).toEqual({ A: 'arn:aws:s3:::b/${aws:username}' });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Terraform

const TF_DATA: Record<string, { block: string; value: string }> = {
  'data.aws_partition.current.partition': { block: 'aws_partition', value: PARTITION },
  'data.aws_region.current.name': { block: 'aws_region', value: REGION },
  'data.aws_caller_identity.current.account_id': { block: 'aws_caller_identity', value: ACCOUNT },
};

class Traversal {
  constructor(readonly path: string) {}
}
class Call {
  constructor(
    readonly name: string,
    readonly args: unknown[],
  ) {}
}
interface Block {
  type: string;
  labels: string[];
  body: Record<string, unknown>;
}

/**
 * The HCL native syntax subset we generate: blocks, attributes, quoted templates, numbers, true/false/null,
 * traversals, function calls, objects and tuples. Template rules follow hclsyntax: `$${` and `%%{` are the
 * literal `${` and `%{`, `${ref}` interpolates (only the data sources above), `%{` directives are refused,
 * and the resulting strings are NFC-normalized as cty.StringVal does.
 */
class HclReader {
  private i = 0;
  readonly interpolated = new Set<string>();
  constructor(private readonly src: string) {}

  private fail(what: string): never {
    throw new Error(`HCL: ${what} at ${this.i}: ${JSON.stringify(this.src.slice(this.i, this.i + 40))}`);
  }
  private spaces(newlines: boolean): void {
    while (this.src[this.i] === ' ' || (newlines && this.src[this.i] === '\n')) this.i++;
  }
  private expect(s: string): void {
    if (!this.src.startsWith(s, this.i)) this.fail(`expected ${JSON.stringify(s)}`);
    this.i += s.length;
  }
  private match(re: RegExp): string | undefined {
    re.lastIndex = this.i;
    const m = re.exec(this.src);
    if (!m) return undefined;
    this.i += m[0].length;
    return m[0];
  }
  private identifier(): string {
    return this.match(/[A-Za-z_][A-Za-z0-9_-]*/y) ?? this.fail('expected an identifier');
  }

  file(): Block[] {
    const blocks: Block[] = [];
    this.spaces(true);
    while (this.i < this.src.length) {
      const type = this.identifier();
      const labels: string[] = [];
      this.spaces(false);
      while (this.src[this.i] === '"') {
        labels.push(this.template());
        this.spaces(false);
      }
      this.expect('{');
      blocks.push({ type, labels, body: this.body() });
      this.spaces(false);
      if (this.i < this.src.length) this.expect('\n');
      this.spaces(true);
    }
    return blocks;
  }

  private body(): Record<string, unknown> {
    const attrs: Record<string, unknown> = {};
    if (this.src[this.i] === '}') {
      this.i++;
      return attrs;
    }
    this.spaces(false);
    this.expect('\n');
    for (;;) {
      this.spaces(true);
      if (this.src[this.i] === '}') {
        this.i++;
        return attrs;
      }
      const name = this.identifier();
      if (name in attrs) this.fail(`duplicate attribute ${name}`);
      this.spaces(false);
      this.expect('=');
      this.spaces(false);
      attrs[name] = this.expression();
      this.spaces(false);
      this.expect('\n');
    }
  }

  expression(): unknown {
    const c = this.src[this.i];
    if (c === '"') return this.template();
    if (c === '{') return this.object();
    if (c === '[') return this.tuple();
    const num = this.match(/-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/y);
    if (num !== undefined) return Number(num);
    const name = this.identifier();
    if (name === 'true' || name === 'false') return name === 'true';
    if (name === 'null') return null;
    if (this.src[this.i] === '(') {
      this.i++;
      const args: unknown[] = [];
      while (this.src[this.i] !== ')') {
        args.push(this.expression());
        if (this.src[this.i] === ',') this.i += 1 + (this.src[this.i + 1] === ' ' ? 1 : 0);
      }
      this.i++;
      return new Call(name, args);
    }
    let path = name;
    while (this.src[this.i] === '.') {
      this.i++;
      path += `.${this.identifier()}`;
    }
    return new Traversal(path);
  }

  private object(): Record<string, unknown> {
    this.expect('{');
    const entries: [string, unknown][] = [];
    for (;;) {
      this.spaces(true);
      if (this.src[this.i] === '}') {
        this.i++;
        break;
      }
      let key: string;
      if (this.src[this.i] === '"') key = this.template();
      else {
        key = this.identifier();
        // A naked keyword is a value, not a name: `{ null = 1 }` is an error in HCL.
        if (['true', 'false', 'null'].includes(key)) this.fail(`keyword ${key} used as an object key`);
      }
      if (entries.some(([k]) => k === key)) this.fail(`duplicate object key ${JSON.stringify(key)}`);
      this.spaces(false);
      this.expect('=');
      this.spaces(false);
      entries.push([key, this.expression()]);
      this.spaces(false);
      const next = this.src[this.i];
      if (next === ',') this.i++;
      else if (next !== '\n' && next !== '}') this.fail('expected a newline, "," or "}" after an object item');
    }
    return record(entries);
  }

  private tuple(): unknown[] {
    this.expect('[');
    const items: unknown[] = [];
    for (;;) {
      this.spaces(true);
      if (this.src[this.i] === ']') {
        this.i++;
        return items;
      }
      items.push(this.expression());
      this.spaces(true);
      if (this.src[this.i] === ',') this.i++;
      else if (this.src[this.i] !== ']') this.fail('expected "," or "]"');
    }
  }

  /** A quoted template. */
  private template(): string {
    this.expect('"');
    let out = '';
    for (;;) {
      const c = this.src[this.i];
      if (c === undefined || c === '\n' || c === '\r') this.fail('unterminated string');
      if (c < ' ') this.fail('raw control character in a string');
      if (c === '"') {
        this.i++;
        return out.normalize('NFC');
      }
      if (c === '\\') {
        const e = this.src[this.i + 1];
        const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          this.i += 2;
        } else if (e === 'u' || e === 'U') {
          this.i += 2;
          const hex = this.match(e === 'u' ? /[0-9A-Fa-f]{4}/y : /[0-9A-Fa-f]{8}/y) ?? this.fail('bad unicode escape');
          out += String.fromCodePoint(parseInt(hex, 16));
        } else this.fail('unknown escape');
        continue;
      }
      if ((c === '$' || c === '%') && this.src[this.i + 1] === c && this.src[this.i + 2] === '{') {
        out += `${c}{`;
        this.i += 3;
        continue;
      }
      if (c === '%' && this.src[this.i + 1] === '{') this.fail('template directive');
      if (c === '$' && this.src[this.i + 1] === '{') {
        const end = this.src.indexOf('}', this.i);
        const ref = this.src.slice(this.i + 2, end);
        const data = TF_DATA[ref];
        if (end < 0 || data === undefined) this.fail(`interpolation of ${JSON.stringify(ref)}`);
        this.interpolated.add(data.block);
        out += data.value;
        this.i = end + 1;
        continue;
      }
      const cp = this.src.codePointAt(this.i)!;
      out += String.fromCodePoint(cp);
      this.i += cp > 0xffff ? 2 : 1;
    }
  }
}

function readTerraform(text: string): { blocks: Block[]; interpolated: Set<string> } {
  const reader = new HclReader(text);
  return { blocks: reader.file(), interpolated: reader.interpolated };
}

/** Two keys of one object that NFC makes equal: Terraform would refuse the document. */
function nfcCollides(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(nfcCollides);
  if (v && typeof v === 'object') {
    const keys = Object.keys(v).map((k) => k.normalize('NFC'));
    return new Set(keys).size !== keys.length || Object.values(v).some(nfcCollides);
  }
  return false;
}

function checkTerraform(doc: PolicyDocument, options: IacOptions): void {
  const text = renderPolicy(doc, 'terraform', options);
  expect(renderPolicy(doc, 'terraform', options)).toBe(text);
  const { blocks, interpolated } = readTerraform(text);
  const data = blocks.filter((b) => b.type === 'data');
  const resources = blocks.filter((b) => b.type === 'resource');
  expect(data.length + resources.length).toBe(blocks.length);
  // Exactly the data sources that are interpolated, each `data "x" "current" {}`.
  expect(new Set(data.map((b) => b.labels[0]))).toEqual(interpolated);
  for (const b of data) expect(b).toEqual({ type: 'data', labels: [b.labels[0], 'current'], body: {} });
  if (!options.parameterize) expect(data).toEqual([]);

  const [policy, attachment, ...others] = resources;
  expect(others).toEqual([]);
  expect(policy?.labels[0]).toBe('aws_iam_policy');
  const id = policy!.labels[1]!;
  expect(id).toMatch(/^[a-z][a-z0-9_]*$/);
  const { policy: body, ...attrs } = policy!.body;
  expect(attrs).toStrictEqual(options.description === undefined ? { name: options.name } : { name: options.name, description: options.description.normalize('NFC') });
  expect(body).toBeInstanceOf(Call);
  const call = body as Call;
  expect(call.name).toBe('jsonencode');
  expect(call.args).toHaveLength(1);
  // jsonencode writes keys sorted, so order is not compared; strings are NFC as in Terraform.
  expect(canonical(call.args[0])).toBe(canonical(mapStrings(doc, (s) => s.normalize('NFC'))));

  if (!options.attachTo) expect(attachment).toBeUndefined();
  else {
    const kind = options.attachTo.kind;
    expect(attachment).toEqual({ type: 'resource', labels: [`aws_iam_${kind}_policy_attachment`, id], body: { [kind]: options.attachTo.name, policy_arn: new Traversal(`aws_iam_policy.${id}.arn`) } });
  }
}

describe('terraform', () => {
  it('reads back (HCL templates, data sources, jsonencode) as the document, for random documents', () => {
    fc.assert(
      fc.property(documentArb, optionsArb, (doc, options) => {
        fc.pre(!nfcCollides(doc));
        checkTerraform(doc, options);
      }),
      { numRuns: RUNS },
    );
  });

  it('writes data sources and interpolations for parameterized ARN fields, and $${ for IAM variables', () => {
    const doc: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'StartChat', Effect: 'Allow', Action: ['connect:StartChatContact'], Resource: `arn:aws:connect:${REGION}:${ACCOUNT}:instance/abc/contact-flow/*` },
        { Effect: 'Deny', NotAction: 's3:*', NotResource: 'arn:aws:s3:::bucket/${aws:username}/*', Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalTag/team': '%{x}' }, Bool: { 'aws:SecureTransport': false } } },
      ],
    };
    const options: IacOptions = { name: 'ChatStarterStartChatContact', attachTo: { kind: 'user', name: 'alice' }, parameterize: { region: REGION, account: ACCOUNT } };
    const text = renderPolicy(doc, 'terraform', options);
    expect(text.startsWith('data "aws_region" "current" {}\ndata "aws_caller_identity" "current" {}\n\nresource "aws_iam_policy" "chat_starter_start_chat_contact" {\n')).toBe(true);
    expect(text).toContain('Resource = "arn:aws:connect:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:instance/abc/contact-flow/*"');
    expect(text).toContain('NotResource = "arn:aws:s3:::bucket/$${aws:username}/*"');
    expect(text).toContain('"ForAnyValue:StringLike" = {\n            "aws:PrincipalTag/team" = "%%{x}"\n');
    expect(text).toContain('"aws:SecureTransport" = false');
    expect(text).toContain('resource "aws_iam_user_policy_attachment" "chat_starter_start_chat_contact" {\n  user       = "alice"\n  policy_arn = aws_iam_policy.chat_starter_start_chat_contact.arn\n}\n');
    expect(text).not.toContain('aws_partition');
    checkTerraform(doc, options);
  });

  it('the reader rejects an unescaped IAM variable (the check is not vacuous)', () => {
    expect(() => readTerraform('a "b" {\n  x = "arn:aws:s3:::b/${aws:username}"\n}\n')).toThrow(/interpolation/);
    expect(readTerraform('a "b" {\n  x = "$$${aws:username} \\u0024"\n}\n').blocks[0]?.body).toEqual({ x: '$${aws:username} $' });
  });
});

// ---------------------------------------------------------------------------------------------------------
// CDK

const STUB_PATH = join(import.meta.dirname, 'fixtures', 'iac', 'aws-cdk-lib.d.ts');

/** The snippet inside a Stack subclass's constructor (so `this` exists), its imports at the top. */
function wrapSnippet(snippet: string): string {
  const lines = snippet.split('\n');
  const imports = lines.filter((l) => l.startsWith('import '));
  const body = lines.filter((l) => !l.startsWith('import '));
  return [
    ...imports,
    "import { Stack as GeneratedStackBase } from 'aws-cdk-lib';",
    "import type { Construct } from 'constructs';",
    '',
    'export class GeneratedStack extends GeneratedStackBase {',
    '  constructor(scope: Construct, id: string) {',
    '    super(scope, id);',
    ...body.map((l) => (l === '' ? '' : `    ${l}`)),
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Type-check snippets (one program, one module each) against the stub; the diagnostics, formatted. */
function typeCheck(snippets: readonly string[]): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noUnusedLocals: true,
    noUnusedParameters: true,
    noImplicitOverride: true,
    exactOptionalPropertyTypes: true,
    types: [],
  };
  const files = new Map<string, string>(snippets.map((s, i) => [`/generated/snippet${i}.ts`, wrapSnippet(s)]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) => {
    const text = files.get(name);
    return text === undefined ? getSourceFile.call(host, name, language, ...rest) : ts.createSourceFile(name, text, language);
  };
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.readFile = (name) => files.get(name) ?? readFile.call(host, name);
  const program = ts.createProgram([STUB_PATH, ...files.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
    const file = d.file ? files.get(d.file.fileName) : undefined;
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}${file === undefined ? '' : `\n${file}`}`;
  });
}

interface Recorded {
  id: string;
  props: { managedPolicyName?: string; description?: string; roles?: unknown[]; users?: unknown[]; statements: { props: Record<string, unknown> }[] };
}

/** Run the transpiled snippet against a fake aws-cdk-lib that records the ManagedPolicy it is given. */
function runSnippet(snippet: string): Recorded[] {
  const recorded: Recorded[] = [];
  class Stack {
    readonly region = REGION;
    readonly account = ACCOUNT;
    readonly partition = PARTITION;
    static of(construct: unknown): unknown {
      return construct;
    }
  }
  const iam = {
    Effect: { ALLOW: 'Allow', DENY: 'Deny' },
    PolicyStatement: class {
      constructor(readonly props: Record<string, unknown>) {}
    },
    ManagedPolicy: class {
      constructor(scope: unknown, id: string, props: Recorded['props']) {
        expect(scope).toBeInstanceOf(Stack);
        recorded.push({ id, props });
      }
    },
    Role: { fromRoleName: (_scope: unknown, id: string, name: string) => ({ role: name, id }) },
    User: { fromUserName: (_scope: unknown, id: string, name: string) => ({ user: name, id }) },
  };
  const modules: Record<string, unknown> = { 'aws-cdk-lib': { Stack }, 'aws-cdk-lib/aws-iam': iam, constructs: {} };
  const js = ts.transpileModule(wrapSnippet(snippet), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const module = { exports: {} as Record<string, unknown> };
  const require = (name: string) => modules[name] ?? fail(`unexpected import ${name}`);
  new Function('require', 'module', 'exports', js)(require, module, module.exports);
  const GeneratedStack = module.exports['GeneratedStack'] as new (scope: unknown, id: string) => unknown;
  new GeneratedStack(undefined, 'Test');
  return recorded;
}

function fail(message: string): never {
  throw new Error(message);
}

const CDK_PROPS: Record<string, keyof Statement> = { sid: 'Sid', effect: 'Effect', actions: 'Action', notActions: 'NotAction', resources: 'Resource', notResources: 'NotResource', conditions: 'Condition' };

function checkCdkRun(doc: PolicyDocument, options: IacOptions): void {
  const snippet = renderPolicy(doc, 'cdk', options);
  expect(renderPolicy(doc, 'cdk', options)).toBe(snippet);
  const usesCdk = snippet.includes('cdk.Stack.of(this)');
  expect(snippet.startsWith(usesCdk ? "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n" : "import * as iam from 'aws-cdk-lib/aws-iam';\n")).toBe(true);
  if (!options.parameterize) expect(usesCdk).toBe(false);
  expect(snippet.includes('// Note: the CDK always writes Version')).toBe(doc.Version !== '2012-10-17');

  const [policy, ...others] = runSnippet(snippet);
  expect(others).toEqual([]);
  expect(policy!.id).toMatch(ALNUM);
  const { statements, ...rest } = policy!.props;
  const expected: Record<string, unknown> = { managedPolicyName: options.name };
  if (options.description !== undefined) expected['description'] = options.description;
  if (options.attachTo) {
    const { kind, name } = options.attachTo;
    expected[`${kind}s`] = [{ [kind]: name, id: `${policy!.id}${kind === 'role' ? 'Role' : 'User'}` }];
  }
  expect(rest).toStrictEqual(expected);
  // What the PolicyStatements are given, as statements: the document with lists for list fields.
  const given = statements.map((s) => record(Object.entries(s.props).map(([k, v]) => [CDK_PROPS[k] ?? fail(`unexpected prop ${k}`), v] as const)));
  const want = doc.Statement.map((s) => ({ ...s, Action: lists(s.Action), NotAction: lists(s.NotAction), Resource: lists(s.Resource), NotResource: lists(s.NotResource) }));
  expect(canonical(given)).toBe(canonical(want));
}

describe('cdk', () => {
  it('type-checks against the aws-cdk-lib stub with zero diagnostics for random documents, and reports broken snippets', () => {
    const samples = fc.sample(fc.tuple(documentArb, optionsArb), { numRuns: 150, seed: 20260 });
    const good = samples.map(([doc, options]) => renderPolicy(doc, 'cdk', options));
    good.push(renderPolicy(EXAMPLE, 'cdk', { name: 'ChatStarterStartChatContact', description: 'Start chats', attachTo: { kind: 'role', name: 'ChatStarter' }, parameterize: { region: REGION, account: ACCOUNT, partition: true } }));
    // The check is not vacuous: a wrong property, a role where a user goes, an unused import, no `this`.
    const user = renderPolicy(EXAMPLE, 'cdk', { name: 'P', attachTo: { kind: 'user', name: 'alice' } });
    const bad = [
      user.replace('actions:', 'action:'),
      user.replace("iam.User.fromUserName(this, 'PUser', 'alice')", "iam.Role.fromRoleName(this, 'PRole', 'alice')"),
      `import * as cdk from 'aws-cdk-lib';\n${user}`,
      user.replace('new iam.ManagedPolicy(this,', 'new iam.ManagedPolicy(undefined,'),
    ];
    expect(bad.every((s) => s !== user)).toBe(true);
    const diagnostics = typeCheck([...good, ...bad]);
    const inFile = (i: number) => diagnostics.filter((d) => d.startsWith(`/generated/snippet${i}.ts:`));
    expect(diagnostics.filter((d) => !bad.some((_, j) => d.startsWith(`/generated/snippet${good.length + j}.ts:`)))).toEqual([]);
    for (let j = 0; j < bad.length; j++) expect(inFile(good.length + j)).not.toEqual([]);
  });

  it('runs against a fake aws-cdk-lib and passes exactly the document, for random documents', () => {
    fc.assert(fc.property(documentArb, optionsArb, checkCdkRun), { numRuns: RUNS });
  });

  it('writes parameterized ARNs as template literals with cdk.Stack.of(this) and keeps IAM variables literal', () => {
    const options: IacOptions = { name: 'ChatStarterStartChatContact', description: 'Start chats', attachTo: { kind: 'role', name: 'ChatStarter' }, parameterize: { region: REGION, account: ACCOUNT, partition: true } };
    const snippet = renderPolicy(EXAMPLE, 'cdk', options);
    expect(snippet).toContain("new iam.ManagedPolicy(this, 'ChatStarterStartChatContact', {\n  managedPolicyName: 'ChatStarterStartChatContact',\n  description: 'Start chats',\n");
    expect(snippet).toContain("roles: [iam.Role.fromRoleName(this, 'ChatStarterStartChatContactRole', 'ChatStarter')],");
    expect(snippet).toContain('effect: iam.Effect.ALLOW,');
    expect(snippet).toContain("actions: ['connect:StartChatContact'],");
    expect(snippet).toContain('resources: [`arn:${cdk.Stack.of(this).partition}:connect:${cdk.Stack.of(this).region}:${cdk.Stack.of(this).account}:instance/abc/contact-flow/*`],');
    expect(snippet).toContain('notResources: [`arn:${cdk.Stack.of(this).partition}:s3:::bucket/\\${aws:username}/\\`*`],');
    expect(snippet).toContain("'aws:PrincipalTag/team': ['${aws:username}', 'it\\'s'],");
    expect(snippet).toContain("'ForAnyValue:StringLike': {");
    checkCdkRun(EXAMPLE, options);
  });

  it('refuses what a PolicyStatement cannot take', () => {
    const withPrincipal = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*' }] } as unknown as PolicyDocument;
    expect(() => renderPolicy(withPrincipal, 'cdk', { name: 'P' })).toThrow(/Principal/);
    expect(renderPolicy(withPrincipal, 'json', { name: 'P' })).toContain('"Principal": "*"');
  });
});

const EXAMPLE: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'StartChat', Effect: 'Allow', Action: 'connect:StartChatContact', Resource: `arn:aws:connect:${REGION}:${ACCOUNT}:instance/abc/contact-flow/*` },
    { Effect: 'Deny', NotAction: ['s3:Get*', 'iam:*'], NotResource: 'arn:aws:s3:::bucket/${aws:username}/`*', Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalTag/team': ['${aws:username}', "it's"] }, NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 } } },
  ],
};

// ---------------------------------------------------------------------------------------------------------
// All formats

describe('all formats', () => {
  const formats: IacFormat[] = ['json', 'cloudformation', 'terraform', 'cdk'];

  it('refuse policy, role and user names IAM would refuse', () => {
    for (const format of formats) {
      expect(() => renderPolicy(EXAMPLE, format, { name: 'bad name' })).toThrow(/invalid policy name/);
      expect(() => renderPolicy(EXAMPLE, format, { name: '' })).toThrow(/invalid policy name/);
      expect(() => renderPolicy(EXAMPLE, format, { name: 'x'.repeat(129) })).toThrow(/invalid policy name/);
      expect(() => renderPolicy(EXAMPLE, format, { name: 'P', attachTo: { kind: 'role', name: "a'b" } })).toThrow(/invalid role name/);
    }
  });

  it('replace only whole partition / region / account fields of ARNs, in Resource, NotResource and condition values', () => {
    const doc: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: `arn:aws:s3:${REGION}:${ACCOUNT}:x`, // not an ARN field: Action is never parameterized
          Resource: [`arn:aws-cn:s3:${REGION}:${ACCOUNT}1:x`, `arn:aws:s3:${REGION}-2:*:${ACCOUNT}`, `arn:aws:s3:${REGION}`, `x:arn:aws:s3:${REGION}:${ACCOUNT}:x`],
          Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:sns:${REGION}:${ACCOUNT}:topic`, [`arn:aws:sns:${REGION}:${ACCOUNT}:k`]: 'v' } },
        },
      ],
    };
    const fields = renderPolicy(doc, 'cloudformation', { name: 'P', parameterize: { region: REGION, account: ACCOUNT } });
    expect(fields.match(/!Sub/g)).toHaveLength(2);
    expect(fields).toContain('- !Sub arn:aws-cn:s3:${AWS::Region}:1111222233331:x\n');
    expect(fields).toContain(`- arn:aws:s3:${REGION}-2:*:${ACCOUNT}\n`);
    expect(fields).toContain('aws:SourceArn: !Sub arn:aws:sns:${AWS::Region}:${AWS::AccountId}:topic\n');
    expect(fields).toContain(`arn:aws:sns:${REGION}:${ACCOUNT}:k: v\n`); // a key, not a value
    const partition = renderPolicy(doc, 'cloudformation', { name: 'P', parameterize: { partition: true } });
    expect(partition.match(/!Sub/g)).toHaveLength(3);
    expect(partition).toContain(`- !Sub arn:\${AWS::Partition}:s3:${REGION}:${ACCOUNT}1:x\n`); // aws-cn is a partition too
    expect(partition).toContain(`- !Sub arn:\${AWS::Partition}:s3:${REGION}-2:*:${ACCOUNT}\n`);
    expect(partition).toContain(`- arn:aws:s3:${REGION}\n`);
    for (const text of [fields, partition]) expect(text).toContain(`Action: arn:aws:s3:${REGION}:${ACCOUNT}:x\n`);
    expect(renderPolicy(doc, 'json', { name: 'P', parameterize: { region: REGION, account: ACCOUNT, partition: true } })).toBe(`${JSON.stringify(doc, null, 2)}\n`);
  });
});
