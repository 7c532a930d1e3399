/**
 * The lint gate a CI can trust: the configuration file (found from the working folder upward, or
 * --config), ignored paths, the baseline (--write-baseline, --baseline), --max-warnings, suppressions in
 * SARIF, and every bad configuration or baseline as one message naming the file and the place, exit 1.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCaptured } from './fixtures/run-cli.js';
import { tempFolder, type TempFolder } from './fixtures/temp-folder.js';
import { readBaseline, writeBaseline } from '../src/lint/baseline.js';
import { globMatches, loadConfig } from '../src/lint/config.js';
import type { LintReport } from '../src/lint/types.js';

/** A fresh folder for each test. */
let dir: string;
let file: TempFolder['file'];
beforeEach(() => {
  ({ dir, file } = tempFolder('whydenied-lint-config-'));
});

const cli = (...args: string[]) => runCaptured(['lint', ...args]);

const WILDCARD = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Build', Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::build/*' }] });
const EXAMPLE = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Send', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:123456789012:orders' }] });

describe('the configuration file', () => {
  it('is found from the working folder upward: whydenied.config.json, else the `whydenied` key of package.json', async () => {
    file('repo/package.json', JSON.stringify({ name: 'infra', whydenied: { rules: { 'wildcard-action': 'off' } } }));
    mkdirSync(join(dir, 'repo', 'infra', 'iam'), { recursive: true });
    const fromPackage = await loadConfig(undefined, join(dir, 'repo', 'infra', 'iam'));
    expect(fromPackage.ok && fromPackage.config.rules).toEqual({ 'wildcard-action': 'off' });
    expect(fromPackage.ok && fromPackage.config.root).toBe(join(dir, 'repo'));
    file('repo/infra/whydenied.config.json', JSON.stringify({ rules: { 'wildcard-action': 'error' } }));
    const nearer = await loadConfig(undefined, join(dir, 'repo', 'infra', 'iam'));
    expect(nearer.ok && nearer.config.rules).toEqual({ 'wildcard-action': 'error' });
    expect(nearer.ok && nearer.config.root).toBe(join(dir, 'repo', 'infra'));
  });

  it('a package.json without the key is passed over', async () => {
    file('a/package.json', JSON.stringify({ name: 'whydenied-user' }));
    const loaded = await loadConfig(undefined, join(dir, 'a'));
    expect(loaded.ok && loaded.config.rules).toEqual({});
  });

  it('--config: severities apply, ignored paths are not linted, own accounts are accepted', async () => {
    const config = file('c.json', JSON.stringify({ rules: { 'wildcard-action': 'error' }, ignore: ['legacy/'], accounts: { own: ['123456789012'] } }));
    const a = file('iam/a.json', WILDCARD);
    const b = file('iam/b.json', EXAMPLE);
    file('legacy/old.json', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }));
    const r = await cli(join(dir, 'iam'), join(dir, 'legacy'), '--config', config, '--json');
    const report = JSON.parse(r.stdout) as LintReport;
    expect(report.findings.map((f) => `${f.location.file} ${f.severity} ${f.rule}`)).toEqual([`${a} error wildcard-action`]);
    expect(report.ignored).toEqual([join(dir, 'legacy', 'old.json')]);
    expect(report.files.map((f) => f.file)).toEqual([a, b]);
    expect(r.code).toBe(4);
  });
});

describe('bad configuration: one problem naming the file and the place, exit 1, nothing linted', () => {
  /** The configuration's problem: its message id, data and place (the words: test/input-problem-words.test.ts). */
  const bad = async (content: string, messageId: string, data: object, line?: number) => {
    const config = file('whydenied.config.json', content);
    expect(await loadConfig(config)).toEqual({ ok: false, problem: { file: config, messageId, data, ...(line !== undefined && { line, column: expect.any(Number) }) } });
  };
  const at = (pointer: string) => ({ pointer, inPackage: false });
  it('one line naming the file, the place and what is wrong; exit 1, nothing linted', async () => {
    const config = file('whydenied.config.json', '{\n  "rule": {}\n}');
    const r = await cli(file('p.json', WILDCARD), '--config', config);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`whydenied: ${config}:2:11: rule: unknown setting (known: rules, ignore, accounts, suppress)\n`);
  });
  it('a missing --config file', async () => {
    const r = await cli(file('p.json', WILDCARD), '--config', join(dir, 'nope.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nope.json: no such configuration file');
    expect(await loadConfig(join(dir, 'nope.json'))).toEqual({ ok: false, problem: { file: join(dir, 'nope.json'), messageId: 'notFound', data: { role: 'configuration' } } });
    expect(await loadConfig(dir)).toEqual({ ok: false, problem: { file: dir, messageId: 'isFolder', data: { role: 'configuration' } } });
  });
  it('malformed JSON, with line and column', () => bad('{\n  "rules": {,\n}', 'invalidJson', { reason: expect.stringMatching(/^[a-z]/) }, 2));
  it('an unknown setting, with the known ones', () => bad('{\n  "rule": {}\n}', 'configUnknownSetting', { ...at('/rule'), known: ['rules', 'ignore', 'accounts', 'suppress'] }, 2));
  it('a rule that does not exist', () => bad('{ "rules": { "wildcard-actoin": "off" } }', 'configNotRule', at('/rules/wildcard-actoin'), 1));
  it('a severity that does not exist', () => bad('{ "rules": { "wildcard-action": "warn" } }', 'configNotOneOf', { ...at('/rules/wildcard-action'), allowed: ['off', 'warning', 'error'] }, 1));
  it('an account that is not 12 digits', () => bad('{ "accounts": { "own": ["12345"] } }', 'configNotAccountId', at('/accounts/own/0'), 1));
  it('a suppression without a reason', () => bad('{ "suppress": [{ "files": "*.json", "rule": "wildcard-action" }] }', 'configMissing', { ...at('/suppress/0'), property: 'reason' }, 1));
  it('a blank reason', () => bad('{ "suppress": [{ "files": "*.json", "rule": "wildcard-action", "reason": "  " }] }', 'configBlank', at('/suppress/0/reason'), 1));
  it('ignore that is not a list', () => bad('{ "ignore": "legacy/" }', 'configSchema', { ...at('/ignore'), detail: 'must be array' }, 1));
  it('a configuration that is not an object', () => bad('[]', 'configSchema', { ...at(''), detail: 'must be object' }, 1));
  it('a bad `whydenied` key in package.json names package.json and the key', async () => {
    const pkg = file('package.json', '{\n  "name": "x",\n  "whydenied": { "rules": { "nope": "off" } }\n}\n');
    expect(await loadConfig(pkg)).toEqual({ ok: false, problem: { file: pkg, messageId: 'configNotRule', data: { pointer: '/rules/nope', inPackage: true }, line: 3, column: 37 } });
    const r = await cli(file('p.json', WILDCARD), '--config', pkg);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`whydenied: ${pkg}:3:37: rules › nope: is not a rule (\`whydenied lint --list-rules\` lists them)\n`);
  });
});

describe('the baseline: adopt lint on an old repository', () => {
  it('--write-baseline records every finding; --baseline then accepts them and fails on a new one', async () => {
    const p = file('p.json', WILDCARD);
    const baseline = join(dir, 'baseline.json');
    const w = await cli(p, '--write-baseline', baseline);
    expect(w.code).toBe(0);
    expect(w.stderr).toContain('wrote 1 finding to');
    const written = JSON.parse(readFileSync(baseline, 'utf8')) as { version: number; findings: { file: string; rule: string; statement: string; count: number }[] };
    expect(written.findings.map((f) => `${f.file} ${f.rule} ${f.statement} ${f.count}`)).toEqual(['p.json wildcard-action Build 1']);

    const clean = await cli(p, '--baseline', baseline, '--max-warnings', '0', '--json');
    expect(clean.code).toBe(0);
    expect((JSON.parse(clean.stdout) as { summary: unknown }).summary).toMatchObject({ errors: 0, warnings: 0, baselined: 1 });

    // A statement added above does not un-accept the old finding (no line numbers in the baseline); the new one counts.
    writeFileSync(p, JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'New', Effect: 'Allow', Action: 'sqs:*', Resource: 'arn:aws:sqs:us-east-1:246813579024:q' }, ...(JSON.parse(WILDCARD) as { Statement: unknown[] }).Statement] }));
    const next = await cli(p, '--baseline', baseline, '--max-warnings', '0', '--json');
    expect(next.code).toBe(4);
    expect((JSON.parse(next.stdout) as LintReport).findings.map((f) => `${f.rule} ${f.location.statement}`)).toEqual(['wildcard-action New']);
  });

  it('writes nothing when a file could not be linted', async () => {
    const baseline = join(dir, 'baseline.json');
    const r = await cli(file('p.json', WILDCARD), join(dir, 'missing.json'), '--write-baseline', baseline);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not written');
    expect(existsSync(baseline)).toBe(false);
  });

  it.each([
    ['a missing baseline', undefined, 'notFound', { role: 'baseline' }],
    ['not JSON', '{', 'baselineNotJson', {}],
    ['not a baseline', '{"findings": []}', 'notBaseline', {}],
    ['an entry that is no object', '{"version": 1, "findings": ["p.json"]}', 'baselineEntryShape', { index: 0 }],
    ['an entry without its rule', '{"version": 1, "findings": [{"file": "p.json", "messageId": "x", "policy": "p", "pointer": "", "count": 1}]}', 'baselineFieldNotText', { index: 0, field: 'rule' }],
    ['a count of zero', '{"version": 1, "findings": [{"file": "p.json", "rule": "r", "messageId": "x", "policy": "p", "pointer": "", "count": 0}]}', 'baselineCount', { index: 0 }],
  ])('bad baseline: %s', async (_name, content, messageId, data) => {
    const path = content === undefined ? join(dir, 'none.json') : file('b.json', content);
    expect(await readBaseline(path)).toEqual({ ok: false, problem: { file: path, messageId, data } });
    const r = await cli(file('p.json', WILDCARD), '--baseline', path);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(`whydenied: ${path}: `)).toBe(true);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([['--baseline'], ['--config']])('%s /dev/zero: refused at the size limit, not read without end', async (option) => {
    const r = await cli(file('p.json', WILDCARD), option, '/dev/zero');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('/dev/zero: is larger than 64 MiB');
  });

  it('a baseline that cannot be written (no such folder, a folder)', async () => {
    const path = join(dir, 'no', 'such', 'b.json');
    expect(await writeBaseline(path, [])).toEqual({ file: path, messageId: 'notWritable', data: { code: 'ENOENT' } });
    expect(await writeBaseline(dir, [])).toEqual({ file: dir, messageId: 'notWritable', data: { code: 'EISDIR' } });
    const r = await cli(file('p.json', WILDCARD), '--write-baseline', path);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot be written (no such folder)');
  });

  it('replaces a symlink with the file, never writing through it', async () => {
    const target = file('target.txt', 'keep');
    const link = join(dir, 'link.json');
    symlinkSync(target, link);
    expect((await cli(file('p.json', WILDCARD), '--write-baseline', link)).code).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe('keep');
  });
});

describe('--max-warnings', () => {
  it('exit 4 above the limit, 0 at it', async () => {
    const p = file('p.json', WILDCARD);
    const over = await cli(p, '--max-warnings', '0');
    expect(over.code).toBe(4);
    expect(over.stderr).toContain('1 warning, more than --max-warnings 0');
    expect((await cli(p, '--max-warnings', '1')).code).toBe(0);
    expect((await cli(p)).code).toBe(0);
  });
  it('a value that is not a number: usage error', async () => {
    const r = await cli(file('p.json', WILDCARD), '--max-warnings', 'many');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not a number of warnings');
  });
});

describe('suppressed findings in the output', () => {
  it('SARIF keeps them as suppressed results with the reason (inSource, external for the configuration and the baseline)', async () => {
    const p = file('p.yaml', 'Version: "2012-10-17"\nStatement:\n  # whydenied-disable wildcard-action -- the build role runs every S3 action\n  - Effect: Allow\n    Action: "s3:*"\n    Resource: "arn:aws:s3:::build/*"\n');
    const r = await cli(p, '--sarif');
    expect(r.code).toBe(0);
    const results = (JSON.parse(r.stdout) as { runs: { results: { ruleId: string; suppressions?: unknown[] }[] }[] }).runs[0]!.results;
    expect(results.map((x) => [x.ruleId, x.suppressions])).toEqual([['wildcard-action', [{ kind: 'inSource', status: 'accepted', justification: 'the build role runs every S3 action' }]]]);
  });
  it('the human report counts them', async () => {
    const p = file('p.yaml', 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow # whydenied-disable wildcard-action -- reviewed\n    Action: "s3:*"\n    Resource: "arn:aws:s3:::build/*"\n');
    expect((await cli(p)).stdout).toContain('0 errors, 0 warnings in 1 file (1 policy); 1 finding suppressed');
  });
});

describe('ignore globs', () => {
  it.each([
    ['legacy/', 'legacy/a.json', true],
    ['legacy/', 'src/legacy/a.json', true],
    ['/legacy/', 'src/legacy/a.json', false],
    ['*.test.json', 'iam/x.test.json', true],
    ['iam/*.json', 'iam/x.json', true],
    ['iam/*.json', 'iam/sub/x.json', false],
    ['iam/**/*.json', 'iam/sub/deep/x.json', true],
    ['iam/**/*.json', 'iam/x.json', true],
    ['**/fixtures/**', 'a/fixtures/b/c.yaml', true],
    ['{dev,test}/*.yaml', 'test/x.yaml', true],
    ['{dev,test}/*.yaml', 'prod/x.yaml', false],
    ['a?.json', 'ab.json', true],
    ['a?.json', 'a/.json', false],
    ['p.json', 'p_json', false],
  ])('%s matches %s: %s', (glob, path, expected) => {
    expect(globMatches(glob, path)).toBe(expected);
  });
});

describe('policy types: --policy-type, else guessed from the document', () => {
  const bucket = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::246813579024:role/reader' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }] });
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: ['sts:AssumeRole', 's3:GetObject'] }] });
  it.each([
    ['no Principal: identity', { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }, 'identity'],
    ['a Principal: resource', JSON.parse(bucket) as unknown, 'resource'],
    ['a Principal and only sts:AssumeRole without Resource: trust', { Statement: { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' } }, 'trust'],
    ['a Principal, sts:AssumeRole and a Resource: resource', { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Resource: '*' }] }, 'resource'],
    ['not an object: identity', 'text', 'identity'],
  ])('%s', async (_name, document, expected) => {
    const { guessPolicyType } = await import('../src/lint/policy-type.js');
    expect(guessPolicyType(document)).toBe(expected);
  });
  it('a bucket policy is not an error for having a Principal; as an identity policy it is', async () => {
    const p = file('bucket.json', bucket);
    const guessed = await cli(p, '--json');
    expect((JSON.parse(guessed.stdout) as LintReport).findings.map((f) => f.rule)).toEqual([]);
    expect(guessed.code).toBe(0);
    const identity = await cli(p, '--json', '--policy-type', 'identity');
    expect((JSON.parse(identity.stdout) as LintReport).findings.map((f) => `${f.rule}/${f.messageId}`)).toEqual(['invalid-policy/principal-not-allowed']);
    expect(identity.code).toBe(4);
  });
  it('a trust policy that grants permissions: guessed as trust, the S3 action is an error', async () => {
    const r = await cli(file('trust.json', trust), '--json');
    expect((JSON.parse(r.stdout) as LintReport).findings.map((f) => `${f.rule}/${f.messageId} ${f.location.documentPointer}`)).toEqual(['policy-type-grammar/trustAction /Statement/0/Action/1']);
  });
  it('an unknown --policy-type: usage error with the choices', async () => {
    const r = await cli(file('p.json', WILDCARD), '--policy-type', 'bucket');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bucket');
    expect(r.stdout).toBe('');
  });
});

describe('CloudFormation resource-based policies, each with its type', () => {
  it('bucket, queue, topic and key policies, the trust policy and a Lambda permission: findings on the commented lines', async () => {
    const { lintPaths } = await import('../src/lint/lint.js');
    const template = join('test', 'fixtures', 'lint', 'resource-policies.yaml');
    const report = await lintPaths([template]);
    expect(report.problems).toEqual([]);
    expect(report.files).toEqual([{ file: template, format: 'cloudformation', policies: 6 }]);
    expect(report.findings.map((f) => `${f.location.line} ${f.rule}/${f.messageId} ${f.location.resource} › ${f.location.policy}`)).toEqual([
      '24 policy-type-grammar/unsupportedAction ReportsPolicy › BucketPolicy',
      '72 policy-type-grammar/trustAction WorkerRole › AssumeRolePolicyDocument',
      '84 unknown-action/unknownAction InvokeFromS3 › Permission',
    ]);
    const text = readFileSync(template, 'utf8').split('\n');
    for (const f of report.findings) expect(text[f.location.line! - 2], `the comment above line ${f.location.line}`).toContain(f.rule);
  });
});

describe('links that work where SARIF is shown', () => {
  it('every rule has a helpUri under the package homepage, naming a docs page that exists and ships in the package', async () => {
    const { renderSarif, DOCS_URL } = await import('../src/render/sarif.js');
    const root = join(import.meta.dirname, '..');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { homepage: string; repository: { url: string }; files: string[] };
    expect(DOCS_URL.startsWith(pkg.homepage.replace(/#readme$/, ''))).toBe(true);
    expect(pkg.repository.url).toContain(new URL(pkg.homepage).pathname.replace(/#.*/, ''));
    expect(pkg.files).toContain('docs');
    const sarif = renderSarif({ files: [], findings: [], problems: [], skipped: [] }, { version: '0.0.0', root }) as { runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } } }[] };
    const rules = sarif.runs[0]!.tool.driver.rules;
    expect(rules.length).toBeGreaterThan(10);
    for (const r of rules) {
      expect(r.helpUri).toBe(`${DOCS_URL}docs/lint/${r.id}.md`);
      expect(existsSync(join(root, 'docs', 'lint', `${r.id}.md`)), r.id).toBe(true);
    }
  });
  it('the GitHub Actions workflow in the docs uploads the SARIF lint writes', () => {
    const text = readFileSync(join(import.meta.dirname, '..', 'docs', 'ci', 'github-actions.md'), 'utf8');
    expect(text).toContain('github/codeql-action/upload-sarif');
    expect(text).toContain('security-events: write');
    expect(text).toMatch(/lint [^\n]*--sarif[^\n]*> whydenied\.sarif/);
    expect(text).toContain('sarif_file: whydenied.sarif');
  });
});

describe('lint --action --context: a conditional Allow is allowed when the conditions hold', () => {
  it('the policy `whydenied policy --source-vpce` writes passes `lint --action` with the matching context, not with another', async () => {
    const instance = 'arn:aws:connect:us-east-1:246813579024:instance/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
    const written = await runCaptured(['policy', 'connect:StartChatContact', '--instance', instance, '--flow', '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d', '--source-vpce', 'vpce-0a1b2c3d']);
    expect(written.code).toBe(0);
    const p = file('vpce.json', written.stdout);
    const through = await cli(p, '--action', 'connect:StartChatContact', '--context', 'aws:SourceVpce=vpce-0a1b2c3d', '--json');
    expect(through.code).toBe(0);
    expect((JSON.parse(through.stdout) as LintReport).actionChecks?.map((c) => c.verdict)).toEqual(['allowed']);
    const other = await cli(p, '--action', 'connect:StartChatContact', '--context', 'aws:SourceVpce=vpce-99999999', '--json');
    expect(other.code).toBe(4);
    expect((JSON.parse(other.stdout) as LintReport).findings.map((f) => `${f.rule}/${f.messageId}`)).toEqual(['action-not-allowed/conditionsNotMet']);
    const without = await cli(p, '--action', 'connect:StartChatContact', '--json');
    expect((JSON.parse(without.stdout) as LintReport).findings.map((f) => `${f.rule}/${f.messageId}`)).toEqual(['action-not-allowed/onlyWithConditions']);
  });
  it('bad --context: not KEY=VALUE, or without --action', async () => {
    const p = file('p.json', WILDCARD);
    const bad = await cli(p, '--action', 's3:GetObject', '--context', 'SourceVpce');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('must be KEY=VALUE with a condition key');
    const alone = await cli(p, '--context', 'aws:SourceVpce=vpce-1');
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain('--context needs --action');
  });
});

describe('Terraform configuration (.tf), read with HashiCorp\'s HCL parser', () => {
  const tf = join('test', 'fixtures', 'lint', 'terraform', 'main.tf');
  it('jsonencode and heredoc policies of IAM and resource-policy resources, findings on the policy attribute, comment suppressions', async () => {
    const { lintPaths } = await import('../src/lint/lint.js');
    const report = await lintPaths([tf]);
    expect(report.problems).toEqual([]);
    // reader, inline (heredoc), the role's trust policy, the bucket policy; `built` is known only at plan time
    expect(report.files).toEqual([{ file: tf, format: 'terraform', policies: 4 }]);
    expect(report.findings.map((f) => `${f.location.line} ${f.rule}/${f.messageId} ${f.location.resource} ${f.location.documentPointer}`)).toEqual([
      '6 unknown-action/unknownAction aws_iam_policy.reader /Statement/0/Action/0',
      '34 policy-type-grammar/trustResource aws_iam_role.app /Statement/0/Resource',
    ]);
    const text = readFileSync(tf, 'utf8').split('\n');
    for (const f of report.findings) expect(text[f.location.line! - 2], `the comment above line ${f.location.line}`).toContain(f.rule);
    expect(report.suppressed?.map((s) => `${s.finding.rule} ${s.finding.location.resource} ${s.reason}`)).toEqual(['wildcard-action aws_iam_role_policy.inline the inline policy is reviewed']);
  });
  it('a folder walk includes .tf files', async () => {
    const { lintPaths } = await import('../src/lint/lint.js');
    const report = await lintPaths([join('test', 'fixtures', 'lint', 'terraform')]);
    expect(report.files.map((f) => f.format)).toEqual(['terraform']);
  });
  it('invalid HCL: one message with line and column, exit 1', async () => {
    const r = await cli(file('bad.tf', 'resource "aws_iam_policy" "p" {\n  policy = \n'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.tf:2:\d+: is not valid Terraform \(HCL\): /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it('a .tf file without policies, named on the command line: exit 1; in a folder: skipped', async () => {
    const r = await cli(file('vars.tf', 'variable "region" {}\n'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('vars.tf: is Terraform without IAM policies written in it');
    mkdirSync(join(dir, 'tree'));
    file('tree/vars.tf', 'variable "region" {}\n');
    file('tree/p.json', WILDCARD);
    const folder = await cli(join(dir, 'tree'), '--json');
    expect((JSON.parse(folder.stdout) as LintReport).skipped).toEqual([join(dir, 'tree', 'vars.tf')]);
  });
  it('a jsonencode argument that is no object literal is linted as what it is', async () => {
    const r = await cli(file('weird.tf', 'resource "aws_iam_policy" "p" {\n  policy = jsonencode("not a policy")\n}\n'), '--json');
    expect(r.code).toBe(4);
    expect((JSON.parse(r.stdout) as LintReport).findings.map((f) => `${f.rule}`)).toEqual(['invalid-policy']);
  });
});
