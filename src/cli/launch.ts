#!/usr/bin/env node
/**
 * The installed `whydenied` command (package.json bin, dist/bin/whydenied.js): runs the bundled command
 * (dist/bin/main.js and its chunks, CommonJS) with V8's code cache. Node 20 compiles every function of a
 * new process again; about a quarter of `explain`'s start-up is that compilation. Each chunk is compiled
 * through vm.Script with the bytecode the previous run of the same command left, and a chunk without a
 * usable cache leaves one at exit.
 *
 * A cache is only ever a speed-up: it lives in the user's own cache folder, is keyed by the chunk's
 * content and checked by its own hash before V8 sees it, and is written whole (rename) or not at all.
 * A missing, stale, corrupt or unwritable cache (read-only home, concurrent runs) just means compiling
 * as usual; NODE_DISABLE_COMPILE_CACHE=1 (Node's own switch) turns it off.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));
const main = join(here, 'main.js');
const HASH = 20; // sha1 bytes

/** The cache folder: per user (never a shared temp folder: a planted cache would run as this user). */
function cacheFolder(): string | undefined {
  if (process.env['NODE_DISABLE_COMPILE_CACHE']) return undefined;
  const base = process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  // The command's name: each command leaves the bytecode of the functions it runs.
  const command = /^[a-z]{1,16}$/.test(process.argv[2] ?? '') ? process.argv[2] : '_';
  return join(base, 'whydenied', `v8-${process.version}-${process.arch}`, command!);
}

const sha1 = (data: string | Uint8Array) => createHash('sha1').update(data).digest();

/** The bytecode a previous run left for this source, when it is whole: [sha1 of the source][sha1 of the data][data]. */
function cachedDataOf(cacheFile: string, sourceHash: Buffer): Buffer | undefined {
  try {
    const stored = readFileSync(cacheFile);
    const data = stored.subarray(2 * HASH);
    return stored.subarray(0, HASH).equals(sourceHash) && stored.subarray(HASH, 2 * HASH).equals(sha1(data)) ? data : undefined;
  } catch {
    return undefined; // none yet
  }
}

/**
 * At exit: the bytecode of the chunks that had no usable cache, each file written whole (rename) or not at
 * all; then the files of chunks this run did not load go (an older build's, after an upgrade).
 */
function writeCaches(folder: string, fresh: readonly { readonly file: string; readonly sourceHash: Buffer; readonly script: vm.Script }[], loaded: ReadonlySet<string>): void {
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    for (const { file, sourceHash, script } of fresh) {
      const temp = `${file}.${process.pid}.tmp`;
      try {
        const data = script.createCachedData();
        writeFileSync(temp, Buffer.concat([sourceHash, sha1(data), data]), { mode: 0o600 });
        renameSync(temp, file); // several runs at once: whichever renames last, the file is whole
      } finally {
        rmSync(temp, { force: true });
      }
    }
    for (const name of readdirSync(folder)) if (name.endsWith('.bin') && !loaded.has(name)) rmSync(join(folder, name), { force: true });
  } catch {
    // Read-only, full, or not a folder: the next run compiles as this one did.
  }
}

function start(): void {
  const folder = cacheFolder();
  if (folder === undefined) {
    createRequire(main)(main);
    return;
  }
  const modules = new Map<string, { exports: unknown }>();
  const loaded = new Set<string>();
  const fresh: { file: string; sourceHash: Buffer; script: vm.Script }[] = [];

  const load = (file: string): unknown => {
    const known = modules.get(file);
    if (known) return known.exports;
    const source = readFileSync(file, 'utf8');
    const sourceHash = sha1(source);
    const name = `${sourceHash.toString('hex')}.bin`;
    loaded.add(name);
    const cachedData = cachedDataOf(join(folder, name), sourceHash);
    const wrapped = `(function (exports, require, module, __filename, __dirname) {${source.replace(/^#!.*/, '')}\n})`;
    const script = new vm.Script(wrapped, { filename: file, ...(cachedData && { cachedData }) });
    if (cachedData === undefined || script.cachedDataRejected) fresh.push({ file: join(folder, name), sourceHash, script });
    const module = { exports: {} as unknown };
    modules.set(file, module);
    const outside = createRequire(file);
    // Our own chunks (`./name-hash.js`) through the cache; packages and Node's modules as usual.
    const require = Object.assign((id: string) => (id.startsWith('./') ? load(join(dirname(file), id)) : outside(id)), { resolve: outside.resolve, cache: outside.cache, main: undefined });
    (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, require, module, file, dirname(file));
    return module.exports;
  };

  process.once('exit', () => {
    if (fresh.length > 0) writeCaches(folder, fresh, loaded);
  });
  load(main);
}

start();
