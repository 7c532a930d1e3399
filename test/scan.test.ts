/**
 * whydenied scan: a generated CloudTrail tree with every supported shape and every kind of bad file
 * (test/fixtures/scan/tree.ts), grouped exactly; filters; CSV and text; the bad files reported one by one
 * while the rest is read; and the command end to end (built, with worker threads).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/registry.js';
import type { ScanIo } from '../src/cli/scan.js';
import { scanJson } from '../src/render/scan-json.js';
import { renderScanCsv } from '../src/render/scan-csv.js';
import { scan, type ScanFilters } from '../src/scan/index.js';
import { findingMessage } from '../src/render/findings.js';
import { scanFile } from '../src/scan/read.js';
import { ALICE, CHAT_ROLE, expectedReport, FILES, FLOW_ARN, invalidColumn, KEY_ARN, PIPELINE_ROLE, chatDenied, success, writeTree } from './fixtures/scan/tree.js';
import { spawnCliSync } from './fixtures/spawn-cli.js';

const root = join(import.meta.dirname, '..');
let dir: string;
let tree: string;

const UNREADABLE = () => [
  { file: join(tree, FILES.badLine), reason: expect.stringMatching(/^is not valid JSON at line 2, column \d+: /) as unknown as string },
  { file: join(tree, FILES.corrupt), reason: expect.stringMatching(/^is a damaged gzip file \(.+\); the events before the damage were read$/) as unknown as string },
  { file: join(tree, FILES.invalid), reason: `is not valid JSON at line 1, column ${invalidColumn}: unexpected \`A\`` },
  { file: join(tree, FILES.truncated), reason: 'is a truncated gzip file (it ends before the compressed data does); the events before the cut were read' },
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'whydenied-scan-'));
  tree = join(dir, 'tree');
  writeTree(tree);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function jsonOf(paths: string[], filters: ScanFilters = {}) {
  return scanJson(await scan(paths, { filters, workers: 0 }));
}

describe('scan: the whole tree', () => {
  it('reads every shape, groups the denials by role, action, resource and cause, and reports each bad file', async () => {
    expect(await jsonOf([tree])).toMatchObject({ schemaVersion: 2, ...expectedReport(UNREADABLE()) });
  });

  it('gives the same groups whichever way the paths are given (folders, files, overlapping)', async () => {
    const a = (await jsonOf([tree])) as { groups: unknown };
    const b = (await jsonOf([join(tree, 'AWSLogs'), join(tree, 'exports'), join(tree, 'broken'), join(tree, 'notes'), join(tree, FILES.day1)])) as { groups: unknown };
    expect(b.groups).toEqual(a.groups);
  });

  it('explains each group once: its earliest denial, with the file it is in', async () => {
    const report = await scan([tree], { workers: 0 });
    const chat = report.groups[0]!;
    expect(chat.sampleFile).toBe(join(tree, FILES.day1));
    expect(chat.explanation?.request?.principal).toBe(`arn:aws:sts::111122223333:assumed-role/ChatStarter/start-chat-fn`);
    expect(chat.explanation?.fixes[0]?.document.Statement[0]).toMatchObject({ Action: 'connect:StartChatContact', Resource: FLOW_ARN });
    expect(findingMessage(report.groups[2]!.explanation!.findings[0]!)).toMatch(/ARN/);
  });

  it('counts the events of a file cut short (truncated gzip) up to the cut, and its denials', async () => {
    const r = await scan([join(tree, FILES.truncated)], { workers: 0 });
    expect(r.events).toBe(2);
    expect(r.denials).toBe(1);
    expect(r.unreadable.map((u) => u.problem.kind)).toEqual(['truncated-gzip']);
  });

  it('reads the other lines of JSON lines after a bad one', async () => {
    const r = await scan([join(tree, FILES.badLine)], { workers: 0 });
    expect(r.events).toBe(2);
    expect(r.unreadable).toHaveLength(1);
  });
});

describe('scan: files that cannot be read', () => {
  it('a path that does not exist: reported, the others read', async () => {
    const r = await jsonOf([join(tree, 'AWSLogs'), join(dir, 'no-such-folder')]);
    expect(r).toMatchObject({ unreadable: [{ file: join(dir, 'no-such-folder'), reason: 'no such file or folder' }], denials: 9 });
  });

  it('a file that vanishes during the scan: reported, the summary covers what was read', async () => {
    const folder = join(dir, 'vanishing');
    mkdirSync(folder);
    for (let i = 0; i < 6; i++) writeFileSync(join(folder, `f${i}.json.gz`), gzipSync(JSON.stringify({ Records: [success(), chatDenied(`2026-11-01T0${i}:00:00Z`)] })));
    let done = 0;
    const r = await scan([folder], {
      workers: 0,
      listener: {
        fileDone: () => {
          if (++done === 1) rmSync(join(folder, 'f5.json.gz'));
        },
      },
    });
    expect(r.unreadable).toEqual([{ file: join(folder, 'f5.json.gz'), problem: { kind: 'missing' } }]);
    expect(r.events).toBe(10);
    expect(r.denials).toBe(5);
    expect(r.files).toBe(6);
  });

  it('a folder passed where a file is expected', async () => {
    const r = await scanFile(join(tree, 'notes'), { filters: {} });
    expect(r).toMatchObject({ status: 'unreadable', problem: { kind: 'folder' }, events: 0 });
  });

  it.skipIf(process.getuid?.() === 0)('a file without read permission', async () => {
    const path = join(dir, 'secret.json');
    writeFileSync(path, JSON.stringify({ Records: [success()] }), { mode: 0o000 });
    expect(await jsonOf([path])).toMatchObject({ unreadable: [{ file: path, reason: 'permission denied' }] });
  });

  it('system errors in words (permission denied cannot be produced as root, so the mapping is checked too)', async () => {
    const { systemProblem } = await import('../src/scan/problems.js');
    const { problemText } = await import('../src/render/scan-text.js');
    expect(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'EIO'].map((code) => problemText(systemProblem(code)))).toEqual([
      'no such file or folder',
      'permission denied',
      'permission denied',
      'is a folder, not a file',
      'cannot be read (EIO)',
    ]);
  });

  it('a gzip file whose content is not JSON is skipped, not an error', async () => {
    const path = join(dir, 'text.gz');
    writeFileSync(path, gzipSync('just some text\n'));
    expect(await jsonOf([path])).toMatchObject({ files: 1, skipped: 1, unreadable: [] });
  });

  it('a record cut in the middle of an uncompressed file', async () => {
    const path = join(dir, 'cut.json');
    const text = JSON.stringify({ Records: [success(), chatDenied('2026-11-01T00:00:00Z')] });
    writeFileSync(path, text.slice(0, text.length - 40));
    expect(await jsonOf([path])).toMatchObject({ events: 1, denials: 0, unreadable: [{ file: path, reason: expect.stringMatching(/^is truncated: the JSON ends at line 1, column \d+ in the middle of a value$/) }] });
  });

  it('nesting too deep, and a control byte, at their place', async () => {
    const deep = join(dir, 'deep.json');
    writeFileSync(deep, `{"Records": [${'['.repeat(600)}${']'.repeat(600)}]}`);
    const control = join(dir, 'control.json');
    writeFileSync(control, '{"Records": [\u0001]}');
    expect(await jsonOf([deep, control])).toMatchObject({
      unreadable: [
        { file: control, reason: 'is not valid JSON at line 1, column 14: unexpected byte 0x01' },
        { file: deep, reason: 'nests deeper than 512 levels at line 1, column 524; the events before it were read' },
      ],
    });
  });

  it('a bare word where a value must be: the place of the word, not the end of the record', async () => {
    const path = join(dir, 'bare.jsonl');
    writeFileSync(path, `${JSON.stringify(success())}\n{"eventVersion": "1.08", "eventName": tru, "x": 1}\n`);
    expect(await jsonOf([path])).toMatchObject({ unreadable: [{ file: path, reason: "is not valid JSON at line 2, column 39: unexpected token ','" }] });
  });
});

describe('scan: filters', () => {
  const groupsOf = async (filters: ScanFilters) => ((await jsonOf([tree], filters)) as { denials: number; events: number; groups: { principal: string; action: string; count: number; firstSeen: string }[] });

  it('--action: one action (case-insensitive, wildcards allowed); events are still all counted', async () => {
    const r = await groupsOf({ action: 'connect:startchatcontact' });
    expect(r.groups.map((g) => [g.action, g.count])).toEqual([
      ['connect:StartChatContact', 7],
      ['connect:StartChatContact', 2],
    ]);
    expect(r.denials).toBe(9);
    expect(r.events).toBe(33);
    expect((await groupsOf({ action: 'connect:Start*' })).denials).toBe(9);
  });

  it('--service', async () => {
    const r = await groupsOf({ service: 'KMS' });
    expect(r.groups.map((g) => [g.action, g.count])).toEqual([['kms:Decrypt', 1]]);
  });

  it('--principal: a role ARN glob, a user ARN, or a session ARN', async () => {
    expect((await groupsOf({ principal: 'arn:aws:iam::111122223333:role/Chat*' })).groups.map((g) => [g.principal, g.count])).toEqual([
      [CHAT_ROLE, 7],
      [CHAT_ROLE, 2],
    ]);
    expect((await groupsOf({ principal: ALICE })).groups.map((g) => g.count)).toEqual([3]);
    expect((await groupsOf({ principal: 'arn:aws:sts::111122223333:assumed-role/ChatStarter/fn-?' })).denials).toBe(5);
    expect((await groupsOf({ principal: 'arn:aws:iam::*:role/Nobody' })).groups).toEqual([]);
  });

  it('--since / --until: a date includes its whole day (UTC)', async () => {
    const { parseTimeBound } = await import('../src/scan/filters.js');
    const r = await groupsOf({ since: parseTimeBound('2026-11-03', 'since')!, until: parseTimeBound('2026-11-05', 'until')! });
    expect(r.groups.map((g) => [g.action, g.count, g.firstSeen])).toEqual([
      ['connect:StartChatContact', 2, '2026-11-03T07:00:00Z'],
      ['sts:AssumeRole', 1, '2026-11-04T01:00:00Z'],
      ['connect:StartChatContact', 1, '2026-11-05T18:00:00Z'],
    ]);
    const exact = await groupsOf({ since: parseTimeBound('2026-11-01T10:00:00Z', 'since')!, until: parseTimeBound('2026-11-01T10:05:00Z', 'until')! });
    expect(exact.denials).toBe(2);
  });

  it('reads dates and times strictly', async () => {
    const { parseTimeBound } = await import('../src/scan/filters.js');
    expect(parseTimeBound('2026-11-01', 'since')).toBe(Date.parse('2026-11-01T00:00:00Z'));
    expect(parseTimeBound('2026-11-01', 'until')).toBe(Date.parse('2026-11-02T00:00:00Z') - 1);
    expect(parseTimeBound('2026-11-01T08:00:00+02:00', 'since')).toBe(Date.parse('2026-11-01T06:00:00Z'));
    expect(parseTimeBound('2026-11-01 08:00', 'since')).toBe(Date.parse('2026-11-01T08:00:00Z'));
    for (const bad of ['2026-02-30', '2026-13-01', 'yesterday', '2026-11-01T25:00:00Z', '11/01/2026', '']) expect(parseTimeBound(bad, 'since')).toBeUndefined();
  });
});

describe("scan: a group's times", () => {
  // CloudTrail writes `2026-11-01T08:00:00Z`; copies and exports may not. Whatever the spelling and the order of
  // the denials, a group's first and last times, days, examples and sample are those Date.parse gives.
  const times = [
    '2026-11-03T07:00:00Z',
    '2026-11-01T08:00:00.250Z',
    '2026-01-31T23:59:59Z',
    '2026-02-29T10:00:00Z', // no such day: Date.parse's answer, whatever it is
    '2026-11-02T01:00:00+02:00',
    '2026-11-02T00:30:00Z',
    '2026-12-31T23:59:59Z',
    'yesterday',
    '',
    '2026-11-01T08:00:00Z',
    '0050-11-01T08:00:00Z', // the year 50, before 1949, not 1950
    '1949-06-01T00:00:00Z',
  ];
  const records = times.map((t, i) => ({ ...chatDenied(t, `fn-${i}`), eventID: `e-${String(i).padStart(2, '0')}`, eventTime: t }));
  const ms = (t: string | null) => (t ? Date.parse(t) : NaN);
  const read = times.filter((t) => !Number.isNaN(ms(t)));
  const byTime = (a: string, b: string) => ms(a) - ms(b);

  it.each([0, 1, 2, 3])('in order %i of four', async (order) => {
    // a fixed shuffle per order: the same input, in another sequence
    const shuffled = records.map((r, i) => ({ r, k: (i * (order * 7 + 3)) % records.length })).sort((a, b) => a.k - b.k).map((x) => x.r);
    const file = join(dir, `times-${order}.jsonl`);
    writeFileSync(file, shuffled.map((r) => JSON.stringify(r)).join('\n'));
    const report = await scan([file], { filters: {}, workers: 0 });
    expect(report.groups).toHaveLength(1);
    const g = report.groups[0]!;
    expect(g.count).toBe(times.length);
    expect(g.firstSeen).toBe([...read].sort(byTime)[0]);
    expect(g.lastSeen).toBe([...read].sort(byTime).at(-1));
    const days: Record<string, number> = {};
    for (const t of read) {
      const day = new Date(ms(t)).toISOString().slice(0, 10);
      days[day] = (days[day] ?? 0) + 1;
    }
    expect(g.perDay).toEqual(days);
    const expected = records
      .map((r) => ({ id: r.eventID, time: Number.isNaN(ms(r.eventTime)) ? null : r.eventTime }))
      .sort((a, b) => (a.time === null ? 1 : b.time === null ? -1 : ms(a.time) - ms(b.time) || (a.id < b.id ? -1 : 1)))
      .slice(0, 5);
    expect(g.examples).toEqual(expected);
    expect(g.sampleEventId).toBe(expected[0]!.id);
  });
});

describe('scan: CSV and text', () => {
  function io(): ScanIo & { stdout: { isTTY: boolean }; output: () => string; errors: () => string } {
    let out = '';
    let err = '';
    return { out: (s) => void (out += s), err: (s) => void (err += s), stdout: { isTTY: false }, env: { NO_COLOR: '1' }, stderr: { isTTY: false }, output: () => out, errors: () => err };
  }

  it('--csv: a header and one row per group, RFC 4180 (CRLF, quoting only when needed)', async () => {
    const t = io();
    const code = await runCli(['scan', join(tree, 'AWSLogs'), join(tree, 'exports'), '--csv'], t);
    expect(code).toBe(2);
    expect(t.output().split('\r\n')).toEqual([
      'firstSeen,lastSeen,count,principal,action,resource,cause,fix',
      `2026-11-01T10:00:00Z,2026-11-07T12:00:00Z,6,${CHAT_ROLE},connect:StartChatContact,${FLOW_ARN},,true`,
      `2026-11-01T09:00:00Z,2026-11-06T00:00:00Z,3,${ALICE},s3:GetObject,arn:aws:s3:::reports/q3.csv,,true`,
      expect.stringMatching(/^2026-11-03T07:00:00Z,2026-11-03T07:30:00Z,2,.*,id-passed-as-arn,false$/),
      `2026-11-02T09:30:00Z,2026-11-02T09:30:00Z,1,${PIPELINE_ROLE},kms:Decrypt,${KEY_ARN},explicit-deny,false`,
      expect.stringMatching(/^2026-11-04T01:00:00Z,2026-11-04T01:00:00Z,1,.*,sts:AssumeRole,.*,cross-account,true$/),
      '',
    ]);
  });

  it('CSV quotes commas, quotes and line breaks, and never lets a spreadsheet run a cell as a formula', () => {
    const group = (principal: string, fix: boolean) => ({ firstSeen: 'a', lastSeen: 'b', count: 1, principal, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', cause: null, fix });
    const principals = ['a,b', 'say "hi"', 'two\nlines', '=HYPERLINK("http://x")', '+1', '-1', '@SUM(A1)', '\tx', '\rx'];
    const csv = renderScanCsv({ groups: principals.map((p, i) => group(p, i === 0)) } as never);
    const rows = csv.split('\r\n');
    expect(rows[1]).toBe('a,b,1,"a,b",s3:GetObject,arn:aws:s3:::b/k,,true');
    const cells = rows.slice(1, -1).map((row) => row.slice('a,b,1,'.length, row.indexOf(',s3:GetObject')));
    expect(cells).toEqual(['"a,b"', '"say ""hi"""', '"two\nlines"', `"'=HYPERLINK(""http://x"")"`, "'+1", "'-1", "'@SUM(A1)", "'\tx", `"'\rx"`]);
  });

  it('CSV output leaves unreadable files to stderr, one line each naming the file', async () => {
    const t = io();
    expect(await runCli(['scan', join(tree, 'broken'), '--csv'], t)).toBe(4);
    expect(t.errors().trim().split('\n')).toEqual([
      expect.stringMatching(/^whydenied: .*bad-line\.jsonl: is not valid JSON at line 2, column \d+: /),
      expect.stringMatching(/^whydenied: .*corrupt\.json\.gz: is a damaged gzip file/),
      expect.stringMatching(/^whydenied: .*invalid\.json: is not valid JSON at line 1, column \d+: unexpected `A`$/),
      expect.stringMatching(/^whydenied: .*truncated\.json\.gz: is a truncated gzip file/),
    ]);
  });

  it('text: the summary, the table sorted by count, the unreadable files, then each group in detail', async () => {
    const t = io();
    expect(await runCli(['scan', tree], t)).toBe(4);
    const out = t.output();
    expect(out).toMatch(/^Scanned 15 files \([\d.]+ KB of JSON\): 33 events, 14 denials in 5 groups\n4 files could not be read \(in full\); 4 files skipped \(not CloudTrail\)\n/);
    const table = out.slice(out.indexOf('FIRST SEEN'), out.indexOf('Details')).trim().split('\n');
    expect(table[0]).toMatch(/^FIRST SEEN \(UTC\)\s+LAST SEEN \(UTC\)\s+COUNT\s+PRINCIPAL\s+ACTION\s+RESOURCE\s+CAUSE\s+FIX$/);
    expect(table.slice(1).map((l) => l.split(/\s{2,}/).slice(2, 3).concat(l.split(/\s{2,}/).slice(-2)))).toEqual([
      ['7', 'undetermined', 'unverified'],
      ['3', 'undetermined', 'unverified'],
      ['2', 'id-passed-as-arn', 'none'],
      ['1', 'explicit-deny', 'none'],
      ['1', 'cross-account', 'unverified'],
    ]);
    expect(out).toContain(`  ${join(tree, FILES.corrupt)}: is a damaged gzip file`);
    expect(out).toContain('#1  7 denials of connect:StartChatContact, 2026-11-01 10:00:00 to 2026-11-08 00:00:00 UTC');
    expect(out).toContain(`  example:   event `);
    expect(out).toMatch(/#4 {2}1 denial of kms:Decrypt[\s\S]*explicit-deny/);
    expect(t.errors()).toBe('');
  });

  it('no denials: says so, exit 0', async () => {
    const folder = join(dir, 'clean');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'ok.json'), JSON.stringify({ Records: [success(), success()] }));
    const t = io();
    expect(await runCli(['scan', folder], t)).toBe(0);
    expect(t.output()).toBe('Scanned 1 file (1.1 KB of JSON): 2 events, 0 denials\n\nNo denials found.\n'.replace('1.1 KB', t.output().match(/\(([\d.]+ KB) of JSON/)![1]!));
  });

  it('the progress bar: on a terminal only, erased at the end, never with --quiet', async () => {
    const tty = { ...io(), stderr: { isTTY: true, columns: 100 } };
    let err = '';
    tty.err = (s) => void (err += s);
    await runCli(['scan', join(tree, 'AWSLogs'), '--json'], tty);
    expect(err).toMatch(/^\r\[[#.]+\] \d+\/4 files {2}\d+ events {2}[\d.]+ [KMG]?B\/s {2}ETA [\d:-]+/);
    expect(err.endsWith('\r\u001b[K')).toBe(true);
    err = '';
    await runCli(['scan', join(tree, 'AWSLogs'), '--json', '--quiet'], tty);
    expect(err).toBe('');
  });
});

describe('whydenied scan (built command)', () => {
  const run = (args: string[]) => spawnCliSync(['scan', ...args]);

  beforeAll(() => {
    // test/global-setup.ts builds dist/ once for every CLI test.
    if (!existsSync(join(root, 'dist', 'scan', 'worker.js'))) throw new Error('dist/ has no scan command: the build in test/global-setup.ts failed');
  });

  it('--json with worker threads: exactly the grouped report, exit 4 (some input unreadable)', () => {
    const r = run([tree, '--json', '--jobs', '2']);
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout)).toMatchObject({ schemaVersion: 2, ...expectedReport(UNREADABLE()) });
    expect(r.stderr).toBe('');
  });

  it('exit 2 when denials are found and everything was read; 0 when none', () => {
    expect(run([join(tree, 'AWSLogs'), join(tree, 'exports'), '--json', '--jobs', '2']).code).toBe(2);
    expect(run([join(tree, FILES.other), join(tree, FILES.empty)]).code).toBe(0);
  });

  it('--help documents the exit codes', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Exit codes:\n {2}0 {2}no denials found[\s\S]*1 {2}bad usage[\s\S]*2 {2}denials found[\s\S]*4 {2}some input could not be read/);
  });

  it.each([
    [[], 'whydenied: scan needs at least one file or folder'],
    [['x', '--since', '2026-02-30'], 'whydenied: `--since 2026-02-30` is not a date'],
    [['x', '--until', 'tomorrow'], 'whydenied: `--until tomorrow` is not a date'],
    [['x', '--since', '2026-11-05', '--until', '2026-11-01'], 'whydenied: --since 2026-11-05 is after --until 2026-11-01'],
    [['x', '--action', 'connect:StartChatContact', '--service', 'connect'], 'whydenied: give --action or --service, not both'],
    [['x', '--action', 'StartChatContact'], 'whydenied: `--action StartChatContact` is not SERVICE:ACTION'],
    [['x', '--json', '--csv'], 'whydenied: give one output format, not `json` and `csv`'],
    [['x', '--format', 'pdf'], 'whydenied: unknown format `pdf`'],
    [['x', '--jobs', 'many'], 'whydenied: `--jobs many` is not a number of threads'],
    [['x', '--bogus'], 'whydenied: unknown option `--bogus`'],
    [['x', '--out', '/no/such/folder/report.html'], 'whydenied: cannot write the report to /no/such/folder/report.html: no such folder'],
  ])('bad usage %j: one clear message, exit 1, no stack trace', (args, message) => {
    const r = run(args as string[]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('--scenario: explains each group with those policies (the scenario request is ignored)', () => {
    const r = run([join(tree, 'AWSLogs'), '--action', 'connect:StartChatContact', '--scenario', join(root, 'examples', 'connect-chat.json'), '--json']);
    expect(r.code).toBe(2);
    const groups = (JSON.parse(r.stdout) as { groups: { resource: string; cause: string; fix: boolean; count: number }[] }).groups;
    expect(groups.map((g) => [g.count, g.cause, g.fix])).toEqual([
      [4, 'resource-not-matched', true],
      [2, 'id-passed-as-arn', true],
    ]);
  });

  it('--scenario with a broken policy: the problems, naming the file, before scanning (exit 1)', () => {
    const bad = join(dir, 'bad-scenario.json');
    writeFileSync(bad, JSON.stringify({ identityPolicies: [{ name: 'P', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'connect:StartChatContact' }] } }] }));
    const r = run([tree, '--scenario', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`whydenied: ${bad}: a problem in the scenario; nothing was scanned`);
    const notObject = join(dir, 'list.json');
    writeFileSync(notObject, '[1, 2]');
    expect(run([tree, '--scenario', notObject]).stderr).toBe(`whydenied: ${notObject}: a scenario for scan must be an object with policies (identityPolicies, permissionsBoundary, sessionPolicies, serviceControlPolicies, resourceControlPolicies, resourcePolicy, vpcEndpointPolicy)\n`);
    expect(run([tree, '--scenario', join(dir, 'missing.json')]).stderr).toBe(`whydenied: ${join(dir, 'missing.json')}: no such file\n`);
  });

  it('--out writes the report whole (no temporary file left), and says where', () => {
    const folder = join(dir, 'reports');
    mkdirSync(folder, { recursive: true });
    const out = join(folder, 'denials.csv');
    const r = run([join(tree, 'AWSLogs'), '--csv', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^Scanned 4 files .*\n1 file skipped \(not CloudTrail\)\nReport written to .*denials\.csv\n$/);
    expect(readdirSync(folder)).toEqual(['denials.csv']);
  });

  it('--format html without --out prints the page', () => {
    const r = run([join(tree, 'exports'), '--format', 'html']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^<!doctype html>\n[\s\S]*<\/html>\n$/);
  });

  it('--out onto a folder: exit 1', () => {
    const r = run([tree, '--out', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`whydenied: cannot write the report to ${dir}: it is a folder\n`);
  });
});
