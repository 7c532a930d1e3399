// npm run bench: decisions per second of the engine, and the cold start of `whydenied simulate`.
// Figures only; no test asserts a time. Run on an idle machine; it takes about 30 seconds.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import ts from 'typescript';
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
 * Calls per second of fn on inputs it has never seen: each batch of `size` inputs is made (untimed) before
 * it is timed, so that no cache keyed on the input object can help. Also per CPU-second of this process,
 * which other work on a busy machine disturbs less than the wall clock.
 */
function freshRate(make, fn, seconds = 2, size = 1_000) {
  const batch = (i0) => Array.from({ length: size }, (_, i) => make(i0 + i));
  for (const input of batch(0)) fn(input);
  let n = 0;
  let elapsed = 0n;
  let cpu = 0;
  const budget = BigInt(Math.round(seconds * 1e9));
  while (elapsed < budget) {
    const inputs = batch(n);
    const start = process.hrtime.bigint();
    const startCpu = process.cpuUsage();
    for (const input of inputs) fn(input);
    const used = process.cpuUsage(startCpu);
    elapsed += process.hrtime.bigint() - start;
    cpu += (used.user + used.system) / 1e6;
    n += inputs.length;
  }
  return { wall: n / (Number(elapsed) / 1e9), cpu: n / cpu };
}

/** The differential test's random scenarios (test/arbitraries.ts, transpiled here: the bench runs on dist/). */
async function randomScenarios(count) {
  const source = readFileSync(`${root}/test/arbitraries.ts`, 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const dir = `${root}/node_modules/.cache/whydenied-bench`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/arbitraries.mjs`, js);
  const { scenarioArb } = await import(`${dir}/arbitraries.mjs`);
  return fc.sample(scenarioArb, { numRuns: count, seed: 9 });
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

console.log('whydenied engine benchmark (decisions per second, single thread)');
console.log(`(a) StartChatContact example, no trace   ${fmt(rate(() => evaluateScenario(small, { trace: false })))}   target >= 500,000`);
console.log(`(a) StartChatContact example, trace      ${fmt(rate(() => evaluateScenario(small, { trace: true })))}`);
const largeNoTrace = rate(() => evaluateScenario(large, { trace: false }));
const largeTrace = rate(() => evaluateScenario(large, { trace: true }));
console.log(`(b) 40x15 statements, 4 SCP levels, no trace ${fmt(largeNoTrace)}   target >= 50,000`);
console.log(`(b) 40x15 statements, 4 SCP levels, trace    ${fmt(largeTrace)}   target >= 1/5 of no trace (${(largeTrace / largeNoTrace).toFixed(2)})`);
// simulate() end to end (parse, check against the catalog, compile, decide, trace), a fresh object each call.
const exampleText = JSON.stringify(example);
const largeText = JSON.stringify(largeScenario());
const randomTexts = (await randomScenarios(300)).map((s) => JSON.stringify(s));
console.log('simulate(): parse + check + compile + decide with trace, a fresh scenario object each call (per second; per CPU-second)');
const fresh = (label, r, target) => console.log(`(c) ${label.padEnd(37)}${fmt(r.wall)}${fmt(r.cpu)}   target >= ${target}`);
fresh('StartChatContact example', freshRate(() => JSON.parse(exampleText), (s) => simulate(s)), '150,000');
fresh('300 random scenarios (differential)', freshRate((i) => JSON.parse(randomTexts[i % 300]), (s) => simulate(s)), '40,000');
fresh('40x15 statements, 4 SCP levels', freshRate(() => JSON.parse(largeText), (s) => simulate(s), 3, 20), '2,000');
console.log(`cold start: whydenied simulate (median of 15)  ${coldStart().toFixed(0).padStart(6)} ms   target <= 250 ms`);
