/**
 * The words of every input file problem, once: one sample per message id (the compiler requires one for
 * each) and the sentence a user reads for it, then the line the CLI prints and what --json carries.
 * Everything else asserts message ids and data; this is where the wording is pinned.
 */
import { describe, expect, it } from 'vitest';
import type { InputProblem, InputProblemId, InputProblemMessages } from '../src/input/input-problems.js';
import { inputProblemJson, inputProblemLine, inputProblemMessage } from '../src/render/input-problems.js';

const at = (pointer: string, inPackage = false) => ({ pointer, inPackage });

const WORDS: { readonly [K in InputProblemId]: readonly (readonly [InputProblemMessages[K], string])[] } = {
  notFound: [
    [{ role: 'file' }, 'no such file'],
    [{ role: 'path' }, 'no such file or folder'],
    [{ role: 'configuration' }, 'no such configuration file'],
    [{ role: 'baseline' }, 'no such baseline file (write one with --write-baseline FILE)'],
  ],
  isFolder: [
    [{ role: 'file' }, 'is a folder, not a file'],
    [{ role: 'configuration' }, 'is a folder, not a configuration file'],
    [{ role: 'baseline' }, 'is a folder, not a baseline file'],
  ],
  permissionDenied: [[{}, 'permission denied']],
  tooLarge: [[{ limit: 64 * 1024 * 1024 }, 'is larger than 64 MiB']],
  unreadable: [
    [{ code: 'ENOTDIR' }, 'cannot be read (ENOTDIR)'],
    [{}, 'cannot be read'],
  ],
  notWritable: [
    [{ code: 'ENOENT' }, 'cannot be written (no such folder)'],
    [{ code: 'EACCES' }, 'cannot be written (permission denied)'],
    [{ code: 'EISDIR' }, 'cannot be written (is a folder)'],
    [{ code: 'EROFS' }, 'cannot be written (EROFS)'],
    [{}, 'cannot be written (error)'],
  ],
  binary: [
    [{ expected: 'text' }, 'is a binary file, not text'],
    [{ expected: 'document' }, 'is a binary file, not JSON or YAML'],
    [{ expected: 'cloudtrail' }, 'is a binary file, not CloudTrail JSON or gzip'],
  ],
  empty: [[{}, 'is empty']],
  tooDeep: [[{ limit: 100 }, 'nests deeper than 100 levels']],
  invalidJson: [[{ reason: 'expected double-quoted property name' }, 'is not valid JSON: expected double-quoted property name']],
  invalidYaml: [[{ reason: 'Map keys must be unique' }, 'is not valid YAML: Map keys must be unique']],
  invalidJsonLines: [[{ reason: "expected property name or '}'" }, "is not valid JSON lines: expected property name or '}'"]],
  truncatedGzip: [[{}, 'is a truncated gzip file (it ends before the compressed data does)']],
  decompressesTooLarge: [[{ limit: 64 * 1024 * 1024 }, 'decompresses to more than 64 MiB']],
  damagedGzip: [[{ reason: 'invalid block type' }, 'is a damaged gzip file (invalid block type)']],
  noCloudTrailRecords: [
    [
      {},
      'has no CloudTrail records: expected a CloudTrail file `{"Records": [...]}`, `aws cloudtrail lookup-events` output `{"Events": [...]}`, one record, an array of records, or one record per line',
    ],
  ],
  noLintableFiles: [[{ extensions: ['.json', '.yaml', '.yml', '.template', '.tf'] }, 'is a folder with no .json, .yaml, .yml, .template or .tf files']],
  notPolicyFile: [[{}, 'is not a policy document, scenario, CloudFormation template or Terraform plan (`terraform show -json`)']],
  noPolicies: [
    [
      { format: 'cloudformation' },
      'is a CloudFormation template without IAM policies (AWS::IAM::Policy, AWS::IAM::ManagedPolicy, Policies of AWS::IAM::Role, User, Group, a trust policy, or a bucket, queue, topic, key policy or Lambda permission)',
    ],
    [
      { format: 'terraform-plan' },
      'is a Terraform plan without IAM policies (aws_iam_policy, aws_iam_role_policy, aws_iam_user_policy, aws_iam_group_policy, aws_iam_role inline_policy) whose policy is known at plan time',
    ],
    [
      { format: 'terraform' },
      'is Terraform without IAM policies written in it (jsonencode or heredoc in aws_iam_policy, aws_iam_role_policy, aws_iam_role, bucket, queue, topic or key policies); for policies built at plan time, lint `terraform show -json` output',
    ],
    [{ format: 'scenario' }, 'is a scenario without policy documents'],
  ],
  invalidTerraform: [[{ reason: 'Invalid expression' }, 'is not valid Terraform (HCL): Invalid expression']],
  configUnknownSetting: [[{ ...at('/rule'), known: ['rules', 'ignore', 'accounts', 'suppress'] }, 'rule: unknown setting (known: rules, ignore, accounts, suppress)']],
  configNotRule: [[at('/rules/wildcard-actoin'), 'rules › wildcard-actoin: is not a rule (`whydenied lint --list-rules` lists them)']],
  configNotOneOf: [[{ ...at('/rules/wildcard-action'), allowed: ['off', 'warning', 'error'] }, 'rules › wildcard-action: must be one of "off", "warning", "error"']],
  configNotAccountId: [[at('/accounts/own/0'), 'accounts › own › 0: is not a 12-digit account ID']],
  configBlank: [[at('/suppress/0/reason'), 'suppress › 0 › reason: must not be blank']],
  configMissing: [[{ ...at('/suppress/0'), property: 'reason' }, 'suppress › 0: needs "reason"']],
  configSchema: [
    [{ ...at(''), detail: 'must be object' }, 'the configuration: must be object'],
    [at('', true), '"whydenied": does not match the schema'],
  ],
  baselineNotJson: [[{}, 'is not valid JSON (a baseline is what --write-baseline writes)']],
  notBaseline: [[{}, 'is not a whydenied baseline (version 1 with a findings list; write one with --write-baseline FILE)']],
  baselineEntryShape: [[{ index: 2 }, 'findings › 2: must be an object']],
  baselineFieldNotText: [[{ index: 0, field: 'rule' }, 'findings › 0: "rule" must be text']],
  baselineCount: [[{ index: 0 }, 'findings › 0: "count" must be a whole number from 1']],
};

describe('input problem words', () => {
  const samples = Object.entries(WORDS).flatMap(([messageId, cases]) => cases.map(([data, words]) => [messageId, data, words] as const));
  it.each(samples)('%s %o', (messageId, data, words) => {
    expect(inputProblemMessage({ messageId, data } as InputProblem)).toBe(words);
  });

  it('the CLI line names the file, then the line and column when known', () => {
    expect(inputProblemLine({ file: 'p.json', messageId: 'invalidJson', data: { reason: 'unexpected end of JSON input' }, line: 3, column: 5 })).toBe('p.json:3:5: is not valid JSON: unexpected end of JSON input');
    expect(inputProblemLine({ file: 'events.jsonl', messageId: 'invalidJsonLines', data: { reason: 'bad' }, line: 2 })).toBe('events.jsonl:2: is not valid JSON lines: bad');
    expect(inputProblemLine({ file: 'gone.json', messageId: 'notFound', data: { role: 'path' } })).toBe('gone.json: no such file or folder');
  });

  it('--json carries the message id and data beside the words', () => {
    expect(inputProblemJson({ file: 'b.yaml', messageId: 'invalidYaml', data: { reason: 'Map keys must be unique' }, line: 2, column: 1 })).toEqual({
      file: 'b.yaml',
      messageId: 'invalidYaml',
      data: { reason: 'Map keys must be unique' },
      line: 2,
      column: 1,
      message: 'is not valid YAML: Map keys must be unique',
    });
  });
});
