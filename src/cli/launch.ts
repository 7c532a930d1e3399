#!/usr/bin/env node
/**
 * The installed `whydenied` command (package.json bin, dist/bin/whydenied.js): runs the bundled command
 * (dist/bin/main.js and its chunks, CommonJS) with V8's code cache. Node 20 compiles every function of a
 * new process again (with the cache, `explain --example` takes about a tenth less CPU). Each chunk is compiled
 * through vm.Script with the bytecode the previous run of the same command left, and a chunk without a
 * usable cache leaves one at exit.
 *
 * A cache is only ever a speed-up: it lives in the user's own cache folder, is keyed by the chunk's
 * content and checked before V8 sees it, and is written whole (rename) or not at all (./code-cache.ts).
 * A missing, stale, corrupt or unwritable cache (read-only home, concurrent runs) just means compiling
 * as usual; NODE_DISABLE_COMPILE_CACHE=1 (Node's own switch) turns it off.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import vm from 'node:vm';
import { cacheFileName, cachedDataOf, cacheFolder, fingerprint, writeCaches } from './code-cache.js';

const main = join(dirname(fileURLToPath(import.meta.url)), 'main.js');

/**
 * A command runs for a fraction of a second to a few seconds: V8's optimizing compiler, at its default
 * budget (~66 KB of bytecode run), spends more time optimizing functions than they then save (`explain
 * --example`: 320 -> 200 ms CPU; a 60-statement `diff`: 1.2 -> 0.8 s). Six times the budget leaves only
 * the really hot loops to it. Set before any chunk compiles: the code cache is made and read with it.
 */
const INTERRUPT_BUDGET = '--interrupt-budget=400000';

function start(): void {
  setFlagsFromString(INTERRUPT_BUDGET);
  const folder = cacheFolder(process.env, process.argv[2]);
  if (folder === undefined) {
    createRequire(main)(main);
    return;
  }
  const modules = new Map<string, { exports: unknown }>();
  const loaded = new Set<string>();
  const fresh: { source: Buffer; script: vm.Script }[] = [];

  const load = (file: string): unknown => {
    const known = modules.get(file);
    if (known) return known.exports;
    const bytes = readFileSync(file);
    const source = fingerprint(bytes);
    loaded.add(cacheFileName(source));
    const cachedData = cachedDataOf(folder, source);
    const wrapped = `(function (exports, require, module, __filename, __dirname) {${bytes.toString('utf8').replace(/^#!.*/, '')}\n})`;
    const script = new vm.Script(wrapped, { filename: file, ...(cachedData && { cachedData }) });
    if (cachedData === undefined || script.cachedDataRejected) fresh.push({ source, script });
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
