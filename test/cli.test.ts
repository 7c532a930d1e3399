import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { spawnCliSync } from './fixtures/spawn-cli.js';
import { tempFolder } from './fixtures/temp-folder.js';

const { dir, file } = tempFolder('whydenied-cli-');
const run = (args: string[], input?: string) => spawnCliSync(args, { input: input ?? '' });

const allowScenario = {
  request: { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q3.csv' },
  identityPolicies: [{ name: 'Read', document: { Version: '2012-10-17', Statement: [{ Sid: 'ReadReports', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }] } }],
};

describe('whydenied simulate', () => {
  it('explains the built-in example: denied by the identity policy whose Resource is the instance ARN (exit 2)', () => {
    const r = run(['simulate', '--example']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('DENIED');
    expect(r.stdout).toContain('implicitly denied (no allow) by the identity-based policies');
    expect(r.stdout).toMatch(/AllowStartChatContact[\s\S]*is not matched by Resource/);
  });

  it('prints exactly the library result with --json', () => {
    const r = run(['simulate', '--example', '--json']);
    const json = JSON.parse(r.stdout) as { decision: string; deniedBy: string[]; statements: { statement: string; mismatch: string[] }[] };
    expect(json.decision).toBe('implicit-deny');
    expect(json.deniedBy).toEqual(['identity']);
    expect(json.statements.find((s) => s.statement === 'AllowStartChatContact')?.mismatch).toEqual(['resource']);
  });

  it('exits 0 when the request is allowed, reading JSON from a file', () => {
    const r = run(['simulate', file('allow.json', JSON.stringify(allowScenario))]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ALLOWED');
  });

  it('a request AWS refuses whatever the policies say is never ALLOWED: the rule is named (exit 2)', () => {
    const scenario = {
      request: { principal: 'arn:aws:iam::111122223333:user/alice', action: 'iam:CreatePolicyVersion', resource: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      identityPolicies: [{ name: 'Admin', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
    };
    const r = run(['simulate', file('managed.json', JSON.stringify(scenario))]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('REFUSED BY AWS');
    expect(r.stdout).toContain('is an AWS managed policy');
    const json = JSON.parse(run(['simulate', '--json', file('managed2.json', JSON.stringify(scenario))]).stdout) as { decision: string; awsRules: { rule: string }[] };
    expect(json.decision).toBe('implicit-deny');
    expect(json.awsRules.map((a) => a.rule)).toEqual(['aws-owned-resource']);
  });

  it('sts:GetCallerIdentity is allowed despite an explicit Deny, and says why (exit 0)', () => {
    const scenario = {
      request: { principal: 'arn:aws:sts::111122223333:assumed-role/App/s', action: 'sts:GetCallerIdentity' },
      identityPolicies: [{ name: 'DenyAll', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] } }],
    };
    const r = run(['simulate', file('gci.json', JSON.stringify(scenario))]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('needs no permission');
  });

  it('reads the scenario from stdin with -', () => {
    const r = run(['simulate', '-', '--json'], JSON.stringify(allowScenario));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).decision).toBe('allow');
  });

  it('reads YAML scenarios', () => {
    const yaml = `request:
  principal: arn:aws:iam::111122223333:user/alice
  action: s3:GetObject
  resource: arn:aws:s3:::reports/q3.csv
identityPolicies:
  - name: Read
    document:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: s3:GetObject
          Resource: arn:aws:s3:::other/*
`;
    const r = run(['simulate', file('deny.yaml', yaml), '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).deniedBy).toEqual(['identity']);
  });

  it('--no-trace leaves the statements out but keeps the decision', () => {
    const r = run(['simulate', '--example', '--json', '--no-trace']);
    expect(JSON.parse(r.stdout)).toMatchObject({ decision: 'implicit-deny', statements: [] });
  });

  it('prints warnings to stderr with the file, line and pointer, and still decides', () => {
    const scenario = structuredClone(allowScenario) as { identityPolicies: { document: { Statement: Record<string, unknown>[] } }[] };
    scenario.identityPolicies[0]!.document.Statement.push({ Effect: 'Allow', Action: 's3:GetObjet', Resource: '*' });
    const path = file('warn.json', JSON.stringify(scenario, null, 2));
    const r = run(['simulate', path]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`warning: ${path}:`);
    expect(r.stderr).toContain('`s3:GetObjet` is not an action of `s3`');
    expect(r.stderr).toContain('did you mean `s3:GetObject`?');
  });
});

describe('bad input: one clear message, exit 1, no stack trace', () => {
  const expectBad = (r: { code: number | null; stdout: string; stderr: string }, ...parts: string[]) => {
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    for (const p of parts) expect(r.stderr).toContain(p);
    expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // no stack frames
  };

  it('a missing file', () => expectBad(run(['simulate', join(dir, 'nope.json')]), 'nope.json: no such file'));
  it('a folder', () => expectBad(run(['simulate', dir]), 'is a folder, not a file'));
  it('an empty file', () => expectBad(run(['simulate', file('empty.json', '')]), 'empty.json: is empty'));
  it('malformed JSON, with its line and column', () => expectBad(run(['simulate', file('broken.json', '{\n  "request": {\n    "principal": "x",\n  }\n}')]), 'broken.json:4:', 'is not valid JSON'));
  it('truncated JSON', () => expectBad(run(['simulate', file('truncated.json', JSON.stringify(allowScenario).slice(0, 60))]), 'truncated.json', 'is not valid JSON'));
  it('malformed YAML', () => expectBad(run(['simulate', file('broken.yaml', 'request:\n  principal: [unclosed\n')]), 'broken.yaml', 'is not valid YAML'));
  it('binary garbage', () => expectBad(run(['simulate', file('garbage.json', gzipSync(Buffer.from('{"request":{}}')))]), 'garbage.json: is a binary file'));
  it('an unreadable file', () => {
    const path = file('secret.json', '{}');
    chmodSync(path, 0o000);
    const r = run(['simulate', path]);
    chmodSync(path, 0o600);
    // root reads anything: then the file is read and rejected as a scenario, still exit 1
    expectBad(r, 'secret.json');
  });
  it('a JSON value that is not a scenario', () => expectBad(run(['simulate', file('array.json', '[1,2]')]), 'a scenario must be an object'));
  it('an unknown option', () => expectBad(run(['simulate', '--jsno']), 'unknown option `--jsno`'));
  it('an unknown command', () => expectBad(run(['simulat']), 'unknown command `simulat`'));
  it('no file at all', () => expectBad(run(['simulate']), 'simulate needs a scenario file'));

  it('reports every grammar problem at once, each with line and pointer, and a did-you-mean', () => {
    const bad = {
      request: { principal: 'arn:aws:iam::111122223333:user/bob', action: 'connect:StartChatContat' },
      identityPolicies: [{ document: { Version: '2012-10-17', Statement: [{ Effect: 'Alow', Action: 's3:GetObject', Resource: '*', Condition: { StringEqual: { 'aws:username': 'x' } } }] } }],
    };
    const r = run(['simulate', file('grammar.json', JSON.stringify(bad, null, 2))]);
    expectBad(
      r,
      '3 problems in the scenario; nothing was evaluated',
      'grammar.json:4:',
      '/request/action (did you mean `connect:StartChatContact`?)',
      '/identityPolicies/0/document/Statement/0/Effect (did you mean `Allow`?)',
      'unknown condition operator `StringEqual`',
      '(did you mean `StringEquals`?)',
    );
  });
});

describe('help and version', () => {
  it('documents the commands and exit codes', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('whydenied simulate FILE');
    expect(r.stdout).toContain('whydenied explain');
    expect(r.stdout).toMatch(/Exit codes:[\s\S]*simulate: +0 the request is allowed, 2 the request is denied[\s\S]*explain: +0 a cause was found, 3 the cause could not be determined[\s\S]*all: +1 bad input/);
    const simulate = run(['simulate', '--help']);
    expect(simulate.code).toBe(0);
    expect(simulate.stdout).toMatch(/--no-trace[\s\S]*Exit codes:[\s\S]*2 +the request is denied/);
  });
  it('prints the version', () => expect(run(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+\n$/));
});
