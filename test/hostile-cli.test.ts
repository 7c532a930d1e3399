/**
 * Hostile input through every command that reads it, as a user sees it: the real `whydenied` binary (dist/,
 * built by the global setup) in a child process with a memory cap (--max-old-space-size) and a generous kill
 * timer (a bound, not a timing assertion). For each class of attack and each command: no raw control
 * character on stdout or stderr, no stack trace, no internal error, one clear message when it refuses,
 * the process ends by itself, and nothing half-written.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI as cli, spawnCli, type CliRun as Run } from './fixtures/spawn-cli.js';
import { tempFolder } from './fixtures/temp-folder.js';

const MEMORY_MB = 256;
const KILL_MS = 120_000;
const { dir, file } = tempFolder('whydenied-hostile-');

/** `args` may hold raw bytes (a file name that is not UTF-8). Asynchronous: some tests serve the child from this process. */
const run = (args: readonly (string | Buffer)[], env: Record<string, string> = {}): Promise<Run> =>
  spawnCli(args, { cwd: dir, clean: true, env: { HOME: dir, AWS_EC2_METADATA_DISABLED: 'true', ...env }, node: [`--max-old-space-size=${MEMORY_MB}`], timeout: KILL_MS });

/** Control characters a terminal acts on (CR only outside CRLF), bidi controls, line separators. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)/;

/** What every run must look like, whatever the input. */
function expectClean(r: Run, codes: readonly number[]): void {
  expect(r.signal, `killed: ${r.stderr.slice(0, 300)}`).toBeNull();
  expect(codes, `exit ${r.code}: ${r.stderr.slice(0, 500)}`).toContain(r.code);
  expect(r.stdout).not.toMatch(RAW);
  expect(r.stderr).not.toMatch(RAW);
  expect(r.stderr).not.toMatch(/^\s+at \S/m); // a stack trace
  expect(r.stderr).not.toContain('internal error');
  expect(r.stderr).not.toContain('Maximum call stack');
  expect(r.stderr).not.toContain('heap out of memory');
}

/** A refusal: exit 1, and one `whydenied:` message naming the file and the reason. */
function expectRefused(r: Run, file: string, reason: RegExp): void {
  expectClean(r, [1]);
  expect(r.stderr).toContain(`whydenied: ${file}`);
  expect(r.stderr).toMatch(reason);
}

// ---------------------------------------------------------------------------------------------------------
// The payloads.

/** Retitle the window, clear the screen, print a fake verdict, hide the rest; CR, backspace, 8-bit CSI, RLO. */
const TERMINAL = '\u001b]0;pwned\u0007\u001b[2J\u001b[HScanned 1 file: 0 denials\u001b[8m\r\b\u009b31m\u202enimda\u2066\u2028';
const MEMBERS = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
const ACCOUNT = '111122223333';

function record(fields: { principal?: string; eventSource?: string; eventName?: string; key?: string; message?: string }): object {
  const principal = fields.principal ?? `arn:aws:iam::${ACCOUNT}:user/alice`;
  const resource = `arn:aws:s3:::bucket/${fields.key ?? 'k'}`;
  return {
    eventVersion: '1.08',
    eventTime: '2026-11-01T09:00:00Z',
    eventSource: fields.eventSource ?? 's3.amazonaws.com',
    eventName: fields.eventName ?? 'GetObject',
    awsRegion: 'us-east-1',
    errorCode: 'AccessDenied',
    errorMessage: fields.message ?? `User: ${principal} is not authorized to perform: s3:GetObject on resource: ${resource} because no identity-based policy allows the s3:GetObject action`,
    userIdentity: { type: 'IAMUser', arn: principal, accountId: ACCOUNT, principalId: 'AIDAEXAMPLE' },
    userAgent: TERMINAL,
    requestParameters: { bucketName: 'bucket', key: fields.key ?? 'k' },
    resources: [{ ARN: resource, type: 'AWS::S3::Object' }],
    recipientAccountId: ACCOUNT,
    eventID: `id-${fields.eventName ?? 'x'}`,
  };
}

const trail = (...records: object[]) => JSON.stringify({ Records: records });
const policy = (statements: object[]) => ({ Version: '2012-10-17', Statement: statements });
const scenario = (resource: string, statements: object[]) => ({
  request: { principal: `arn:aws:iam::${ACCOUNT}:user/alice`, action: 's3:GetObject', resource },
  identityPolicies: [{ name: 'P', document: policy(statements) }],
});
const message = (action: string, resource: string) => `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

// ---------------------------------------------------------------------------------------------------------

describe('terminal control characters and bidi overrides from input never reach the terminal raw', () => {
  beforeAll(() => {
    file('control.json', trail(record({ key: TERMINAL, principal: `arn:aws:iam::${ACCOUNT}:user/${TERMINAL}` }), record({ message: `${TERMINAL} is not authorized` })));
    file('control-policy.json', JSON.stringify(policy([{ Sid: TERMINAL, Effect: 'Allow', Action: `s3:Get${TERMINAL}`, Resource: `arn:aws:s3:::b/${TERMINAL}` }])));
    file('control-scenario.json', JSON.stringify(scenario(`arn:aws:s3:::b/${TERMINAL}`, [{ Sid: TERMINAL, Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b/x${TERMINAL}` }])));
    file('control-sdk.json', JSON.stringify({ name: 'AccessDenied', message: message('s3:GetObject', `arn:aws:s3:::b/${TERMINAL}`), $metadata: { httpStatusCode: 403 } }));
    file(`name${TERMINAL.replace(/\//g, '')}.json`, JSON.stringify(policy([{ Effect: 'Allow', Action: 's3:GetObjectt', Resource: '*' }])));
  });

  it.each([
    ['scan (text)', ['scan', 'control.json'], [2]],
    ['scan --csv', ['scan', 'control.json', '--csv'], [2]],
    ['scan --json', ['scan', 'control.json', '--json'], [2]],
    ['explain --event', ['explain', '--event', 'control.json'], [0, 3]],
    ['explain MESSAGE', ['explain', message('s3:GetObject', `arn:aws:s3:::b/${TERMINAL}`)], [0, 3]],
    ['explain --sdk-error', ['explain', '--sdk-error', 'control-sdk.json'], [0, 3]],
    ['explain --scenario', ['explain', message('s3:GetObject', 'arn:aws:s3:::b/k'), '--scenario', 'control-scenario.json'], [0, 3]],
    ['simulate', ['simulate', 'control-scenario.json'], [2]],
    ['lint', ['lint', 'control-policy.json'], [0, 4]],
    ['lint --sarif', ['lint', 'control-policy.json', '--sarif'], [0, 4]],
    ['lint, a file named with controls', ['lint', '.'], [0, 1, 4]],
    ['an unknown command named with controls', [TERMINAL], [1]],
  ] as const)('%s', async (_, args, codes) => {
    expectClean(await run(args), codes);
  });

  it('the HTML report shows a role named with U+202E as it is, not as `role/admin`', async () => {
    file('bidi.json', trail(record({ principal: `arn:aws:iam::${ACCOUNT}:role/\u202enimda` })));
    const r = await run(['scan', 'bidi.json', '--format', 'html']);
    expectClean(r, [2]);
    expect(r.stdout).toContain('role/\\u202enimda');
  });
});

describe('names that are Object.prototype members are names, not members', () => {
  beforeAll(() => {
    for (const m of MEMBERS) {
      file(`member-${m}.json`, trail(record({ eventSource: `${m}.amazonaws.com`, eventName: m }), record({ eventName: m, message: message(`s3:${m}`, 'arn:aws:s3:::bucket/k') })));
      file(`member-policy-${m}.json`, JSON.stringify(policy([{ Effect: 'Allow', Action: [`s3:${m}`, `${m}:${m}`], Resource: `arn:aws:s3:::b/\${${m}}`, Condition: { StringEquals: { [`aws:${m}`]: 'x' } } }])));
      file(`member-template-${m}.yaml`, `Resources:\n  ${m}:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObjectt\n            Resource: "*"\n`);
      file(`member-scenario-${m}.json`, JSON.stringify({ ...scenario('arn:aws:s3:::b/x', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b/\${${m}}` }]), request: { principal: `arn:aws:iam::${ACCOUNT}:user/alice`, action: 's3:GetObject', resource: 'arn:aws:s3:::b/x', context: { [m]: 'x' } } }));
    }
  });

  it.each(MEMBERS)('%s: every command answers, none crashes or grants a prototype member', async (m) => {
    const runs = await Promise.all([
      run(['scan', `member-${m}.json`]),
      run(['explain', '--event', `member-${m}.json`]),
      run(['explain', message(`s3:${m}`, 'arn:aws:s3:::bucket/k')]),
      run(['explain', message(`${m}:${m}`, 'arn:aws:s3:::bucket/k')]),
      run(['simulate', `member-scenario-${m}.json`]),
      run(['explain', message('s3:GetObject', 'arn:aws:s3:::b/x'), '--scenario', `member-scenario-${m}.json`, '--context', `${m}=x`]),
      run(['policy', `s3:${m}`]),
    ]);
    for (const r of runs) {
      expectClean(r, [0, 1, 2, 3]);
      expect(r.stdout + r.stderr).not.toContain('[native code]');
    }
    // The scenario's `${m}` variable resolves to nothing AWS knows: the statement does not match.
    expect(runs[4]!.code).toBe(2);
    // scan reads the file (not "could not be read").
    expect(runs[0]!.stdout).not.toContain('could not be read');
    const lint = await run(['lint', `member-policy-${m}.json`, `member-template-${m}.yaml`, '--json']);
    expectClean(lint, [4]);
    const findings = (JSON.parse(lint.stdout) as { findings: { location: { file: string } }[] }).findings;
    // the template is read as a template, and its broken action is found
    expect(findings.some((f) => f.location.file.endsWith(`member-template-${m}.yaml`))).toBe(true);
  });

  it('`whydenied constructor`: an unknown command, no stack trace', async () => {
    for (const m of MEMBERS) {
      const r = await run([m]);
      expectClean(r, [1]);
      expect(r.stderr).toContain(`whydenied: unknown command \`${m}\``);
    }
  });
});

describe('devices, pipes and symlinks to devices given as files are refused at the size limit', () => {
  let fifo: string;
  let writer: ChildProcess;
  beforeAll(() => {
    fifo = join(dir, 'endless.fifo');
    spawnSync('mkfifo', [fifo]);
    mkdirSync(join(dir, 'committed'));
    symlinkSync('/dev/zero', join(dir, 'committed', 'policy.json'));
    symlinkSync('/dev/urandom', join(dir, 'committed', 'random.json'));
  });
  afterAll(() => writer?.kill());

  it.each([
    ['explain --event', ['explain', '--event', '/dev/zero']],
    ['explain --scenario', ['explain', message('s3:GetObject', 'arn:aws:s3:::b/k'), '--scenario', '/dev/zero']],
    ['explain --policy', ['explain', message('s3:GetObject', 'arn:aws:s3:::b/k'), '--policy', '/dev/zero']],
    ['explain --sdk-error', ['explain', '--sdk-error', '/dev/urandom']],
    ['simulate', ['simulate', '/dev/zero']],
    ['lint', ['lint', '/dev/zero']],
    ['scan --scenario', ['scan', 'control.json', '--scenario', '/dev/zero']],
  ] as const)('%s', async (_, args) => {
    const r = await run(args);
    expectClean(r, [1]);
    expect(r.stderr).toMatch(/whydenied: \/dev\/(zero|urandom): is larger than 64 MiB/);
  });

  it('a FIFO that never ends', async () => {
    writer = spawn('sh', ['-c', `exec cat /dev/zero > '${fifo}'`], { stdio: 'ignore' });
    expectRefused(await run(['simulate', fifo]), fifo, /is larger than 64 MiB/);
    writer.kill();
  });

  it('a committed symlink to a device, in a folder given to lint and scan', async () => {
    // lint walks a folder's regular files only: the links are not followed...
    const folder = await run(['lint', 'committed']);
    expectClean(folder, [1]);
    expect(folder.stderr).toContain('whydenied: committed: is a folder with no .json');
    // ...and named one by one, each is refused at the limit.
    const named = await run(['lint', 'committed/policy.json', 'committed/random.json']);
    expectClean(named, [1]);
    expect(named.stderr).toMatch(/committed\/policy\.json: is larger than 64 MiB/);
    expect(named.stderr).toMatch(/committed\/random\.json: is larger than 64 MiB/);
    // scan streams: a device is read in bounded memory and found not to be CloudTrail.
    const scan = await run(['scan', 'committed']);
    expectClean(scan, [0, 4]);
  });
});

describe('file names that are not UTF-8 are read by their bytes and shown with them as \\xNN', () => {
  /** `dir/` + the name's bytes: Linux allows any byte but `/` and NUL. */
  const name = (...parts: (string | number)[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.of(p))));
  const at = (path: Buffer) => Buffer.concat([Buffer.from(`${dir}/`), path]);
  beforeAll(() => {
    mkdirSync(join(dir, 'raw-scan'));
    mkdirSync(join(dir, 'raw-lint'));
    writeFileSync(at(name('raw-scan/trail', 0xff, '.json')), trail({ ...record({ key: 'one' }), eventID: 'one' }));
    writeFileSync(at(name('raw-scan/trail', 0xfe, '.json')), trail({ ...record({ key: 'two' }), eventID: 'two' }));
    // an ESC in the name as well: the bytes as \xNN, the control made visible
    writeFileSync(at(name('raw-lint/policy', 0x1b, 0xc3, '.json')), JSON.stringify(policy([{ Effect: 'Allow', Action: 's3:GetObjectt', Resource: '*' }])));
  });

  it.each([
    ['read on this thread', []],
    ['read by the worker pool', ['--jobs', '2']],
  ] as const)('scan, a folder: %s', async (_, extra) => {
    const json = await run(['scan', 'raw-scan', '--json', ...extra]);
    expectClean(json, [2]);
    const report = JSON.parse(json.stdout) as { files: number; denials: number; unreadable: unknown[] };
    expect(report).toMatchObject({ files: 2, denials: 2, unreadable: [] });
    const text = await run(['scan', 'raw-scan', ...extra]);
    expectClean(text, [2]);
    expect(text.stdout).toMatch(/event (one|two) in raw-scan\/trail\\x(ff|fe)\.json/);
  });

  it('lint, a folder', async () => {
    const r = await run(['lint', 'raw-lint']);
    expectClean(r, [4]);
    expect(r.stdout).toContain('raw-lint/policy\\u001b\\xc3.json');
    expect(r.stdout).toContain('s3:GetObjectt');
    // SARIF names the file by its bytes
    const sarif = await run(['lint', 'raw-lint', '--sarif']);
    expectClean(sarif, [4]);
    expect(sarif.stdout).toContain('"uri": "raw-lint/policy%1B%C3.json"');
  });

  it('the same names given on the command line', async () => {
    const scan = await run(['scan', name('raw-scan/trail', 0xff, '.json')]);
    expectClean(scan, [2]);
    expect(scan.stdout).toContain('1 denial');
    const lint = await run(['lint', name('raw-lint/policy', 0x1b, 0xc3, '.json')]);
    expectClean(lint, [4]);
    expect(lint.stdout).toContain('s3:GetObjectt');
    const event = await run(['explain', '--event', name('raw-scan/trail', 0xfe, '.json')]);
    expectClean(event, [0, 3]);
    expect(event.stdout).toContain('arn:aws:s3:::bucket/two');
    const missing = await run(['lint', name('raw-lint/none', 0xff, '.json')]);
    expectRefused(missing, 'raw-lint/none\\xff.json', /no such file/);
  });
});

describe('work that grows faster than the input is bounded or refused', () => {
  it('100,000 levels of nesting: refused with the limit named, in every reader', async () => {
    const n = 100_000;
    file('deep.json', `${'['.repeat(n)}${']'.repeat(n)}`);
    file('deep-object.json', `${'{"Records":'.repeat(n)}[]${'}'.repeat(n)}`);
    file('deep.yaml', `a: ${'['.repeat(n)}${']'.repeat(n)}\n`);
    for (const args of [['simulate', 'deep.json'], ['simulate', 'deep.yaml'], ['lint', 'deep.yaml'], ['lint', 'deep-object.json'], ['explain', '--event', 'deep-object.json'], ['explain', '--sdk-error', 'deep.json']]) {
      const r = await run(args);
      expectRefused(r, args[args.length - 1]!, /nests deeper than 100 levels/);
    }
    expectClean(await run(['scan', 'deep-object.json']), [0, 4]);
  });

  it('`?`-heavy wildcards against a 1 MB resource, and lint comparing two 20,000-character resources', async () => {
    const long = `arn:aws:s3:::b/${'a'.repeat(1_000_000)}`;
    file('wild.json', JSON.stringify(scenario(long, [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b/*${'a?'.repeat(2000)}b*` }])));
    expectClean(await run(['simulate', 'wild.json', '--no-trace']), [2]);
    const r1 = `arn:aws:s3:::b/${'x?'.repeat(10_000)}`;
    const r2 = `arn:aws:s3:::b/${'x*'.repeat(10_000)}`;
    file('two-long.json', JSON.stringify(policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: [r1, r2] }, { Effect: 'Deny', Action: 's3:GetObject', Resource: [r2, r1] }])));
    expectClean(await run(['lint', 'two-long.json']), [0, 4]);
  });

  it('a 180 KB YAML scenario with thousands of unknown actions: every problem reported, one parse', async () => {
    const actions = Array.from({ length: 6500 }, (_, i) => `            - s3:NoSuchAction${i}`).join('\n');
    file('many.yaml', `request:\n  principal: arn:aws:iam::${ACCOUNT}:user/alice\n  action: s3:GetObject\n  resource: arn:aws:s3:::b/k\nidentityPolicies:\n  - name: P\n    document:\n      Version: "2012-10-17"\n      Statement:\n        - Effect: Allow\n          Resource: "*"\n          Action:\n${actions}\n`);
    expect(statSync(join(dir, 'many.yaml')).size).toBeGreaterThan(180_000);
    const r = await run(['simulate', 'many.yaml']);
    expectClean(r, [1, 2]);
    expect(r.stderr.match(/NoSuchAction\d+/g)?.length ?? 0).toBeGreaterThanOrEqual(6500);
  });
});

describe('AWS calls that never return are bounded by --timeout', () => {
  let silent: TcpServer;
  let url: string;
  beforeAll(async () => {
    // Accepts every connection and never answers.
    silent = createTcpServer((socket) => socket.on('data', () => undefined));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => silent.close(() => resolve())));
  const env = () => ({ AWS_ENDPOINT_URL: url, AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'us-east-1' });

  it.each([
    ['explain --live', ['explain', message('s3:GetObject', 'arn:aws:s3:::b/k'), '--live', '--timeout', '2'], /AWS did not answer within 2 s/],
    ['collect', ['collect', '--principal', `arn:aws:iam::${ACCOUNT}:user/alice`, '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/k', '--timeout', '2'], /AWS did not answer within 2 s/],
    ['doctor', ['doctor', 'connect', '--instance', `arn:aws:connect:us-east-1:${ACCOUNT}:instance/9f8e7d6c-1a2b-4c3d-8e9f-0a1b2c3d4e5f`, '--timeout', '2'], /AWS did not answer within 2 s/],
    ['scan --athena', ['scan', '--athena', '--database', 'd', '--table', 't', '--output-location', 's3://b/p/', '--timeout', '2'], /did not answer StartQueryExecution within 2 s/],
  ] as const)('%s', async (_, args, said) => {
    const r = await run(args, env());
    expectClean(r, [1, 3, 4]);
    expect(r.stderr).toMatch(said);
  });
});

describe('AWS error text that echoes the request is redacted and made visible', () => {
  let echo: Server;
  let url: string;
  beforeAll(async () => {
    echo = createServer((req, res) => {
      const said = `${TERMINAL} denied; you sent Authorization: ${req.headers['authorization']} X-Amz-Security-Token=${req.headers['x-amz-security-token']} and X-Amz-Signature=0123456789abcdef0123456789abcdef`;
      const xml = `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>${said.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</Message></Error><RequestId>r</RequestId></ErrorResponse>`;
      res.writeHead(403, { 'content-type': 'text/xml' }).end(xml);
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => echo.close(() => resolve())));

  it.each([
    ['collect', ['collect', '--principal', `arn:aws:iam::${ACCOUNT}:user/alice`, '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/k', '--timeout', '30']],
    ['explain --live', ['explain', message('s3:GetObject', 'arn:aws:s3:::b/k'), '--live', '--timeout', '30']],
    ['doctor', ['doctor', 'connect', '--instance', `arn:aws:connect:us-east-1:${ACCOUNT}:instance/9f8e7d6c-1a2b-4c3d-8e9f-0a1b2c3d4e5f`, '--timeout', '30']],
    ['scan --athena', ['scan', '--athena', '--database', 'd', '--table', 't', '--output-location', 's3://b/p/', '--timeout', '30']],
  ] as const)('%s', async (_, args) => {
    const r = await run(args, { AWS_ENDPOINT_URL: url, AWS_ACCESS_KEY_ID: 'ASIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'SESSIONTOKENVALUE', AWS_REGION: 'us-east-1' });
    expectClean(r, [0, 1, 2, 3, 4]);
    const all = r.stdout + r.stderr;
    expect(all).not.toContain('ASIAIOSFODNN7EXAMPLE');
    expect(all).not.toContain('SESSIONTOKENVALUE');
    expect(all).not.toContain('0123456789abcdef0123456789abcdef');
    expect(all).not.toContain('secret');
  });
});

describe('CSV cells never run as formulas, and --out is whole, private and never through a symlink', () => {
  it('scan --csv escapes a principal that starts with =', async () => {
    file('formula.json', trail(record({ principal: '=HYPERLINK("http://evil.example","click")' })));
    const r = await run(['scan', 'formula.json', '--csv']);
    expectClean(r, [2]);
    expect(r.stdout).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
  });

  it('--out keeps an existing 0600 file 0600, creates new files 0600, refuses a symlink, leaves no temporary file', async () => {
    const kept = join(dir, 'out', 'kept.txt');
    mkdirSync(join(dir, 'out'));
    writeFileSync(kept, 'old');
    chmodSync(kept, 0o600);
    expectClean(await run(['scan', 'control.json', '--out', kept]), [2]);
    expect(statSync(kept).mode & 0o777).toBe(0o600);
    expect(readFileSync(kept, 'utf8')).toContain('Scanned');
    const fresh = join(dir, 'out', 'new.csv');
    expectClean(await run(['scan', 'control.json', '--csv', '--out', fresh]), [2]);
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
    const target = join(dir, 'out', 'target.txt');
    writeFileSync(target, 'untouched');
    symlinkSync(target, join(dir, 'out', 'link.txt'));
    const r = await run(['scan', 'control.json', '--out', join(dir, 'out', 'link.txt')]);
    expectClean(r, [1]);
    expect(r.stderr).toMatch(/cannot write the report to .*link\.txt: is a symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe('untouched');
    expect(lstatSync(join(dir, 'out', 'link.txt')).isSymbolicLink()).toBe(true);
    expect(readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(join(dir, 'out', 'kept.txt'))).toBe(true);
  });
});

describe('`whydenied diff`: every class through both sides', () => {
  beforeAll(() => {
    file('diff-old.json', JSON.stringify(policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }])));
    file('diff-control.json', JSON.stringify(policy([{ Sid: TERMINAL, Effect: 'Allow', Action: `s3:Get${TERMINAL}`, Resource: `arn:aws:s3:::c/${TERMINAL}` }, { Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::c/${TERMINAL}` }])));
    for (const m of MEMBERS) file(`diff-member-${m}.json`, JSON.stringify(policy([{ Effect: 'Allow', Action: [`s3:${m}`, `${m}:${m}`], Resource: `arn:aws:s3:::b/\${${m}}`, Condition: { StringEquals: { [`aws:${m}`]: 'x' } } }])));
    file('diff-deep.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    file('diff-wild.json', JSON.stringify(policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b/*${'a?'.repeat(2000)}b*` }])));
    file('diff-long-q.json', JSON.stringify(policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b/${'x?'.repeat(10_000)}` }])));
    file('diff-long-star.json', JSON.stringify(policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b/${'x*'.repeat(10_000)}` }])));
    const distinct = Array.from({ length: 3000 }, (_, i) => `${String.fromCharCode(0x100 + i)}*`).join('');
    file('diff-distinct.json', JSON.stringify(policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b/${distinct}` }])));
  });

  it('control characters in Sids, actions and resources are shown escaped, in text, JSON and SARIF', async () => {
    for (const format of [[], ['--json'], ['--sarif']]) {
      const r = await run(['diff', 'diff-old.json', 'diff-control.json', ...format]);
      expectClean(r, [2]);
    }
  });

  it.each(MEMBERS)('%s as an action, a variable and a condition key or operator: an answer, never a crash', async (m) => {
    for (const args of [['diff', 'diff-old.json', `diff-member-${m}.json`], ['diff', `diff-member-${m}.json`, 'diff-old.json', '--context', `${m}:x=1`, '--context', `aws:${m}=2`]]) {
      const r = await run(args);
      expectClean(r, [0, 1, 2, 3]);
      expect(r.stdout + r.stderr).not.toContain('[native code]');
    }
  });

  it('a device and 100,000 levels of nesting: refused with the limit named', async () => {
    expectRefused(await run(['diff', 'diff-old.json', '/dev/zero']), '/dev/zero', /is larger than 64 MiB/);
    expectRefused(await run(['diff', 'diff-deep.json', 'diff-old.json']), 'diff-deep.json', /nests deeper than 100 levels/);
  });

  it.each([
    ['`?`-heavy after a `*`', 'diff-old.json', 'diff-wild.json'],
    ['two 20,000-character resources', 'diff-long-q.json', 'diff-long-star.json'],
    ['the same, the other way', 'diff-long-star.json', 'diff-long-q.json'],
    ['3,000 distinct characters', 'diff-old.json', 'diff-distinct.json'],
  ])('%s: an answer within the memory cap, the part not compared exactly said so', async (_, old, next) => {
    const r = await run(['diff', old, next]);
    expectClean(r, [2, 3]);
    expect(r.stdout).toMatch(/too many to compare exactly \(more than [\d,]+ /);
  });
});

describe('`whydenied mcp`: hostile calls over the protocol', () => {
  const N = 100_000;
  const calls: [string, string, Record<string, unknown> | string][] = [
    ['explain', 'explain', { message: message('s3:GetObject', `arn:aws:s3:::b/${TERMINAL}`), policies: [{ type: 'identity', name: TERMINAL, document: policy([{ Effect: 'Allow', Action: `s3:Get${TERMINAL}`, Resource: '*' }]) }] }],
    ['explain, a prototype member as action', 'explain', { message: message('s3:constructor', 'arn:aws:s3:::b/k'), context: { constructor: 'x', toString: 'y' } }],
    ['simulate', 'simulate', { scenario: scenario(`arn:aws:s3:::b/${TERMINAL}`, [{ Sid: 'x', Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b/x${TERMINAL}` }]) }],
    ['simulate, nested arrays', 'simulate', `{"scenario":${'['.repeat(N)}${']'.repeat(N)}}`],
    ['simulate, nested objects', 'simulate', `{"scenario":{"request":{},"x":${'{"a":'.repeat(N)}{}${'}'.repeat(N)}}}`],
    ['simulate, `?`-heavy against 1 MB', 'simulate', { scenario: scenario(`arn:aws:s3:::b/${'a'.repeat(1_000_000)}`, [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b/*${'a?'.repeat(2000)}b*` }]), trace: false }],
    ['policy', 'policy', { actions: [`s3:Get${TERMINAL}`, 'constructor:constructor'], resources: [`arn:aws:s3:::b/${TERMINAL}`] }],
    ['lint', 'lint', { document: policy([{ Sid: TERMINAL, Effect: 'Allow', Action: `s3:Get${TERMINAL}`, Resource: `arn:aws:s3:::b/${TERMINAL}` }]), name: TERMINAL }],
    ['lint, deep YAML', 'lint', { document: `a: ${'['.repeat(N)}${']'.repeat(N)}\n` }],
    ['an unknown tool named with controls', TERMINAL, {}],
  ];

  it('every call is answered on protocol lines without a raw control character; deep arguments are refused by name', async () => {
    const child = spawn(process.execPath, [`--max-old-space-size=${MEMORY_MB}`, cli, 'mcp'], { cwd: dir, env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const send = (line: string) => child.stdin!.write(`${line}\n`);
    send(JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'hostile', version: '1' } } }));
    send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
    calls.forEach(([, name, args], i) => send(`{"jsonrpc":"2.0","id":${i + 1},"method":"tools/call","params":{"name":${JSON.stringify(name)},"arguments":${typeof args === 'string' ? args : JSON.stringify(args)}}}`));
    const answered = () => stdout.split('\n').filter((l) => l.trim() !== '').length > calls.length;
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_MS);
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (answered() || child.exitCode !== null || child.signalCode !== null) {
          clearInterval(poll);
          resolve();
        }
      }, 50);
    });
    child.stdin!.end();
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    clearTimeout(timer);
    expectClean({ code, signal, stdout, stderr }, [0]);
    const replies = new Map(
      stdout
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as { id: number; result?: { isError?: boolean; content: { text: string }[]; structuredContent?: unknown }; error?: { message: string } })
        .map((m) => [m.id, m]),
    );
    calls.forEach(([label], i) => {
      const reply = replies.get(i + 1);
      expect(reply, label).toBeDefined();
      const text = reply!.result ? reply!.result.content.map((c) => c.text).join('\n') : reply!.error!.message;
      expect(text, label).not.toContain('Maximum call stack');
      expect(text, label).not.toContain('internal error');
      // tool errors are English for a person: the input in them is visible too, not only JSON-escaped
      if (reply!.result?.isError || reply!.error) expect(text, label).not.toMatch(RAW);
    });
    const error = (i: number) => replies.get(i + 1)!.result!.content[0]!.text;
    expect(error(3)).toBe('simulate: the arguments nest deeper than 100 levels');
    expect(error(4)).toBe('simulate: the arguments nest deeper than 100 levels');
    expect(error(8)).toBe('lint: document: nests deeper than 100 levels');
    expect(replies.get(6)!.result!.structuredContent).toMatchObject({ decision: 'implicit-deny' });
  });
});

