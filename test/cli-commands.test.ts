/**
 * The command definitions and what is made from them: help, docs/commands, the README's exit-code table,
 * did-you-mean, colour, terminal width, `scan -`. `WRITE_DOCS=1` (npm run docs) rewrites the generated
 * parts of the docs instead of failing on drift.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useColour } from '../src/cli/colour.js';
import { commandHelp, exitCodeTable, mainHelp, wrap } from '../src/cli/help.js';
import { EXIT } from '../src/cli/io.js';
import { COMMANDS, DEFINITIONS } from '../src/cli/registry.js';
import { runCaptured as cli } from './fixtures/run-cli.js';
import { ACCOUNT, chatDenied, FLOW_ARN, success } from './fixtures/scan/tree.js';
import { spawnCliSync } from './fixtures/spawn-cli.js';

const root = join(import.meta.dirname, '..');
const write = process.env['WRITE_DOCS'] === '1';
const ESC = '\u001b[';

function bad(r: { code: number | null; stdout: string; stderr: string }, line: string) {
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(`whydenied: ${line}\n`);
}

describe('docs and README are made from the definitions', () => {
  const pages = readdirSync(join(root, 'docs', 'commands')).filter((f) => f.endsWith('.md'));

  it('every command has a page and every page a command', () => {
    expect(pages.map((p) => p.replace(/\.md$/, '')).sort()).toEqual([...COMMANDS.keys()].sort());
  });

  it.each(DEFINITIONS.map((d) => [d.name, d] as const))('docs/commands/%s.md: its first block is the --help', (name, definition) => {
    const path = join(root, 'docs', 'commands', `${name}.md`);
    const page = readFileSync(path, 'utf8');
    const block = /^```\n[\s\S]*?\n```\n/m;
    expect(page, `${path} needs a fenced block for the help`).toMatch(block);
    const expected = page.replace(block, `\`\`\`\n${commandHelp(definition)}\`\`\`\n`);
    if (write && expected !== page) writeFileSync(path, expected);
    else expect(page, `${path} differs from \`whydenied ${name} --help\`: run npm run docs`).toBe(expected);
  });

  it("the README's exit-code table is every command's declared codes", () => {
    const path = join(root, 'README.md');
    const readme = readFileSync(path, 'utf8');
    const table = /(### Exit codes\n\n)\| code \| meaning \|\n[^\n]*\n(\|[^\n]*\n)+/;
    expect(readme).toMatch(table);
    const expected = readme.replace(table, (_all, heading: string) => `${heading}${exitCodeTable(DEFINITIONS)}\n`);
    if (write && expected !== readme) writeFileSync(path, expected);
    else expect(readme, 'README.md: run npm run docs').toBe(expected);
    expect(exitCodeTable(DEFINITIONS)).toMatch(/^\| 4 \| `lint`: findings of severity error.*; `scan`: some input could not be read/m);
  });
});

describe('exit codes', () => {
  const codes = new Set<number>(Object.values(EXIT));
  it.each(DEFINITIONS.map((d) => [d.name, d] as const))('%s declares codes of the one table, 1 included, once each, and its help lists them', (_name, definition) => {
    const declared = definition.exits.map((e) => e.code);
    expect(declared).toContain(EXIT.usage);
    expect(new Set(declared).size).toBe(declared.length);
    for (const code of declared) expect(codes).toContain(code);
    const help = commandHelp(definition, 1000);
    for (const e of definition.exits) expect(help).toContain(`\n  ${e.code}  ${e.meaning}\n`);
  });
});

describe('help', () => {
  it('`whydenied help CMD` is `whydenied CMD --help`, exit 0', async () => {
    for (const name of COMMANDS.keys()) {
      const viaHelp = await cli(['help', name]);
      const viaFlag = await cli([name, '--help']);
      expect(viaHelp.code).toBe(0);
      expect(viaHelp.stdout).toBe(viaFlag.stdout);
      expect(viaHelp.stdout).toMatch(/^Usage:\n/);
      expect(viaHelp.stderr).toBe('');
    }
    expect((await cli(['explain', '-h'])).stdout).toContain('--sdk-error FILE');
  });

  it('the main page lists every command and every exit code; without a command it is a usage error', async () => {
    const r = await cli(['help']);
    expect(r.code).toBe(0);
    for (const d of DEFINITIONS) expect(r.stdout).toContain(`whydenied ${d.name} `);
    const exits = r.stdout.slice(r.stdout.indexOf('Exit codes:'));
    for (const code of [0, 1, 2, 3, 4]) expect(exits.includes(` ${code} `)).toBe(true);
    const none = await cli([]);
    expect(none.code).toBe(1);
    expect(none.stdout).toBe(r.stdout);
  });

  it('fits the terminal: no line wider than its columns (at most 100); piped, 100', async () => {
    for (const columns of [60, 80, 200]) {
      const limit = Math.min(columns, 100);
      for (const args of [['--help'], ...DEFINITIONS.map((d) => [d.name, '--help'])]) {
        const r = await cli(args, { tty: true, columns, env: { NO_COLOR: '1' } });
        const wide = r.stdout.split('\n').filter((l) => l.length > limit && / /.test(l.trim()));
        expect(wide, `${args.join(' ')} at ${columns} columns`).toEqual([]);
      }
    }
    const piped = await cli(['scan', '--help'], { columns: 60 });
    expect(piped.stdout).toBe(commandHelp(DEFINITIONS.find((d) => d.name === 'scan')!));
  });

  it('wraps words, indenting the lines after the first', () => {
    expect(wrap('one two three four', 10, 2, 4)).toEqual(['  one two', '    three', '    four']);
    expect(wrap('unbreakable-long-word x', 8, 0)).toEqual(['unbreakable-long-word', 'x']);
  });

  it('the main help is made from the definitions', () => {
    expect(mainHelp(DEFINITIONS)).toContain('whydenied help COMMAND | --help | --version');
  });
});

describe('did-you-mean: one line on stderr, exit 1', () => {
  it.each([
    [['explian'], 'unknown command `explian`: did you mean `explain`?'],
    [['simulat'], 'unknown command `simulat`: did you mean `simulate`?'],
    [['help', 'explian'], 'unknown command `explian`: did you mean `explain`?'],
    [['explain', '--exmaple'], 'unknown option `--exmaple`: did you mean `--example`?'],
    [['scan', 'x', '--jsno'], 'unknown option `--jsno`: did you mean `--json`?'],
    [['--hlep'], 'unknown option `--hlep`: did you mean `--help`?'],
    [['explain', '--example', '--format', 'terraformm'], 'unknown format `terraformm`: did you mean `terraform`?'],
    [['doctor', 'conect'], 'unknown doctor topic `conect`: did you mean `connect`?'],
  ])('%j', async (args, line) => bad(await cli(args), line));

  it('no near name: the message and where to look', async () => {
    const r = await cli(['frobnicate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('whydenied: unknown command `frobnicate`\n  run `whydenied --help` for the commands\n');
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('`whydenied %s` is an unknown command (no lookup on Object.prototype)', (name) => {
    const r = spawnCliSync([name]);
    expect(r.code).toBe(1);
    expect(r.stderr.startsWith(`whydenied: unknown command \`${name}\``)).toBe(true);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the one parser', () => {
  it.each([
    [['explain', '--example', '--context', 'novalue'], '`--context novalue` is not KEY=VALUE'],
    [['scan', 'x', '--jobs', '0'], '`--jobs 0` is not a number of threads (1 to 256)'],
    [['scan', '--athena', '--limit', '1e3'], '`--limit 1e3` is not a number'],
    [['scan', 'x', '--partition-format', 'dd/MM/yyyy'], 'unknown partition format `dd/MM/yyyy`'],
    [['explain', '--event'], '`--event` needs a value'],
    [['explain', '--json=yes'], '`--json` takes no value'],
    [['collect', 'extra'], 'collect takes no arguments, got `extra`'],
    [['simulate', 'a.json', 'b.json'], 'simulate takes one scenario file, got 2 arguments'],
  ])('%j', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(`whydenied: ${message}`);
  });

  it('KEY=VALUE keeps any key as a key (even __proto__) and the value after the first =', async () => {
    const r = await cli(['explain', 'User: arn:aws:iam::111122223333:user/alice is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k', '--policy', join(root, 'examples', 'connect-chat.json'), '--context', '__proto__=x', '--context', 'aws:SourceIp=203.0.113.1=2', '--json']);
    expect(r.stderr).not.toContain('internal error');
  });
});

describe('colour', () => {
  it.each([
    [{}, {}, true, true],
    [{}, {}, false, false],
    [{ NO_COLOR: '1' }, {}, true, false],
    [{ NO_COLOR: '' }, {}, true, true],
    [{ TERM: 'dumb' }, {}, true, false],
    [{ FORCE_COLOR: '1' }, {}, false, true],
    [{ FORCE_COLOR: '' }, {}, false, true],
    [{ FORCE_COLOR: '0' }, {}, true, false],
    [{ FORCE_COLOR: 'false' }, {}, true, false],
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, {}, false, true],
    [{ FORCE_COLOR: '1' }, { 'no-color': true }, true, false],
    [{ NO_COLOR: '1' }, { color: true }, false, true],
  ])('env %j, flags %j, terminal %s: colour %s', (env, flags, tty, expected) => expect(useColour({ isTTY: tty }, env, flags)).toBe(expected));

  it('reaches the output: FORCE_COLOR and --color colour a pipe, --no-color wins, before or after the command', async () => {
    expect((await cli(['simulate', '--example'])).stdout).not.toContain(ESC);
    expect((await cli(['simulate', '--example'], { env: { FORCE_COLOR: '1' } })).stdout).toContain(ESC);
    expect((await cli(['simulate', '--example', '--color'])).stdout).toContain(ESC);
    expect((await cli(['--color', 'simulate', '--example'])).stdout).toContain(ESC);
    expect((await cli(['simulate', '--example', '--no-color'], { env: { FORCE_COLOR: '1' }, tty: true })).stdout).not.toContain(ESC);
    expect((await cli(['explain', '--example'], { tty: true })).stdout).toContain(ESC);
  });
});

describe('scan - reads standard input', () => {
  const denied = (time: string) => chatDenied(time);
  const scanStdin = (input: string | Buffer, ...args: string[]) => spawnCliSync(['scan', '-', ...args], { input });

  it('JSON lines: every denial found and grouped (exit 2)', () => {
    const lines = [denied('2026-11-01T08:00:00Z'), success(), denied('2026-11-01T09:00:00Z')].map((r) => JSON.stringify(r)).join('\n');
    const r = scanStdin(`${lines}\n`, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout) as { events: number; denials: number; groups: { principal: string; resource: string; count: number }[] };
    expect([report.events, report.denials]).toEqual([3, 2]);
    expect(report.groups.map((g) => [g.principal, g.resource, g.count])).toEqual([[`arn:aws:iam::${ACCOUNT}:role/ChatStarter`, FLOW_ARN, 2]]);
  });

  it('a CloudTrail file ({"Records": [...]}) with no denial: exit 0', () => {
    const r = scanStdin(JSON.stringify({ Records: [success()] }), '--json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { events: number }).events).toBe(1);
  });

  it('broken JSON on stdin: reported as unreadable under the name <stdin> (exit 4)', () => {
    const r = scanStdin(`${JSON.stringify(denied('2026-11-01T08:00:00Z'))}\n{"eventVersion": "1.09", "errorCode": \n`, '--json');
    expect(r.code).toBe(4);
    const report = JSON.parse(r.stdout) as { unreadable: { file: string }[]; denials: number };
    expect(report.unreadable.map((u) => u.file)).toEqual(['<stdin>']);
    expect(report.denials).toBe(1);
  });
});
