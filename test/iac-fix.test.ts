/**
 * A fix deploys as the change it describes (src/render/iac.ts renderFix): per holder kind and format, the
 * snippet is read back with the real tool's grammar and holds the right resource. CloudFormation: YAML with
 * CloudFormation's tags (1.1 and 1.2 agree); Terraform: @cdktf/hcl2json (Terraform's own HCL parser);
 * CDK: compiled by TypeScript against aws-cdk-lib's real types and synthesized, when `.ci/run` installed
 * aws-cdk-lib into WHYDENIED_CDK_DIR (it is ~160 MB, so not a dependency).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseDocument, type Tags } from 'yaml';
import type { FixHolder } from '../src/remedy/fix.js';
import { renderFix, type PolicyDocument } from '../src/render/iac.js';

const DOC: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'AllowStartChatContact', Effect: 'Allow', Action: 'connect:StartChatContact', Resource: 'arn:aws:connect:us-east-1:111122223333:instance/abc/contact-flow/*', Condition: { ArnNotLike: { 'aws:PrincipalARN': ['arn:aws:iam::111122223333:role/${aws:username}'] } } }],
};

interface Kind {
  readonly holder: FixHolder;
  /** Resource type -> the properties (CloudFormation) it must hold; the document sits under `document`. */
  readonly cfn: Record<string, Record<string, unknown>>;
  readonly tf: Record<string, Record<string, unknown>>;
  readonly cdk: readonly string[];
}

const KINDS: Record<string, Kind> = {
  'new version of a customer managed policy': {
    holder: { kind: 'managed-policy', name: 'ChatStarterPolicy', arn: 'arn:aws:iam::111122223333:policy/ChatStarterPolicy' },
    cfn: { 'AWS::IAM::ManagedPolicy': { ManagedPolicyName: 'ChatStarterPolicy', PolicyDocument: DOC } },
    tf: { aws_iam_policy: { name: 'ChatStarterPolicy' } },
    cdk: ['AWS::IAM::ManagedPolicy'],
  },
  'edit of an inline role policy': {
    holder: { kind: 'inline-policy', name: 'StartChat', owner: { kind: 'role', name: 'ChatStarter' } },
    cfn: { 'AWS::IAM::RolePolicy': { PolicyName: 'StartChat', RoleName: 'ChatStarter', PolicyDocument: DOC } },
    tf: { aws_iam_role_policy: { name: 'StartChat', role: 'ChatStarter' } },
    cdk: ['AWS::IAM::Policy'],
  },
  'edit of an inline user policy': {
    holder: { kind: 'inline-policy', name: 'StartChat', owner: { kind: 'user', name: 'alice' } },
    cfn: { 'AWS::IAM::UserPolicy': { PolicyName: 'StartChat', UserName: 'alice', PolicyDocument: DOC } },
    tf: { aws_iam_user_policy: { name: 'StartChat', user: 'alice' } },
    cdk: ['AWS::IAM::Policy'],
  },
  'new policy attached to the role': {
    holder: { kind: 'new-policy', name: 'ChatStarter', attachTo: { kind: 'role', name: 'ChatStarter' } },
    cfn: { 'AWS::IAM::ManagedPolicy': { ManagedPolicyName: 'ChatStarter', Roles: ['ChatStarter'], PolicyDocument: DOC } },
    tf: { aws_iam_policy: { name: 'ChatStarter' }, aws_iam_role_policy_attachment: { role: 'ChatStarter' } },
    cdk: ['AWS::IAM::ManagedPolicy'],
  },
  'SCP change': {
    holder: { kind: 'organizations-policy', name: 'DenyConnect', type: 'SERVICE_CONTROL_POLICY', targetId: 'ou-a1b2-cdef3456' },
    cfn: { 'AWS::Organizations::Policy': { Name: 'DenyConnect', Type: 'SERVICE_CONTROL_POLICY', Content: DOC, TargetIds: ['ou-a1b2-cdef3456'] } },
    tf: { aws_organizations_policy: { name: 'DenyConnect', type: 'SERVICE_CONTROL_POLICY' }, aws_organizations_policy_attachment: { target_id: 'ou-a1b2-cdef3456' } },
    cdk: ['AWS::Organizations::Policy'],
  },
  'RCP change, target unknown': {
    holder: { kind: 'organizations-policy', name: 'Rcp', type: 'RESOURCE_CONTROL_POLICY' },
    cfn: { 'AWS::Organizations::Policy': { Name: 'Rcp', Type: 'RESOURCE_CONTROL_POLICY', Content: DOC } },
    tf: { aws_organizations_policy: { name: 'Rcp', type: 'RESOURCE_CONTROL_POLICY' } },
    cdk: ['AWS::Organizations::Policy'],
  },
};

const CFN_TAGS: Tags = ['!Sub', '!Ref', '!GetAtt'].map((tag) => ({ tag, resolve: (value: string) => ({ [tag]: value }) }));

function readCfn(text: string): Record<string, { Type: string; Properties: Record<string, unknown> }> {
  const read = (version: '1.1' | '1.2') => {
    const doc = parseDocument(text, { version, customTags: CFN_TAGS, uniqueKeys: true });
    if (doc.errors.length > 0 || doc.warnings.length > 0) throw new Error([...doc.errors, ...doc.warnings].map((e) => e.message).join('\n'));
    return doc.toJS() as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
  };
  const v11 = read('1.1');
  expect(read('1.2')).toEqual(v11);
  return v11.Resources;
}

/** hcl2json gives `${...}` for expressions; jsonencode(...) of literals only, so the document reads back as JSON. */
function jsonencoded(expr: unknown): unknown {
  expect(typeof expr).toBe('string');
  const m = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(expr as string);
  expect(m).not.toBeNull();
  return m![1];
}

describe.each(Object.entries(KINDS))('%s', (_name, kind) => {
  it('CloudFormation: the template holds exactly that resource, with the document', () => {
    const text = renderFix(DOC, 'cloudformation', kind.holder);
    const resources = Object.entries(readCfn(text));
    expect(resources.map(([, r]) => r.Type)).toEqual(Object.keys(kind.cfn));
    for (const [id, r] of resources) {
      expect(id).toMatch(/^[A-Za-z0-9]+$/);
      expect(r.Properties).toEqual(kind.cfn[r.Type]);
    }
    if (kind.holder.kind === 'new-policy') expect(resources[0]![0]).not.toBe(kind.holder.attachTo?.name); // the role's own logical id stays free
  });

  it('Terraform: HCL that Terraform parses, with those resources', async () => {
    const text = renderFix(DOC, 'terraform', kind.holder);
    const parsed = (await parseHcl('fix.tf', text)) as { resource: Record<string, Record<string, Record<string, unknown>[]>> };
    expect(Object.keys(parsed.resource)).toEqual(Object.keys(kind.tf));
    for (const [type, want] of Object.entries(kind.tf)) {
      const blocks = Object.values(parsed.resource[type]!);
      expect(blocks).toHaveLength(1);
      expect(blocks[0]![0]).toMatchObject(want);
      const doc = blocks[0]![0]!['policy'] ?? blocks[0]![0]!['content'];
      if (doc !== undefined) expect(jsonencoded(doc)).toContain('"connect:StartChatContact"');
    }
  });
});

describe('a document whose holder whydenied cannot fully know', () => {
  const holder: FixHolder = { kind: 'document', name: 'Session', heldBy: 'the session policy passed to AssumeRole' };
  it('is written as the property that holds it, saying so', async () => {
    const cfn = renderFix(DOC, 'cloudformation', holder);
    expect(cfn).toMatch(/^# The document of the session policy passed to AssumeRole/);
    const doc = parseDocument(cfn, { customTags: CFN_TAGS });
    expect(doc.errors).toEqual([]);
    expect(doc.toJS()).toEqual({ PolicyDocument: DOC });
    const tf = (await parseHcl('fix.tf', renderFix(DOC, 'terraform', holder))) as Record<string, unknown>;
    expect(Object.keys(tf)).toEqual(['policy']);
  });

  it('a key policy is the KeyPolicy / policy property of the key', async () => {
    const key: FixHolder = { kind: 'document', name: 'KeyPolicy', heldBy: 'the key policy of arn:aws:kms:us-east-1:111122223333:key/k', cloudformation: 'KeyPolicy', terraform: 'policy' };
    expect(parseDocument(renderFix(DOC, 'cloudformation', key), { customTags: CFN_TAGS }).toJS()).toEqual({ KeyPolicy: DOC });
    const trust: FixHolder = { ...key, cloudformation: 'AssumeRolePolicyDocument', terraform: 'assume_role_policy' };
    expect(Object.keys((await parseHcl('fix.tf', renderFix(DOC, 'terraform', trust))) as object)).toEqual(['assume_role_policy']);
  });
});

// ---------------------------------------------------------------------------------------------------------
// CDK, for real: only where aws-cdk-lib was installed for this test (see .ci/run).

const CDK_DIR = process.env['WHYDENIED_CDK_DIR'];
const cdkReady = CDK_DIR !== undefined && existsSync(join(CDK_DIR, 'node_modules', 'aws-cdk-lib', 'package.json'));
if (!cdkReady) console.log('iac-fix: CDK compile + synth skipped (set WHYDENIED_CDK_DIR to a folder with aws-cdk-lib installed, as .ci/run does)');

function wrap(snippet: string, i: number): string {
  const lines = snippet.split('\n');
  const body = lines.filter((l) => !l.startsWith('import '));
  return [
    ...lines.filter((l) => l.startsWith('import ')),
    "import { App as GenApp, Stack as GenStack } from 'aws-cdk-lib';",
    "import type { Construct as GenConstruct } from 'constructs';",
    `class Generated${i} extends GenStack {`,
    '  constructor(scope: GenConstruct, id: string) {',
    '    super(scope, id);',
    ...body.map((l) => `    ${l}`),
    '  }',
    '}',
    'const app = new GenApp();',
    `new Generated${i}(app, 'S');`,
    "const template = app.synth().getStackByName('S').template as { Resources?: Record<string, { Type: string }> };",
    'console.log(JSON.stringify(Object.values(template.Resources ?? {}).map((r) => r.Type)));',
    '',
  ].join('\n');
}

describe.skipIf(!cdkReady)('CDK: compiles against aws-cdk-lib and synthesizes the right resources', () => {
  it('every kind', { timeout: 300_000 }, () => {
    const dir = mkdtempSync(join(CDK_DIR!, 'gen-'));
    mkdirSync(dir, { recursive: true });
    const entries = Object.values(KINDS).map((kind, i) => {
      const file = join(dir, `fix${i}.ts`);
      writeFileSync(file, wrap(renderFix(DOC, 'cdk', kind.holder).replace(/^\/\/.*\n/gm, '').replace('const policyDocument', 'void'), i));
      return { file, kind };
    });
    const options: ts.CompilerOptions = { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, esModuleInterop: true, skipLibCheck: true, outDir: dir, noUnusedLocals: true, types: [] };
    const program = ts.createProgram(entries.map((e) => e.file), options);
    const emitted = program.emit();
    const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(diagnostics).toEqual([]);
    for (const { file, kind } of entries) {
      const out = execFileSync(process.execPath, [file.replace(/\.ts$/, '.js')], { cwd: dir, encoding: 'utf8' });
      expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual(kind.cdk);
    }
  });
});
