/**
 * V8's code cache for the bundled command (src/cli/launch.ts): where it lives, and its files. A cache file
 * is [fingerprint of the chunk's source][fingerprint of the data][V8's data], named by the source's
 * fingerprint. Node 20's V8 checks only a source's length and its own version and flags, never the data
 * itself: the fingerprints keep a stale or corrupt file from reaching it.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Script } from 'node:vm';

const FINGERPRINT = 8;

/**
 * 64 bits of two multiplicative hashes over 32-bit words: enough against a stale or damaged file (not
 * against an attacker, who would need to write to the user's own cache folder). node:crypto would cost
 * more to load than the whole check.
 */
export function fingerprint(bytes: Uint8Array): Buffer {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : Uint8Array.from(bytes);
  const words = new Int32Array(aligned.buffer, aligned.byteOffset, aligned.length >> 2);
  let a = 0x811c9dc5 ^ bytes.length;
  let b = 0x5bd1e995;
  for (let i = 0; i < words.length; i++) {
    a = Math.imul(a ^ words[i]!, 0x01000193);
    b = Math.imul(b ^ words[i]!, 0x5bd1e995);
    b ^= b >>> 15;
  }
  for (let i = words.length * 4; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i]!, 0x01000193);
    b = Math.imul(b ^ bytes[i]!, 0x5bd1e995);
  }
  const out = Buffer.alloc(FINGERPRINT);
  out.writeInt32BE(a, 0);
  out.writeInt32BE(b, 4);
  return out;
}

/** The cache folder: the user's own (never a shared temp folder: a planted cache would run as this user). */
export function cacheFolder(env: NodeJS.ProcessEnv, command: string | undefined): string | undefined {
  // `--version`, `--help`: too little runs for the cache to pay for reading it.
  if (env['NODE_DISABLE_COMPILE_CACHE'] || command === undefined || !/^[a-z]{1,16}$/.test(command)) return undefined;
  let base = env['XDG_CACHE_HOME'];
  try {
    base ||= join(homedir(), '.cache');
  } catch {
    return undefined; // no home (a user without a passwd entry): no cache
  }
  // One folder per command: each keeps the bytecode of the functions it runs.
  return join(base, 'whydenied', `v8-${process.version}-${process.arch}`, command);
}

export const cacheFileName = (source: Buffer): string => `${source.toString('hex')}.bin`;

/** The bytecode a previous run left for a source with this fingerprint, when the file is whole. */
export function cachedDataOf(folder: string, source: Buffer): Buffer | undefined {
  try {
    const stored = readFileSync(join(folder, cacheFileName(source)));
    const data = stored.subarray(2 * FINGERPRINT);
    return stored.subarray(0, FINGERPRINT).equals(source) && stored.subarray(FINGERPRINT, 2 * FINGERPRINT).equals(fingerprint(data)) ? data : undefined;
  } catch {
    return undefined; // none yet
  }
}

/** A cache file's content. */
export const cacheFile = (source: Buffer, data: Buffer): Buffer => Buffer.concat([source, fingerprint(data), data]);

/**
 * At exit: the bytecode of the chunks that had no usable cache, each file written whole (rename) or not at
 * all; then the files of chunks this run did not load go (an older build's, after an upgrade).
 */
export function writeCaches(folder: string, fresh: readonly { readonly source: Buffer; readonly script: Script }[], loaded: ReadonlySet<string>): void {
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    for (const { source, script } of fresh) {
      const file = join(folder, cacheFileName(source));
      const temp = `${file}.${process.pid}.tmp`;
      try {
        writeFileSync(temp, cacheFile(source, script.createCachedData()), { mode: 0o600 });
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
