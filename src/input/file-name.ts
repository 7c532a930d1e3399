/**
 * File names are bytes: Linux allows any byte but `/` and NUL, and a name that is not valid UTF-8 cannot
 * round-trip through a JavaScript string (decoding turns the bytes into U+FFFD, and the file is then
 * "missing"). Such a path is kept as its bytes; everything else stays an ordinary string.
 */
import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A path to open: a string, or the raw bytes when they are not valid UTF-8. */
export type FilePath = string | Buffer;

/** The bytes as a string when they are valid UTF-8 (almost always), else the bytes themselves. */
export function fromBytes(bytes: Buffer): FilePath {
  return isUtf8(bytes) ? bytes.toString('utf8') : bytes;
}

export function toBytes(path: FilePath): Buffer {
  return typeof path === 'string' ? Buffer.from(path) : path;
}

/**
 * `folder/name` on bytes. Latin-1 maps each byte to one character and back, and `path.join` only looks at
 * `/` and `.`, so it works on the bytes unchanged (and normalises `./x`, `dir//x` as it does for strings).
 */
export function joinBytes(folder: Buffer, name: Buffer): Buffer {
  return Buffer.from(join(folder.toString('latin1'), name.toString('latin1')), 'latin1');
}

/** Length of the valid UTF-8 sequence at `i`, or 0 when the byte there does not start one. */
function sequenceAt(bytes: Buffer, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < bytes.length && bytes[i + k]! >= lo && bytes[i + k]! <= hi;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    // no overlong forms (E0 80..9F) and no surrogates (ED A0..BF)
    const second = b === 0xe0 ? cont(1, 0xa0) : b === 0xed ? cont(1, 0x80, 0x9f) : cont(1);
    return second && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const second = b === 0xf0 ? cont(1, 0x90) : b === 0xf4 ? cont(1, 0x80, 0x8f) : cont(1);
    return second && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/**
 * The path as text to show a person: valid UTF-8 as it is, each byte that is not part of it as `\xNN`
 * (U+FFFD would make different names look the same), and then its backslashes as `\x5c`. Controls in the result are for `visible()` to escape.
 */
export function pathName(path: FilePath): string {
  if (typeof path === 'string') return path;
  if (isUtf8(path)) return path.toString('utf8');
  let out = '';
  let start = 0;
  for (let i = 0; i < path.length; ) {
    // a backslash of the name itself is escaped too, so that in such a name every `\` starts an escape
    const n = path[i] === 0x5c ? 0 : sequenceAt(path, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += path.toString('utf8', start, i) + `\\x${path[i]!.toString(16).padStart(2, '0')}`;
    start = ++i;
  }
  return out + path.toString('utf8', start);
}

let commandLine: Buffer[] | undefined;

/** The process's arguments as the bytes it was given (Linux); empty elsewhere. */
function rawArguments(): Buffer[] {
  if (commandLine) return commandLine;
  commandLine = [];
  try {
    const bytes = readFileSync('/proc/self/cmdline');
    for (let start = 0; start < bytes.length; ) {
      let end = bytes.indexOf(0, start);
      if (end < 0) end = bytes.length;
      commandLine.push(bytes.subarray(start, end));
      start = end + 1;
    }
  } catch {
    // not Linux: arguments stay as Node decoded them
  }
  return commandLine;
}

/**
 * A path given as a command-line argument. Node decodes arguments as UTF-8, so a name with invalid
 * bytes arrives with U+FFFD in their place; the bytes themselves are still in /proc/self/cmdline.
 */
export function argumentPath(arg: string): FilePath {
  if (!arg.includes('\uFFFD')) return arg;
  return rawArguments().find((raw) => !isUtf8(raw) && raw.toString('utf8') === arg) ?? arg;
}
