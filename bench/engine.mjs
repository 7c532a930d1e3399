// npm run bench: decisions per second of the engine, and the cold start of `whydenied simulate`.
// Figures only; no test asserts a time. Run on an idle machine; it takes about 30 seconds.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileScenario, evaluateScenario, simulate } from '../dist/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const example = JSON.parse(readFileSync(`${root}/examples/connect-chat.json`, 'utf8'));

/** Decisions per second of fn, measured over about `seconds` after a warm-up. */
function rate(fn, seconds = 2) {
  for (let i = 0; i < 20_000; i++) fn();
  let n = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < 1_000; i++) fn();
    n += 1_000;
    elapsed = process.hrtime.bigint() - start;
  }
  return n / (Number(elapsed) / 1e9);
}

/**
 * Calls per second of fn on inputs it has never seen, two ways. `batch`: each batch of `size` inputs is made
 * (untimed) before it is timed, so no cache keyed on the input object can help; but the whole batch is alive
 * while it is timed, so the collector copies it again and again, a cost a caller that makes one input and
 * uses it (the verifier, scan, lint, a library user) does not pay. `single`: each input is made (untimed) just
 * before its own call, and that call alone is timed. `cpu`: calls per CPU-second of this process for the
 * single way (the CPU of making the inputs, measured alone, taken off), which other work on a busy machine
 * disturbs less than the wall clock. `reading`: the time of fn over the time of making its input (JSON.parse
 * of the scenario's text), measured in the same loop: the "cost about as much as reading it", in a
 * figure that the machine's speed of the moment does not move. `documents`: the same over the time of reading
 * the input and the policy texts it carries as strings (JSON or URL-encoded, as the IAM API returns them),
 * which simulate() must read as well.
 */
function freshRate(make, fn, seconds = 2, size = 1_000) {
  const budget = BigInt(Math.round(seconds * 1e9));
  // Warm-up by time, not count: a thousand calls of the example are 8 ms, before V8 has optimized the path.
  const warm = process.hrtime.bigint() + 500_000_000n;
  for (let i = 0; i < size || process.hrtime.bigint() < warm; i++) fn(make(i));
  // single
  let n = 0;
  let elapsed = 0n;
  let making = 0n;
  let readingTexts = 0n;
  const startCpu = process.cpuUsage();
  while (elapsed < budget) {
    const made = process.hrtime.bigint();
    const input = make(n++);
    const start = process.hrtime.bigint();
    fn(input);
    const end = process.hrtime.bigint();
    readPolicyTexts(input);
    readingTexts += process.hrtime.bigint() - end;
    elapsed += end - start;
    making += start - made;
  }
  const used = process.cpuUsage(startCpu);
  const makeCpu = process.cpuUsage();
  for (let i = 0; i < n; i++) make(i);
  const made = process.cpuUsage(makeCpu);
  const cpu = (used.user + used.system - made.user - made.system) / 1e6;
  const single = n / (Number(elapsed) / 1e9);
  // batch
  let m = 0;
  let batchElapsed = 0n;
  while (batchElapsed < budget) {
    const inputs = Array.from({ length: size }, (_, i) => make(m + i));
    const start = process.hrtime.bigint();
    for (const input of inputs) fn(input);
    batchElapsed += process.hrtime.bigint() - start;
    m += inputs.length;
  }
  return {
    single,
    cpu: n / cpu,
    batch: m / (Number(batchElapsed) / 1e9),
    reading: Number(elapsed) / Number(making),
    documents: Number(elapsed) / Number(making + readingTexts),
  };
}

/** JSON.parse of every policy text a scenario gives as a string (URL-decoded first when it is encoded). */
function readPolicyTexts(scenario) {
  let read = 0;
  const one = (policy) => {
    const d = policy?.document;
    if (typeof d === 'string') read += Object.keys(JSON.parse(/^\s*%/.test(d) ? decodeURIComponent(d) : d)).length;
  };
  for (const value of Object.values(scenario)) {
    if (!Array.isArray(value)) one(value);
    else for (const p of value) (Array.isArray(p?.policies) ? p.policies : [p]).forEach(one);
  }
  return read;
}

/** The differential test's random scenarios, made in a process of their own (./random-scenarios.mjs). */
function randomScenarios(count) {
  const r = spawnSync(process.execPath, [`${root}/bench/random-scenarios.mjs`, String(count)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

/** 40 identity policies of 15 statements with conditions, 4 SCP levels, a boundary. */
function largeScenario() {
  const services = ['s3', 'ec2', 'dynamodb', 'sqs', 'sns', 'lambda', 'logs', 'kms', 'connect'];
  const identityPolicies = [];
  for (let p = 0; p < 40; p++) {
    const Statement = [];
    for (let s = 0; s < 15; s++) {
      const service = services[(p + s) % services.length];
      Statement.push({
        Sid: `P${p}S${s}`,
        Effect: s % 7 === 6 ? 'Deny' : 'Allow',
        Action: [`${service}:Get*`, `${service}:List*`, `${service}:Describe*`],
        Resource: [`arn:aws:${service}:us-east-1:111122223333:thing-${p}-${s}/*`, `arn:aws:${service}:*:111122223333:other/${s}`],
        Condition: {
          StringEquals: { 'aws:PrincipalTag/team': ['chat', `team-${s}`] },
          IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] },
          ...(s % 3 === 0 && { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }),
        },
      });
    }
    identityPolicies.push({ name: `Policy${p}`, document: { Version: '2012-10-17', Statement } });
  }
  // The statement that finally allows the request sits in the last policy.
  identityPolicies[39].document.Statement[14] = {
    Sid: 'AllowStartChat',
    Effect: 'Allow',
    Action: 'connect:StartChatContact',
    Resource: 'arn:aws:connect:us-east-1:111122223333:instance/*/contact-flow/*',
    Condition: { StringEquals: { 'aws:PrincipalTag/team': 'chat' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  };
  const full = { name: 'FullAWSAccess', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } };
  const regions = {
    name: 'DenyRegions',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } } }] },
  };
  return {
    request: {
      principal: 'arn:aws:sts::111122223333:assumed-role/ChatStarter/fn',
      action: 'connect:StartChatContact',
      resource: 'arn:aws:connect:us-east-1:111122223333:instance/i-1/contact-flow/f-1',
      context: { 'aws:PrincipalTag/team': 'chat', 'aws:SourceIp': '10.1.2.3', 'aws:CurrentTime': '2026-11-26T00:00:00Z' },
    },
    identityPolicies,
    permissionsBoundary: { name: 'Boundary', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['connect:*', 's3:*'], Resource: '*' }] } },
    serviceControlPolicies: [
      { target: 'r-root', policies: [full] },
      { target: 'ou-1', policies: [full, regions] },
      { target: 'ou-2', policies: [full] },
      { target: '111122223333', policies: [full] },
    ],
  };
}

function compiled(scenario) {
  const c = compileScenario(scenario);
  if (!c.ok) throw new Error(JSON.stringify(c.problems));
  return c.value;
}

function coldStart(runs = 15) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [`${root}/dist/bin/whydenied.js`, 'simulate', `${root}/examples/connect-chat.json`, '--json'], { encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 2) throw new Error(`unexpected exit ${r.status}: ${r.stderr}`);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const fmt = (n) => Math.round(n).toLocaleString('en-US').padStart(12);
const small = compiled(example);
const large = compiled(largeScenario());
if (evaluateScenario(large).decision !== 'allow') throw new Error('the large scenario should be allowed');

// `node bench/engine.mjs simulate`: section (c) alone.
const only = process.argv[2];
console.log('whydenied engine benchmark (decisions per second, single thread)');
if (only !== 'simulate') {
console.log(`(a) StartChatContact example, no trace   ${fmt(rate(() => evaluateScenario(small, { trace: false })))}   target >= 500,000`);
console.log(`(a) StartChatContact example, trace      ${fmt(rate(() => evaluateScenario(small, { trace: true })))}`);
const largeNoTrace = rate(() => evaluateScenario(large, { trace: false }));
const largeTrace = rate(() => evaluateScenario(large, { trace: true }));
console.log(`(b) 40x15 statements, 4 SCP levels, no trace ${fmt(largeNoTrace)}   target >= 50,000`);
console.log(`(b) 40x15 statements, 4 SCP levels, trace    ${fmt(largeTrace)}   target >= 1/5 of no trace (${(largeTrace / largeNoTrace).toFixed(2)})`);
}
// simulate() end to end (parse, check against the catalog, compile, decide, trace), a fresh object each call.
const exampleText = JSON.stringify(example);
const largeText = JSON.stringify(largeScenario());
const randomTexts = randomScenarios(300).map((s) => JSON.stringify(s));
console.log('simulate(): parse + check + compile + decide with trace, a fresh scenario object each call (per second):');
console.log('    each input made just before its call, per wall second and per CPU-second; a batch of inputs held alive;');
console.log('    and the time of one call over the time of JSON.parse of its input (x reading, which the speed of the machine moves much less),');
console.log('    then over the time of reading the input and the policy texts it holds as strings (x with texts)');
const ratios = (r) => `${r.reading.toFixed(2).padStart(5)} x reading ${r.documents.toFixed(2).padStart(5)} x with texts`;
const fresh = (label, r, target) => console.log(`(c) ${label.padEnd(37)}${fmt(r.single)}${fmt(r.cpu)}${fmt(r.batch)}   ${ratios(r)}   target >= ${target}`);
fresh('StartChatContact example', freshRate(() => JSON.parse(exampleText), (s) => simulate(s)), '150,000');
fresh('300 random scenarios (differential)', freshRate((i) => JSON.parse(randomTexts[i % 300]), (s) => simulate(s)), '40,000');
fresh('40x15 statements, 4 SCP levels', freshRate(() => JSON.parse(largeText), (s) => simulate(s), 3, 20), '2,000');
// Without the trace (as the proof's checks and --no-trace call it): no target, but it must not cost more.
const untraced = (label, r) => console.log(`(c) ${label.padEnd(37)}${fmt(r.single)}${fmt(r.cpu)}${fmt(r.batch)}   ${ratios(r)}`);
untraced('example, no trace', freshRate(() => JSON.parse(exampleText), (s) => simulate(s, { trace: false })));
untraced('300 random scenarios, no trace', freshRate((i) => JSON.parse(randomTexts[i % 300]), (s) => simulate(s, { trace: false })));
if (only !== 'simulate') console.log(`cold start: whydenied simulate (median of 15)  ${coldStart().toFixed(0).padStart(6)} ms   target <= 250 ms`);
