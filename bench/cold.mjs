// npm run bench (third part): cold start of the commands a user types, each in a new process.
// Median wall time, and mean CPU time (user + system, read from /proc's children times on Linux), which a
// busy machine disturbs less. Figures only; no test asserts a time. MAIN=dist/cli/main.js times the unbundled
// command instead of dist/bin/whydenied.js (package.json bin).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const main = process.env.MAIN ?? join(root, 'dist', 'bin', 'whydenied.js'); // the command as installed (package.json bin)
const example = join(root, 'examples', 'connect-chat.json');
const dir = mkdtempSync(join(tmpdir(), 'whydenied-cold-'));
const doc = (Resource) => ({ Version: '2012-10-17', Statement: [{ Sid: 'AllowChat', Effect: 'Allow', Action: 'connect:StartChatContact', Resource, Condition: { IpAddress: { 'aws:SourceIp': '198.51.100.0/24' } } }] });
const FLOW = 'arn:aws:connect:us-east-1:111122223333:instance/9f8e7d6c/contact-flow/5e6f7a8b';
writeFileSync(join(dir, 'old.json'), JSON.stringify(doc(FLOW)));
writeFileSync(join(dir, 'new.json'), JSON.stringify(doc(FLOW.replace(/[^/]+$/, '*'))));

/** CPU seconds of this process's waited-for children (cutime + cstime), where /proc exists. */
function childCpu() {
  if (!existsSync('/proc/self/stat')) return undefined;
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100; // clock ticks: 100 per second on Linux
}

// The bin keeps V8's code cache per command (src/cli/launch.ts): a folder of the bench's own, filled by the
// first (warm-up) run of each command, as a user's second run finds it.
const cacheEnv = { ...process.env, XDG_CACHE_HOME: join(dir, 'cache'), NODE_DISABLE_COMPILE_CACHE: '' };
const noCacheEnv = { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' };

function cold(args, env = cacheEnv, runs = 15) {
  spawnSync(process.execPath, [main, ...args], { env }); // file cache and code cache warm
  const times = [];
  const cpuStart = childCpu();
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', env });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status === null || r.status === 1) throw new Error(`whydenied ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  }
  times.sort((a, b) => a - b);
  const cpu = cpuStart === undefined ? undefined : ((childCpu() - cpuStart) / runs) * 1000;
  return { wall: times[Math.floor(runs / 2)], cpu };
}

const commands = [
  ['--version', [['--version']], 100],
  ['explain --example', [['explain', '--example']], 250],
  ['explain --example (no code cache)', [['explain', '--example'], noCacheEnv], 250],
  ['lint FILE (the example)', [['lint', example]], 250],
  ['diff OLD NEW (two policies)', [['diff', join(dir, 'old.json'), join(dir, 'new.json')]], 400],
  ['simulate FILE --json', [['simulate', example, '--json']], 250],
];
console.log(`cold start, new process each run (median wall ms; mean CPU ms); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const [label, [args, env], target] of commands) {
  const { wall, cpu } = cold(args, env);
  console.log(`  whydenied ${label.padEnd(34)}${wall.toFixed(0).padStart(6)} ms wall${cpu === undefined ? '' : `${cpu.toFixed(0).padStart(6)} ms CPU`}   target < ${target} ms`);
}
