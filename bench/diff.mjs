// npm run bench (second part): how fast `whydenied diff` proves a policy change. Figures only; no test
// asserts a time. Targets (issue #14): typical pairs under 50 ms, a 60-statement policy against its edit
// under 2 s, `whydenied diff` cold start under 400 ms.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { diffPolicies, diffScenarios } from '../dist/proof/diff.js';
import { lintPaths } from '../dist/lint/lint.js';
import { buildPolicy } from '../dist/remedy/policy-builder.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const example = JSON.parse(readFileSync(`${root}/examples/connect-chat.json`, 'utf8'));

/**
 * Median milliseconds of fn over n runs after a first run. The proof keeps action and resource classes per
 * pattern set (explain proves a fix and its alternative against the same patterns), so repeated runs of
 * one pair reuse them: `firsts` gets the first run's time too, the pair never seen before.
 */
const firsts = [];
function median(fn, n = 9) {
  const start0 = process.hrtime.bigint();
  fn();
  firsts.push(Number(process.hrtime.bigint() - start0) / 1e6);
  const times = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(n / 2)];
}

const doc = (...Statement) => ({ Version: '2012-10-17', Statement });
const FLOW = 'arn:aws:connect:us-east-1:111122223333:instance/9f8e7d6c/contact-flow/5e6f7a8b';
const typical = {
  'one flow -> every flow': [
    doc({ Sid: 'AllowChat', Effect: 'Allow', Action: 'connect:StartChatContact', Resource: FLOW, Condition: { IpAddress: { 'aws:SourceIp': '198.51.100.0/24' } } }),
    doc({ Sid: 'AllowChat', Effect: 'Allow', Action: 'connect:StartChatContact', Resource: FLOW.replace(/[^/]+$/, '*'), Condition: { IpAddress: { 'aws:SourceIp': '198.51.100.0/24' } } }),
  ],
  'Get* -> * with a TLS deny': [
    doc({ Sid: 'Read', Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*'] }),
    doc({ Sid: 'Read', Effect: 'Allow', Action: 's3:*', Resource: ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*'] }, { Sid: 'TLS', Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
  ],
  'a Deny carved out, then dropped': [
    doc({ Sid: 'All', Effect: 'Allow', Action: 'dynamodb:*', Resource: 'arn:aws:dynamodb:*:111122223333:table/orders*' }, { Sid: 'NoDelete', Effect: 'Deny', Action: 'dynamodb:Delete*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalTag/role': 'admin' } } }),
    doc({ Sid: 'All', Effect: 'Allow', Action: 'dynamodb:*', Resource: 'arn:aws:dynamodb:*:111122223333:table/orders*' }),
  ],
};

/** 60 statements over several services with conditions; the edit widens one Resource and drops one Deny. */
function large() {
  const services = ['s3', 'ec2', 'dynamodb', 'sqs', 'sns', 'lambda', 'logs', 'kms', 'connect'];
  const Statement = [];
  for (let s = 0; s < 60; s++) {
    const service = services[s % services.length];
    Statement.push({
      Sid: `S${s}`,
      Effect: s % 7 === 6 ? 'Deny' : 'Allow',
      Action: [`${service}:Get*`, `${service}:List*`, `${service}:Describe*`],
      Resource: [`arn:aws:${service}:us-east-1:111122223333:thing-${s}/*`, `arn:aws:${service}:*:111122223333:other/${s}`],
      Condition: {
        StringEquals: { 'aws:PrincipalTag/team': ['chat', `team-${s % 5}`] },
        ...(s % 2 === 0 && { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } }),
        ...(s % 3 === 0 && { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }),
      },
    });
  }
  const old = doc(...Statement);
  const edited = JSON.parse(JSON.stringify(old));
  edited.Statement[10].Resource[0] = 'arn:aws:sns:us-east-1:111122223333:*';
  edited.Statement.splice(13, 1); // a Deny
  return [old, edited];
}

const first = () => `first run ${firsts.at(-1).toFixed(1)} ms`;
// Figures depend on the machine's load: print it with them (uptime's 1, 5, 15 minute averages).
console.log(`load average: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
for (const [name, [a, b]] of Object.entries(typical)) {
  console.log(`diff, typical pair (${name}): ${median(() => diffPolicies(a, b, 'identity')).toFixed(1)} ms (${first()})`);
}
const fixed = JSON.parse(JSON.stringify(example));
fixed.identityPolicies[0].document.Statement[0].Resource += '/contact-flow/*';
console.log(`diff, the example scenario against its fix: ${median(() => diffScenarios(example, fixed)).toFixed(1)} ms (${first()})`);
const [old, edited] = large();
const largeStart = process.hrtime.bigint();
const result = diffPolicies(old, edited, 'identity');
const largeFirst = Number(process.hrtime.bigint() - largeStart) / 1e6;
console.log(`diff, 60-statement policy against its edit: ${median(() => diffPolicies(old, edited, 'identity'), 3).toFixed(0)} ms (first run ${largeFirst.toFixed(0)} ms) (${result.classes} request classes, ${result.newlyAllowed.length} newly allowed, ${result.undecided.length} undecided)`);

const dir = mkdtempSync(join(tmpdir(), 'whydenied-bench-'));
const [a, b] = typical['one flow -> every flow'];
writeFileSync(join(dir, 'old.json'), JSON.stringify(a));
writeFileSync(join(dir, 'new.json'), JSON.stringify(b));
const cold = median(() => spawnSync(process.execPath, [join(root, 'dist', 'bin', 'whydenied.js'), 'diff', join(dir, 'old.json'), join(dir, 'new.json')]), 5);
const bare = median(() => spawnSync(process.execPath, ['-e', '0']), 5);
console.log(`whydenied diff cold start (typical pair, new process): ${cold.toFixed(0)} ms (node itself, \`node -e 0\`: ${bare.toFixed(0)} ms)`);

// The proofs behind lint's autofixes and `whydenied policy`.
const fixtures = join(root, 'test', 'fixtures', 'lint');
const timed = async () => {
  const start = process.hrtime.bigint();
  const report = await lintPaths([fixtures]);
  return { report, ms: Number(process.hrtime.bigint() - start) / 1e6 };
};
const lintFirst = await timed();
const warm = await timed();
const proofs = warm.report.findings.filter((f) => f.fix || f.suggestion).length;
console.log(`lint of test/fixtures/lint, every autofix proven: ${warm.ms.toFixed(0)} ms warm, ${lintFirst.ms.toFixed(0)} ms first (${proofs} fixes proven or turned into suggestions)`);
const policy = { targets: ['chat-backend'], ids: { InstanceId: '9f8e7d6c-1a2b-4c3d-8e9f-0a1b2c3d4e5f', ContactFlowId: '5e6f7a8b' }, region: 'us-east-1', account: '111122223333' };
console.log(`policy chat-backend with its proof: ${median(() => buildPolicy(policy)).toFixed(1)} ms (${buildPolicy(policy).proof.proof})`);
