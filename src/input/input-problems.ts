/**
 * What can be wrong with an input file as a whole (missing, unreadable, malformed, not what it should
 * be): a message id and its data, the file, and the line and column when known. The words are in
 * src/render/input-problems.ts, one template per id (the compiler checks both sides); the CLI prints one
 * line naming the file and the place, `lint --json` and SARIF carry the id and data beside the words.
 */

type None = Readonly<Record<never, never>>;

/** Which kind of file was asked for: it words "no such ..." and "is a folder, not ...". */
export type FileRole = 'file' | 'path' | 'configuration' | 'baseline';

/** Where a lint configuration goes wrong: a JSON pointer in it; `inPackage`: in the `whydenied` key of package.json. */
export interface ConfigPlace {
  readonly pointer: string;
  readonly inPackage: boolean;
}

export interface InputProblemMessages {
  // reading a file (./document-file.ts)
  notFound: { role: FileRole };
  isFolder: { role: Exclude<FileRole, 'path'> };
  permissionDenied: None;
  /** `limit`: the most bytes whydenied reads. */
  tooLarge: { limit: number };
  /** `code`: the system's error code (`ENOTDIR`), when it gives one. */
  unreadable: { code?: string };
  notWritable: { code?: string };
  /** `expected`: what the file should have held. */
  binary: { expected: 'text' | 'document' | 'cloudtrail' };
  empty: None;
  /** `limit`: the deepest nesting read. */
  tooDeep: { limit: number };
  /** `reason`: the parser's own words (JSON.parse's, the yaml package's). */
  invalidJson: { reason: string };
  invalidYaml: { reason: string };
  // CloudTrail files (./cloudtrail.ts)
  invalidJsonLines: { reason: string };
  truncatedGzip: None;
  /** `limit`: bytes. */
  decompressesTooLarge: { limit: number };
  damagedGzip: { reason: string };
  noCloudTrailRecords: None;
  // lint's files (src/lint/source.ts, src/lint/terraform-source.ts)
  /** A folder without any file of these extensions (`.json`...). */
  noLintableFiles: { extensions: readonly string[] };
  notPolicyFile: None;
  /** A file of this format that holds no IAM policy lint can read. */
  noPolicies: { format: 'cloudformation' | 'terraform-plan' | 'terraform' | 'scenario' };
  invalidTerraform: { reason: string };
  // the lint configuration (src/lint/config.ts), checked against schema/lint-config.schema.json
  configUnknownSetting: ConfigPlace & { known: readonly string[] };
  configNotRule: ConfigPlace;
  configNotOneOf: ConfigPlace & { allowed: readonly string[] };
  configNotAccountId: ConfigPlace;
  configBlank: ConfigPlace;
  configMissing: ConfigPlace & { property: string };
  /** `detail`: the schema validator's words, when it gives them. */
  configSchema: ConfigPlace & { detail?: string };
  // a lint baseline (src/lint/baseline.ts); `index`: the entry of its `findings`
  baselineNotJson: None;
  notBaseline: None;
  baselineEntryShape: { index: number };
  baselineFieldNotText: { index: number; field: string };
  baselineCount: { index: number };
}

export type InputProblemId = keyof InputProblemMessages;

interface InputProblemBase<K extends InputProblemId> {
  /** The file as the user named it (`<stdin>` for standard input). */
  readonly file: string;
  readonly messageId: K;
  readonly data: InputProblemMessages[K];
  /** 1-based, when known. */
  readonly line?: number;
  readonly column?: number;
}

/** A problem with an input file: its message id and that message's data (a wrong pair does not compile). */
export type InputProblem = { [K in InputProblemId]: InputProblemBase<K> }[InputProblemId];

/** An input problem, at a place in the file when one is given. */
export function inputProblem<K extends InputProblemId>(file: string, messageId: K, data: InputProblemMessages[K], place?: { readonly line: number; readonly column?: number }): InputProblem {
  return { file, messageId, data, ...(place && { line: place.line }), ...(place?.column !== undefined && { column: place.column }) } as InputProblem;
}
