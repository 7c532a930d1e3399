/**
 * Build dist/ (and bundle dist/bin/) once before the CLI tests run the real `whydenied` binary. A failed build is reported but
 * does not stop the run: `npm run typecheck` is where type errors fail CI, and the CLI tests then fail on
 * their own, naming what they saw.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  const root = join(import.meta.dirname, '..');
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) process.stderr.write(`global setup: building dist/ failed:\n${r.stdout}${r.stderr}\n`);
  // The command as installed (dist/bin/, test/bin.test.ts): the bundle of what tsc just wrote.
  const b = spawnSync(process.execPath, [join(root, 'node_modules', 'rolldown', 'bin', 'cli.mjs'), '-c', 'rolldown.config.mjs'], { cwd: root, encoding: 'utf8' });
  if (b.status !== 0) process.stderr.write(`global setup: bundling dist/bin failed:\n${b.stdout}${b.stderr}\n`);
}
