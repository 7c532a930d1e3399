// node bench/hostile.mjs (after `npm run build`): time and peak memory of the matchers on hostile input,
// each case in its own process (peak RSS is per process), at doubling sizes so that growth shows.
// Figures only; no test asserts a time. Report them with `uptime`'s load average.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

/** One case, run in a child process: [name, size, code that leaves its answer in `r`]. */
const cases = [
  ['`?`-heavy wildcard (m = 2k chars) against a text of n chars', (n) => `r = compileWildcard('arn:aws:s3:::b/*' + 'a?'.repeat(1000) + 'b*').matches('arn:aws:s3:::b/' + 'a'.repeat(${n}))`, [250_000, 500_000, 1_000_000]],
  ['`?`-heavy wildcard of m chars against a 1 MB text', (m) => `r = compileWildcard('arn:aws:s3:::b/*' + 'a?'.repeat(${m / 2}) + 'b*').matches('arn:aws:s3:::b/' + 'a'.repeat(1_000_000))`, [1_000, 2_000, 4_000]],
  ['wildcard of m distinct characters and `?` (masks)', (m) => `let s = ''; for (let i = 0; i < ${m}; i++) s += i % 2 ? '?' : String.fromCharCode(0x100 + i); r = compileWildcard('*' + s + '*').matches('x'.repeat(100_000))`, [15_000, 30_000, 60_000]],
  ['lint covers(): two resources of n chars (x? against x*)', (n) => `const a = patternTokens('arn:aws:s3:::b/' + 'x?'.repeat(${n / 2})), b = patternTokens('arn:aws:s3:::b/' + 'x*'.repeat(${n / 2})); r = [covers(a, b), covers(b, a)]`, [5_000, 10_000, 20_000]],
  ['lint witness(): a resource of n chars against an ARN template', (n) => `r = witness(patternTokens('arn:aws:*:*:*:' + '*?'.repeat(${n / 2})), templateTokens('arn:\${Partition}:logs:\${Region}:\${Account}:log-group:\${LogGroupName}:log-stream:\${LogStreamName}')) !== undefined`, [5_000, 10_000, 20_000]],
];

const prelude = `const { compileWildcard } = await import('${dist}policy/wildcard.js'); const { covers, patternTokens, templateTokens, witness } = await import('${dist}lint/arn-glob.js'); let r;`;
const epilogue = `console.log(JSON.stringify({ ms: performance.now() - t0, rss: process.resourceUsage().maxRSS / 1024 }));`;

console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const [name, code, sizes] of cases) {
  console.log(name);
  for (const size of sizes) {
    const source = `${prelude} const t0 = performance.now(); ${code(size)}; ${epilogue}`;
    const child = spawnSync(process.execPath, ['--max-old-space-size=1024', '--input-type=module', '-e', source], { encoding: 'utf8', timeout: 300_000 });
    const out = child.status === 0 ? JSON.parse(child.stdout) : undefined;
    console.log(`  ${String(size).padStart(9)}: ${out ? `${out.ms.toFixed(0).padStart(6)} ms, peak RSS ${out.rss.toFixed(0)} MB` : `failed (${child.signal ?? child.status}) ${child.stderr.slice(0, 200)}`}`);
  }
}
