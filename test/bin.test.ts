/**
 * The command as installed: dist/bin/whydenied.js (src/cli/launch.ts) runs the bundle with V8's code cache
 * (dist/ and dist/bin/ are built once by test/global-setup.ts). The cache only ever makes it faster: the
 * output and exit code are the unbundled command's with no cache, a fresh one, a corrupt or stale one, an
 * unwritable cache folder, and several runs at once.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cacheFile, fingerprint } from '../src/cli/code-cache.js';
import { BIN as bin, CLI as cli, spawnCli, spawnCliSync, type CliRun } from './fixtures/spawn-cli.js';

const EXAMPLE = ['explain', '--example'];

const env = (cacheHome: string, extra: Record<string, string> = {}) => ({ WHYDENIED_DEBUG: '', NODE_DISABLE_COMPILE_CACHE: '', XDG_CACHE_HOME: cacheHome, ...extra });
const run = (script: string, args: readonly string[], cacheHome: string, extra?: Record<string, string>) => spawnCliSync(args, { script, env: env(cacheHome, extra) });

/** The cache files under a cache home, path -> content. */
function cacheOf(home: string): Map<string, Buffer> {
  const files = (readdirSync(home, { recursive: true }) as string[]).filter((f) => f.endsWith('.bin'));
  return new Map(files.map((f) => [join(home, f), readFileSync(join(home, f))]));
}

/** A cache file as the launcher checks it: its header's data fingerprint matches its data. */
const whole = (content: Buffer) => content.length > 16 && fingerprint(content.subarray(16)).equals(content.subarray(8, 16));

const home = () => mkdtempSync(join(tmpdir(), 'whydenied-bin-cache-'));
let expected: CliRun;

beforeAll(() => {
  expected = run(cli, EXAMPLE, home());
  expect(expected.code, expected.stderr).toBe(0);
});

describe('whydenied as installed (dist/bin, V8 code cache)', () => {
  it('a first run leaves a cache, the next runs from it (not rewritten), both print what the unbundled command prints', () => {
    const h = home();
    expect(run(bin, EXAMPLE, h)).toEqual(expected);
    const first = cacheOf(h);
    expect(first.size).toBeGreaterThan(5);
    expect([...first.values()].every(whole)).toBe(true);
    const times = [...first.keys()].map((f) => statSync(f).mtimeMs);
    expect(run(bin, EXAMPLE, h)).toEqual(expected);
    expect([...first.keys()].map((f) => statSync(f).mtimeMs)).toEqual(times);
  });

  it('a corrupt, truncated or stale cache: the same output, and the cache is written again whole', () => {
    const h = home();
    run(bin, EXAMPLE, h);
    const files = [...cacheOf(h)];
    files.forEach(([file, content], i) => {
      if (i % 3 === 0) writeFileSync(file, content.subarray(0, content.length >> 1)); // truncated
      else if (i % 3 === 1) writeFileSync(file, Buffer.from(content.map((b, j) => (j > 16 && j % 7 === 0 ? b ^ 0xff : b)))); // flipped bits
      // Stale: another chunk's bytecode under a header that checks out, for V8 to refuse.
      else writeFileSync(file, cacheFile(content.subarray(0, 8), files[(i + 1) % files.length]![1].subarray(16)));
    });
    expect(run(bin, EXAMPLE, h)).toEqual(expected);
    const after = cacheOf(h);
    expect([...after.values()].every(whole)).toBe(true);
    expect([...after.keys()].sort()).toEqual(files.map(([f]) => f).sort());
    expect(run(bin, EXAMPLE, h)).toEqual(expected);
  });

  it("an older build's cache files go when the cache is next written; the current ones stay", () => {
    const h = home();
    run(bin, EXAMPLE, h);
    const [first, ...rest] = [...cacheOf(h).keys()];
    const older = join(dirname(first!), `${'0'.repeat(16)}.bin`);
    writeFileSync(older, 'an older build');
    rmSync(first!); // one chunk to compile again: the cache is written
    expect(run(bin, EXAMPLE, h)).toEqual(expected);
    expect([...cacheOf(h).keys()].sort()).toEqual([first!, ...rest].sort());
  });

  it('a cache folder that cannot be written (a file in its place): the same output, nothing on stderr', () => {
    const h = join(home(), 'not-a-folder');
    writeFileSync(h, '');
    expect(run(bin, EXAMPLE, h)).toEqual(expected);
  });

  it('NODE_DISABLE_COMPILE_CACHE=1: the same output, no cache written', () => {
    const h = home();
    expect(run(bin, EXAMPLE, h, { NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual(expected);
    expect(cacheOf(h).size).toBe(0);
  });

  it('four runs at once on an empty cache: each prints the same, and the cache left is whole', async () => {
    const h = home();
    const once = () => spawnCli(EXAMPLE, { script: bin, env: env(h) });
    const results = await Promise.all([once(), once(), once(), once()]);
    for (const r of results) expect(r).toEqual(expected);
    const cache = cacheOf(h);
    expect(cache.size).toBeGreaterThan(5);
    expect([...cache.values()].every(whole)).toBe(true);
    expect((readdirSync(h, { recursive: true }) as string[]).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('--version: the version, and no cache (too little runs for one to pay)', () => {
    const h = home();
    expect(run(bin, ['--version'], h)).toEqual(run(cli, ['--version'], h));
    expect(cacheOf(h).size).toBe(0);
  });

  it('bad input and the exit code pass through: a missing scenario file is exit 1 with one line', () => {
    const h = home();
    const args = ['explain', '--scenario', join(h, 'missing.json')];
    const r = run(bin, args, h);
    expect(r).toEqual(run(cli, args, h));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^whydenied: .*missing\.json/);
  });
});
