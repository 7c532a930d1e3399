/**
 * One file -> its events, its denials (grouped) and, when it cannot be read in full, why. Streams: a file
 * of any size is read in chunks, gunzipped on the fly when it is gzip (by content, not by name;
 * concatenated gzip members included) and fed to the structural scanner. Never throws for bad input.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { cloudTrailRecords, isDenialRecord } from '../input/cloudtrail.js';
import { jsonReason } from '../input/document-file.js';
import { pathName, type FilePath } from '../input/file-name.js';
import { DenialCollector } from './collect.js';
import { systemProblem } from './problems.js';
import { RecordScanner, type Unit } from './scanner.js';
import type { FileProblem, FileResult, ProgressDelta, ScanFilters, SkipReason } from './types.js';

export interface ReadOptions {
  readonly filters: ScanFilters;
  /** Parse every record instead of only those with an errorCode (for the benchmark's comparison). */
  readonly parseAll?: boolean;
  /** Called about every {@link PROGRESS_STEP} bytes read, with what was read since the last call. */
  readonly onProgress?: (delta: ProgressDelta) => void;
}

const READ_CHUNK = 1024 * 1024;
const GUNZIP_CHUNK = 1024 * 1024;
const PROGRESS_STEP = 4 * 1024 * 1024;

/** Why JSON.parse failed (input/document-file.ts's words; the end of a unit is "the value"), and the position. */
function jsonFailure(error: unknown, text: string): { detail: string; position?: number } {
  const { reason, position } = jsonReason(error, text);
  return { detail: reason === 'unexpected end of JSON input' ? 'unexpected end of the value' : reason, ...(position !== undefined && { position }) };
}

/** Line and column of a position inside a unit, from where the unit starts. */
function placeIn(unit: Unit, text: string, position: number): { line: number; column: number } {
  let line = unit.line;
  let lineStart = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < position; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i;
  }
  return { line, column: lineStart < 0 ? unit.column + position : position - lineStart };
}

class FileScan {
  events = 0;
  bytes = 0;
  textBytes = 0;
  recognised = false;
  problem: FileProblem | undefined;
  /** Set when the first non-blank byte shows the content is not JSON: reading stops. */
  notJson = false;
  private sawContent = false;
  private reported = { bytes: 0, textBytes: 0, events: 0 };
  readonly collector: DenialCollector;
  readonly scanner: RecordScanner;

  constructor(
    readonly file: string,
    readonly options: ReadOptions,
  ) {
    this.collector = new DenialCollector(options.filters);
    this.scanner = new RecordScanner((unit) => this.unit(unit), options.parseAll === true);
  }

  get totalEvents(): number {
    return this.events + this.scanner.records;
  }

  /** Decompressed text; false once the content turned out not to be JSON (stop reading). */
  text(chunk: Buffer): boolean {
    this.textBytes += chunk.length;
    if (!this.sawContent) {
      const first = firstNonBlank(chunk);
      if (first === undefined) return true;
      this.sawContent = true;
      if (first !== 0x7b && first !== 0x5b) {
        this.notJson = true;
        return false;
      }
    }
    this.scanner.push(chunk);
    return this.scanner.error === undefined;
  }

  raw(length: number): void {
    this.bytes += length;
    if (this.options.onProgress && this.bytes - this.reported.bytes >= PROGRESS_STEP) this.report();
  }

  report(): void {
    const now = { bytes: this.bytes, textBytes: this.textBytes, events: this.totalEvents };
    this.options.onProgress?.({ bytes: now.bytes - this.reported.bytes, textBytes: now.textBytes - this.reported.textBytes, events: now.events - this.reported.events });
    this.reported = now;
  }

  private unit(unit: Unit): void {
    if (unit.bytes === undefined) {
      if (unit.oversize && unit.kind === 'record') this.problem ??= { kind: 'oversize-record', line: unit.line, column: unit.column };
      return;
    }
    const text = unit.bytes.toString('utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      const { detail, position } = jsonFailure(e, text);
      const place = placeIn(unit, text, position ?? text.length);
      this.problem ??= { kind: 'invalid-json', ...place, detail };
      return;
    }
    if (unit.kind === 'record') {
      if (isDenialRecord(value)) this.collector.add(value, this.file);
      return;
    }
    const records = cloudTrailRecords(unit.kind === 'event' ? { Events: [value] } : value);
    if (records.length > 0 || (unit.kind === 'value' && isWrapper(value))) this.recognised = true;
    this.events += records.length;
    for (const record of records) if (isDenialRecord(record)) this.collector.add(record, this.file);
  }

  result(): FileResult {
    this.scanner.end();
    const structure = this.scanner.error;
    if (structure && !this.problem) {
      const { line, column } = structure;
      this.problem =
        structure.kind === 'truncated'
          ? { kind: 'truncated-json', line, column }
          : structure.kind === 'too-deep'
            ? { kind: 'too-deep', line, column }
            : { kind: 'unexpected-byte', line, column, byte: structure.byte ?? 0 };
    }
    const recognised = this.recognised || this.scanner.wrapper || this.scanner.records > 0;
    let status: FileResult['status'] = 'read';
    let skipReason: SkipReason | undefined;
    if (this.problem) status = 'unreadable';
    else if (!recognised) {
      status = 'skipped';
      skipReason = this.notJson ? 'not-json' : this.scanner.values === 0 ? 'empty' : 'not-cloudtrail';
    }
    return {
      file: this.file,
      status,
      ...(this.problem && { problem: this.problem }),
      ...(skipReason && { skipReason }),
      bytes: this.bytes,
      textBytes: this.textBytes,
      events: this.totalEvents,
      denials: this.collector.denials,
      groups: [...this.collector.groups.values()],
    };
  }
}

function isWrapper(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (Array.isArray((value as Record<string, unknown>)['Records']) || Array.isArray((value as Record<string, unknown>)['Events']));
}

function firstNonBlank(chunk: Buffer): number | undefined {
  let i = 0;
  if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
  for (; i < chunk.length; i++) {
    const b = chunk[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return b;
  }
  return undefined;
}

/** Stops a pipeline once the content is known not to be CloudTrail (or its JSON is broken). */
class StopReading extends Error {}

/** Read one file. Never throws for bad input: problems are in the result. */
export async function scanFile(file: FilePath, options: ReadOptions): Promise<FileResult> {
  const scan = new FileScan(pathName(file), options);
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, 'r');
    const info = await handle.stat();
    if (info.isDirectory()) return unreadable(scan, { kind: 'folder' });
    const stream = handle.createReadStream({ highWaterMark: READ_CHUNK, autoClose: false });
    try {
      return await readAll(scan, stream);
    } finally {
      stream.destroy();
    }
  } catch (e) {
    return unreadable(scan, systemProblem((e as NodeJS.ErrnoException).code));
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Read a stream (standard input) as if it were a file named `name`. Never throws for bad input. */
export async function scanStream(name: string, stream: AsyncIterable<Buffer>, options: ReadOptions): Promise<FileResult> {
  const scan = new FileScan(name, options);
  try {
    return await readAll(scan, stream);
  } catch (e) {
    return unreadable(scan, systemProblem((e as NodeJS.ErrnoException).code));
  }
}

async function readAll(scan: FileScan, stream: AsyncIterable<Buffer>): Promise<FileResult> {
  const input = stream[Symbol.asyncIterator]();
  const first = await input.next();
  if (first.done) return scan.result();
  const head = first.value;
  const gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  async function* source(): AsyncGenerator<Buffer> {
    let next: IteratorResult<Buffer> = first;
    while (!next.done) {
      scan.raw(next.value.length);
      yield next.value;
      next = await input.next();
    }
  }
  const sink = async (chunks: AsyncIterable<Buffer>): Promise<void> => {
    for await (const chunk of chunks) if (!scan.text(chunk)) throw new StopReading();
  };
  try {
    if (gzip) await pipeline(source(), createGunzip({ chunkSize: GUNZIP_CHUNK }), sink);
    else await sink(source());
  } catch (e) {
    if (!(e instanceof StopReading)) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'Z_BUF_ERROR') scan.problem ??= { kind: 'truncated-gzip' };
      else if (typeof code === 'string' && code.startsWith('Z_')) scan.problem ??= { kind: 'damaged-gzip', detail: lowerFirst((e as Error).message) };
      else scan.problem ??= systemProblem(code);
    }
  }
  scan.report();
  return scan.result();
}

function unreadable(scan: FileScan, problem: FileProblem): FileResult {
  scan.problem ??= problem;
  return scan.result();
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
