/**
 * Files and stdin -> JSON values, with one problem (./input-problems.ts) for every way that goes wrong
 * (missing, a folder, unreadable, binary, too large, invalid JSON or YAML), naming the file and the line.
 */
import { createRequire } from 'node:module';
import { open } from 'node:fs/promises';
import { pointerSegments } from '../policy/problems.js';
import { argumentPath, pathName, type FilePath } from './file-name.js';
import { inputProblem, type FileRole, type InputProblem } from './input-problems.js';

export type ReadResult = { readonly ok: true; readonly file: string; readonly text: string; readonly value: unknown } | { readonly ok: false; readonly problem: InputProblem };

/** Scenario and policy files are small; anything larger is almost certainly the wrong file. */
export const MAX_BYTES = 64 * 1024 * 1024;

const tooLarge = (): Error => Object.assign(new Error('too large'), { code: 'E2BIG' });

/** Chunks, counted as they arrive: stops at `limit` whatever the source claims its size is. */
async function collect(chunks: AsyncIterable<Buffer>, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

/**
 * The one way whydenied reads an input file (`-` is standard input): the bytes are counted as they are
 * read, so `/dev/zero`, a FIFO or a symlink to a device stops at the limit (the size a device or pipe
 * reports is 0). Throws a file system error with `code` (E2BIG past the limit, EISDIR for a folder).
 */
export async function readBounded(path: string | Buffer, limit: number = MAX_BYTES): Promise<Buffer> {
  if (path === '-') return collect(process.stdin as AsyncIterable<Buffer>, limit);
  const handle = await open(path, 'r');
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error('folder'), { code: 'EISDIR' });
    if (info.size > limit) throw tooLarge();
    const stream = handle.createReadStream({ autoClose: false, highWaterMark: 1 << 20 });
    try {
      return await collect(stream as AsyncIterable<Buffer>, limit);
    } finally {
      stream.destroy();
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** What a file system error code means for a file of this role (`path`: a file or a folder). */
export function systemProblem(file: string, code: string | undefined, role: FileRole = 'file'): InputProblem {
  switch (code) {
    case 'ENOENT':
      return inputProblem(file, 'notFound', { role });
    case 'EACCES':
    case 'EPERM':
      return inputProblem(file, 'permissionDenied', {});
    case 'EISDIR':
      return role === 'path' ? inputProblem(file, 'unreadable', { code }) : inputProblem(file, 'isFolder', { role });
    case 'E2BIG':
      return inputProblem(file, 'tooLarge', { limit: MAX_BYTES });
    default:
      return inputProblem(file, 'unreadable', code ? { code } : {});
  }
}

/** Policies nest a few levels, CloudTrail records a dozen; deeper input is refused, not recursed into. */
export const MAX_DEPTH = 100;

/** Whether a parsed value nests deeper than `limit` (walked with a stack, never recursion). */
export function tooDeep(value: unknown, limit: number = MAX_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

/** A value nested deeper than whydenied reads. */
export const tooDeepProblem = (file: string): InputProblem => inputProblem(file, 'tooDeep', { limit: MAX_DEPTH });

/**
 * Why JSON.parse failed, in lowercase, without V8's echo of the input (CloudTrail and scan's reader word it
 * the same way), and where. Given the text, the place of an unexpected token too, which V8 does not give.
 */
export function jsonReason(error: unknown, text?: string): { reason: string; position?: number } {
  const message = error instanceof Error ? error.message : String(error);
  // V8's echo of the input goes first: the input may itself say "in JSON at position 3".
  const bare = message.replace(/, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, '');
  const at = / (?:in|after) JSON at position (\d+)/.exec(bare);
  const reason = bare
    .replace(/ in JSON at position \d+[\s\S]*$/, '')
    .replace(/ after JSON at position \d+[\s\S]*$/, ' after the JSON value');
  const position = at ? Number(at[1]) : text !== undefined && reason.startsWith('Unexpected token') ? firstSyntaxError(text) : undefined;
  return { reason: reason.charAt(0).toLowerCase() + reason.slice(1), ...(position !== undefined && { position }) };
}

/**
 * Where the text stops being JSON, by jsonc-parser's strict scan (no comments, no trailing commas); loaded
 * only here, on a failure. Undefined when it finds nothing (then no place rather than a wrong one).
 */
function firstSyntaxError(text: string): number | undefined {
  const { visit } = createRequire(import.meta.url)('jsonc-parser') as typeof import('jsonc-parser');
  let offset: number | undefined;
  const found = new Error('found');
  try {
    // A visit builds no values, and the throw stops it at the first error.
    visit(
      text,
      {
        onError(_error, at) {
          offset = at;
          throw found;
        },
      },
      { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
    );
  } catch (error) {
    if (error !== found) throw error;
  }
  return offset;
}

/** JSON.parse's failure as a problem, at its position (for an early end, the end of the text). */
export function invalidJsonProblem(file: string, text: string, error: unknown): InputProblem {
  const { reason, position } = jsonReason(error, text);
  const offset = position ?? (reason.startsWith('unexpected end') ? text.length : undefined);
  return inputProblem(file, 'invalidJson', { reason }, offset === undefined ? undefined : lineColumn(text, offset));
}

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

function looksLikeJson(text: string, file: string): boolean {
  if (/\.ya?ml$/i.test(file)) return false;
  if (/\.json$/i.test(file)) return true;
  const first = text.trimStart()[0];
  return first === '{' || first === '[' || first === '"';
}

/** Parse JSON (or YAML, by extension or content); problems carry the line and column. */
export async function parseDocumentText(text: string, file: string): Promise<ReadResult> {
  if (text.trim() === '') return { ok: false, problem: inputProblem(file, 'empty', {}) };
  if (looksLikeJson(text, file)) {
    try {
      const value = JSON.parse(text) as unknown;
      return tooDeep(value) ? { ok: false, problem: tooDeepProblem(file) } : { ok: true, file, text, value };
    } catch (e) {
      if (e instanceof RangeError) return { ok: false, problem: tooDeepProblem(file) };
      return { ok: false, problem: invalidJsonProblem(file, text, e) };
    }
  }
  const { parseDocument } = await import('yaml');
  let doc;
  try {
    doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    if (e instanceof RangeError) return { ok: false, problem: tooDeepProblem(file) };
    throw e;
  }
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    const reason = error.message.split('\n')[0] ?? 'syntax error';
    return { ok: false, problem: inputProblem(file, 'invalidYaml', { reason: reason.replace(/ at line \d+, column \d+:?$/, '') }, pos && { line: pos.line, column: pos.col }) };
  }
  let value: unknown;
  try {
    value = doc.toJS() as unknown;
  } catch (e) {
    if (e instanceof RangeError) return { ok: false, problem: tooDeepProblem(file) };
    throw e;
  }
  return tooDeep(value) ? { ok: false, problem: tooDeepProblem(file) } : { ok: true, file, text, value };
}

export type TextResult = { readonly ok: true; readonly file: string; readonly text: string } | { readonly ok: false; readonly problem: InputProblem };

/**
 * Read a text file; `-` reads standard input. Binary, huge, missing or unreadable input is a problem. A
 * name that is not valid UTF-8 is opened by its bytes (a Buffer, or recovered from the command line).
 */
export async function readTextFile(given: FilePath): Promise<TextResult> {
  const path = typeof given === 'string' ? argumentPath(given) : given;
  const file = path === '-' ? '<stdin>' : pathName(path);
  let bytes: Buffer;
  try {
    bytes = await readBounded(path);
  } catch (e) {
    return { ok: false, problem: systemProblem(file, (e as NodeJS.ErrnoException).code) };
  }
  if (bytes.includes(0)) return { ok: false, problem: inputProblem(file, 'binary', { expected: 'text' }) };
  return { ok: true, file, text: bytes.toString('utf8').replace(/^\uFEFF/, '') };
}

/** A problem of a text file read for a JSON or YAML document: binary is then "not JSON or YAML". */
export function asDocument(problem: InputProblem): InputProblem {
  return problem.messageId === 'binary' ? { ...problem, data: { expected: 'document' } } : problem;
}

/** Read and parse a JSON or YAML file; `-` reads standard input. */
export async function readDocumentFile(path: string): Promise<ReadResult> {
  const read = await readTextFile(path);
  if (!read.ok) return { ok: false, problem: asDocument(read.problem) };
  return parseDocumentText(read.text, read.file);
}

let located: { readonly text: string; readonly doc: import('yaml').Document.Parsed; readonly lines: readonly number[] } | undefined;

/** Where each line starts: an offset's line is then a binary search, not a scan from the top. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function position(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** The line and column of a JSON pointer in a JSON or YAML text (for messages); undefined if not found. */
export async function locatePointer(text: string, pointer: string): Promise<{ line: number; column: number } | undefined> {
  const { parseDocument, isNode } = await import('yaml');
  // One parse per text, not one per reported problem: a file with thousands of problems asks thousands of times.
  if (located?.text !== text) located = { text, doc: parseDocument(text, { keepSourceTokens: false }), lines: lineStarts(text) };
  const { doc, lines } = located;
  if (doc.errors.length > 0) return undefined;
  const path = pointerSegments(pointer);
  // Walk down as far as the pointer exists: a missing field is reported where its parent is.
  for (let n = path.length; n >= 0; n--) {
    const keys = path.slice(0, n).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
    const node = n === 0 ? doc.contents : doc.getIn(keys, true);
    if (isNode(node) && node.range) return position(lines, node.range[0]);
  }
  return undefined;
}
