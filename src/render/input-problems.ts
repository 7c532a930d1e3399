/**
 * The words of input file problems (src/input/input-problems.ts): one template per message id, exhaustive
 * (a missing or unknown id does not compile). Lowercase, said of the file: the line puts the file and the
 * place before them (`policy.json:3:5: is not valid JSON: ...`).
 */
import type { ConfigPlace, FileRole, InputProblem, InputProblemId, InputProblemMessages } from '../input/input-problems.js';
import { pointerSegments } from '../policy/problems.js';
import { own } from '../own.js';

const NO_SUCH: Readonly<Record<FileRole, string>> = {
  file: 'no such file',
  path: 'no such file or folder',
  configuration: 'no such configuration file',
  baseline: 'no such baseline file (write one with --write-baseline FILE)',
};

const BINARY: Readonly<Record<InputProblemMessages['binary']['expected'], string>> = { text: 'text', document: 'JSON or YAML', cloudtrail: 'CloudTrail JSON or gzip' };

const NO_POLICIES: Readonly<Record<InputProblemMessages['noPolicies']['format'], string>> = {
  cloudformation:
    'is a CloudFormation template without IAM policies (AWS::IAM::Policy, AWS::IAM::ManagedPolicy, Policies of AWS::IAM::Role, User, Group, a trust policy, or a bucket, queue, topic, key policy or Lambda permission)',
  'terraform-plan':
    'is a Terraform plan without IAM policies (aws_iam_policy, aws_iam_role_policy, aws_iam_user_policy, aws_iam_group_policy, aws_iam_role inline_policy) whose policy is known at plan time',
  terraform:
    'is Terraform without IAM policies written in it (jsonencode or heredoc in aws_iam_policy, aws_iam_role_policy, aws_iam_role, bucket, queue, topic or key policies); for policies built at plan time, lint `terraform show -json` output',
  scenario: 'is a scenario without policy documents',
};

const WRITE_FAULTS: Readonly<Record<string, string>> = { ENOENT: 'no such folder', EACCES: 'permission denied', EISDIR: 'is a folder' };

const mib = (bytes: number) => `${bytes / 1024 / 1024} MiB`;
const either = (list: readonly string[]) => (list.length < 2 ? list.join('') : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]!}`);

/** The place in a configuration: `rules › no-such-rule`, or the whole of it. */
const setting = (p: ConfigPlace) => (p.pointer === '' ? (p.inPackage ? '"whydenied"' : 'the configuration') : pointerSegments(p.pointer).join(' › '));
const entry = (index: number) => `findings › ${index}`;

type Templates = { readonly [K in InputProblemId]: (data: InputProblemMessages[K]) => string };

const TEMPLATES: Templates = {
  notFound: (d) => NO_SUCH[d.role],
  isFolder: (d) => `is a folder, not a ${d.role === 'file' ? 'file' : `${d.role} file`}`,
  permissionDenied: () => 'permission denied',
  tooLarge: (d) => `is larger than ${mib(d.limit)}`,
  unreadable: (d) => `cannot be read${d.code !== undefined ? ` (${d.code})` : ''}`,
  notWritable: (d) => `cannot be written (${d.code === undefined ? 'error' : (own(WRITE_FAULTS, d.code) ?? d.code)})`,
  binary: (d) => `is a binary file, not ${BINARY[d.expected]}`,
  empty: () => 'is empty',
  tooDeep: (d) => `nests deeper than ${d.limit} levels`,
  invalidJson: (d) => `is not valid JSON: ${d.reason}`,
  invalidYaml: (d) => `is not valid YAML: ${d.reason}`,
  invalidJsonLines: (d) => `is not valid JSON lines: ${d.reason}`,
  truncatedGzip: () => 'is a truncated gzip file (it ends before the compressed data does)',
  decompressesTooLarge: (d) => `decompresses to more than ${mib(d.limit)}`,
  damagedGzip: (d) => `is a damaged gzip file (${d.reason})`,
  noCloudTrailRecords: () =>
    'has no CloudTrail records: expected a CloudTrail file `{"Records": [...]}`, `aws cloudtrail lookup-events` output `{"Events": [...]}`, one record, an array of records, or one record per line',
  noLintableFiles: (d) => `is a folder with no ${either(d.extensions)} files`,
  notPolicyFile: () => 'is not a policy document, scenario, CloudFormation template or Terraform plan (`terraform show -json`)',
  noPolicies: (d) => NO_POLICIES[d.format],
  invalidTerraform: (d) => `is not valid Terraform (HCL): ${d.reason}`,
  configUnknownSetting: (d) => `${setting(d)}: unknown setting (known: ${d.known.join(', ')})`,
  configNotRule: (d) => `${setting(d)}: is not a rule (\`whydenied lint --list-rules\` lists them)`,
  configNotOneOf: (d) => `${setting(d)}: must be one of ${d.allowed.map((v) => `"${v}"`).join(', ')}`,
  configNotAccountId: (d) => `${setting(d)}: is not a 12-digit account ID`,
  configBlank: (d) => `${setting(d)}: must not be blank`,
  configMissing: (d) => `${setting(d)}: needs "${d.property}"`,
  configSchema: (d) => `${setting(d)}: ${d.detail ?? 'does not match the schema'}`,
  baselineNotJson: () => 'is not valid JSON (a baseline is what --write-baseline writes)',
  notBaseline: () => 'is not a whydenied baseline (version 1 with a findings list; write one with --write-baseline FILE)',
  baselineEntryShape: (d) => `${entry(d.index)}: must be an object`,
  baselineFieldNotText: (d) => `${entry(d.index)}: "${d.field}" must be text`,
  baselineCount: (d) => `${entry(d.index)}: "count" must be a whole number from 1`,
};

/** The problem in words, without the file. */
export function inputProblemMessage(p: Pick<InputProblem, 'messageId' | 'data'>): string {
  return (TEMPLATES[p.messageId] as (data: unknown) => string)(p.data);
}

/** The file and the place: `policy.json:3:5` (the column only when known). */
export function inputProblemPlace(p: Pick<InputProblem, 'file' | 'line' | 'column'>): string {
  return `${p.file}${p.line !== undefined ? `:${p.line}${p.column !== undefined ? `:${p.column}` : ''}` : ''}`;
}

/** The one line the CLI prints: `policy.json:3:5: is not valid JSON: ...`. */
export function inputProblemLine(p: InputProblem): string {
  return `${inputProblemPlace(p)}: ${inputProblemMessage(p)}`;
}

/** A problem as `--json` prints it: its message id and data, and beside them its words. */
export type InputProblemJson = InputProblem & { readonly message: string };

export function inputProblemJson(p: InputProblem): InputProblemJson {
  return { ...p, message: inputProblemMessage(p) };
}
