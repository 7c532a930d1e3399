/**
 * `scan --json` and `--jsonl` for pipelines: every output validates against the JSON Schema shipped in the
 * package (schema/scan.schema.json), each group carries its explanation as data, its fixes with an honest
 * proof status, its earliest event IDs and its source files; --jsonl is the same groups, one per line.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCAN_SCHEMA_VERSION } from '../src/render/scan-json.js';
import { FILES, FLOW_ARN, writeTree } from './fixtures/scan/tree.js';
import { spawnCliSync } from './fixtures/spawn-cli.js';

const root = join(import.meta.dirname, '..');
const schema = JSON.parse(readFileSync(join(root, 'schema', 'scan.schema.json'), 'utf8')) as Record<string, unknown>;
const ajv = new Ajv({ strict: true, allErrors: true });
ajv.addFormat('date-time', (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s) && !Number.isNaN(Date.parse(s)));
ajv.addSchema(schema, 'scan');
const validateReport = ajv.getSchema('scan')!;
const validateLine = ajv.getSchema('scan#/definitions/line')!;

type Group = {
  principal: string;
  action: string;
  cause: string | null;
  count: number;
  explanation: { decision: string; findings: { check: string; messageId: string; data: Record<string, unknown>; message: string }[] } | null;
  fixes: { kind: string; proof: string; document: { Statement: { Resource: unknown }[] } }[];
  eventIds: string[];
  sourceFiles: string[];
  moreSourceFiles: boolean;
};
type Report = { schemaVersion: number; groups: Group[] };

let dir: string;
let tree: string;
const run = (args: string[]) => spawnCliSync(['scan', ...args, '--jobs', '2'], { clean: true });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'whydenied-scan-json-'));
  tree = join(dir, 'tree');
  writeTree(tree);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scan --json', () => {
  let report: Report;
  beforeAll(() => {
    report = JSON.parse(run([tree, '--json']).stdout) as Report;
  });

  it('validates against the shipped schema, with its version', () => {
    expect(validateReport(report), ajv.errorsText(validateReport.errors)).toBe(true);
    expect(report.schemaVersion).toBe(SCAN_SCHEMA_VERSION);
  });

  it("gives each group its earliest denials' event IDs and the files that hold its denials", () => {
    const chat = report.groups[0]!;
    expect(chat.count).toBe(7);
    const day1 = (JSON.parse(gunzipSync(readFileSync(join(tree, FILES.day1))).toString('utf8')) as { Records: { eventID: string; eventTime: string; errorCode?: string; eventName: string }[] }).Records;
    const earliest = day1.filter((r) => r.errorCode && r.eventName === 'StartChatContact').sort((a, b) => a.eventTime.localeCompare(b.eventTime));
    expect(chat.eventIds).toHaveLength(5);
    expect(chat.eventIds.slice(0, 3)).toEqual(earliest.map((r) => r.eventID));
    expect(new Set(chat.eventIds).size).toBe(5);
    expect(chat.sourceFiles).toEqual([FILES.day1, FILES.day2, FILES.truncated, FILES.athena, FILES.single].map((f) => join(tree, f)).sort());
    expect(chat.moreSourceFiles).toBe(false);
  });

  it('carries the explanation as data: check, message id and data, and the words', () => {
    const flowAsId = report.groups.find((g) => g.cause === 'id-passed-as-arn')!;
    const finding = flowAsId.explanation!.findings[0]!;
    expect(finding.check).toBe('id-passed-as-arn');
    expect(finding.messageId).toMatch(/^\w+$/);
    expect(JSON.stringify(finding.data)).toContain(FLOW_ARN);
    expect(finding.message).toMatch(/ARN/);
  });

  it('never calls a fix verified that was not re-evaluated: from the logs alone every proof is unverified', () => {
    const fixes = report.groups.flatMap((g) => g.fixes);
    expect(fixes.length).toBeGreaterThan(0);
    expect(new Set(fixes.map((f) => f.proof))).toEqual(new Set(['unverified']));
  });

  it('with --scenario, the fix is re-evaluated: verified, with the document that names the flow', () => {
    const withPolicies = JSON.parse(run([join(tree, 'AWSLogs'), '--action', 'connect:StartChatContact', '--scenario', join(root, 'examples', 'connect-chat.json'), '--json']).stdout) as Report;
    expect(validateReport(withPolicies), ajv.errorsText(validateReport.errors)).toBe(true);
    const chat = withPolicies.groups.find((g) => g.cause === 'resource-not-matched')!;
    expect(chat.fixes[0]).toMatchObject({ kind: 'fix', proof: 'verified' });
    expect(JSON.stringify(chat.fixes[0]!.document)).toContain(FLOW_ARN);
  });
});

describe('scan --jsonl', () => {
  it('prints one valid line per group: the --json groups with the schema version', () => {
    const r = run([tree, '--jsonl']);
    expect(r.code).toBe(4); // some files of the tree are unreadable: listed on stderr
    expect(r.stderr).toContain(join(tree, FILES.corrupt));
    const lines = r.stdout.trimEnd().split('\n');
    const json = JSON.parse(run([tree, '--json']).stdout) as Report;
    expect(lines).toHaveLength(json.groups.length);
    lines.forEach((line, i) => {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      expect(validateLine(parsed), ajv.errorsText(validateLine.errors)).toBe(true);
      expect(parsed).toEqual({ schemaVersion: SCAN_SCHEMA_VERSION, ...json.groups[i] });
    });
  });

  it('the schema rejects what it must: a line without its version, a fix without its proof status', () => {
    const line = JSON.parse(run([tree, '--jsonl']).stdout.split('\n')[0]!) as Record<string, unknown>;
    const { schemaVersion: _version, ...noVersion } = line;
    expect(validateLine(noVersion)).toBe(false);
    const noProof = { ...line, fixes: (line['fixes'] as Record<string, unknown>[]).map(({ proof: _p, ...f }) => f) };
    expect(validateLine(noProof)).toBe(false);
  });

  it('--json and --jsonl together are one format too many', () => {
    const r = run([tree, '--json', '--jsonl']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^whydenied: give one output format, not `json` and `jsonl`/);
  });
});

describe('a group that could not be explained', () => {
  it('gives the problems in words (`problems`) and as data (`problemData`), valid against the schema', async () => {
    const { groupJson } = await import('../src/render/scan-json.js');
    const group = {
      principal: 'bob',
      action: 'connect:StartChatContact',
      resource: FLOW_ARN,
      resources: { count: 1, examples: [FLOW_ARN] },
      cause: null,
      count: 1,
      firstSeen: null,
      lastSeen: null,
      fix: false,
      problems: [{ severity: 'error' as const, code: 'invalid-principal' as const, pointer: '/request/principal', messageId: 'badPrincipal' as const, data: { principal: 'bob', reason: 'no-account' as const } }],
      sampleFile: 'trail.json',
      sampleEventId: null,
      examples: [],
      files: ['trail.json'],
      moreFiles: false,
      perDay: {},
    };
    const json = groupJson(group);
    expect(json['problems']).toEqual(['`bob` has no 12-digit account ID']);
    expect(json['problemData']).toEqual([{ code: 'invalid-principal', pointer: '/request/principal', messageId: 'badPrincipal', data: { principal: 'bob', reason: 'no-account' } }]);
    const validateGroup = ajv.getSchema('scan#/definitions/group')!;
    expect(validateGroup(json), ajv.errorsText(validateGroup.errors)).toBe(true);
  });
});
