/**
 * scan(paths): CloudTrail files and folders -> every denial in them, grouped and explained once per group.
 * Reads on all cores, streams every file (memory does not grow with the input), and reports the files it
 * could not read (or read only in part) instead of stopping.
 */
import type { FilePath } from '../input/file-name.js';
import { mergeGroups, explainGroups, type ScanGroup } from './group.js';
import { readFiles } from './pool.js';
import { scanStream } from './read.js';
import type { FileProblem, FileResult, PartialGroup, ProgressDelta, ScanFilters } from './types.js';
import { listFiles } from './walk.js';

export type { ScanGroup } from './group.js';
export type { FileProblem, ScanFilters } from './types.js';

export interface ScanListener {
  /** The files are listed: how many, and their bytes on disk. */
  start?(files: number, bytes: number): void;
  advance?(delta: ProgressDelta): void;
  fileDone?(): void;
}

export interface ScanOptions {
  readonly filters?: ScanFilters;
  /** Policies to explain the denials with (a scenario; its `request` is ignored). */
  readonly scenario?: Record<string, unknown>;
  /** Worker threads (default: one per core; 0: none). */
  readonly workers?: number;
  /** Parse every record, not only those carrying an errorCode (slower; for measuring the pre-filter). */
  readonly parseAll?: boolean;
  readonly listener?: ScanListener;
  /** What the path `-` reads (default: standard input); read on this thread, named `<stdin>` in the report. */
  readonly stdin?: AsyncIterable<Buffer>;
}

/** The path that means standard input. */
export const STDIN = '-';

export interface ScanReport {
  /** Files looked at: read, skipped or unreadable. */
  readonly files: number;
  /** CloudTrail events read (all of them, denied or not). */
  readonly events: number;
  /** Denials that pass the filters (the groups' counts add up to it). */
  readonly denials: number;
  /** Files (and folders) that could not be read, or only in part; by path. */
  readonly unreadable: readonly { readonly file: string; readonly problem: FileProblem }[];
  /** Files that hold no CloudTrail (empty, not JSON, other JSON): skipped. */
  readonly skipped: number;
  readonly groups: readonly ScanGroup[];
  /** Bytes read from disk, and the JSON text they hold. */
  readonly bytes: number;
  readonly textBytes: number;
}

/** `paths`: strings, or the bytes of names that are not valid UTF-8; `-` is standard input. */
export async function scan(paths: readonly FilePath[], options: ScanOptions = {}): Promise<ScanReport> {
  const stdin = paths.includes(STDIN);
  const listing = await listFiles(paths.filter((p) => p !== STDIN));
  const listener = options.listener;
  listener?.start?.(listing.files.length + (stdin ? 1 : 0), listing.files.reduce((sum, f) => sum + f.size, 0));
  const unreadable = [...listing.unreadable];
  let skipped = listing.skipped;
  let events = 0;
  let denials = 0;
  let bytes = 0;
  let textBytes = 0;
  const partials = new Map<string, PartialGroup>();
  const onFile = (result: FileResult) => {
    events += result.events;
    denials += result.denials;
    bytes += result.bytes;
    textBytes += result.textBytes;
    if (result.problem) unreadable.push({ file: result.file, problem: result.problem });
    if (result.status === 'skipped') skipped++;
    mergeGroups(partials, result.groups);
    listener?.fileDone?.();
  };
  const onProgress = listener?.advance && ((d: ProgressDelta) => listener.advance!(d));
  const filters = options.filters ?? {};
  if (stdin) onFile(await scanStream('<stdin>', options.stdin ?? process.stdin, { filters, ...(options.parseAll && { parseAll: true }), ...(onProgress && { onProgress }) }));
  await readFiles(listing.files, {
    filters,
    ...(options.workers !== undefined && { workers: options.workers }),
    ...(options.parseAll && { parseAll: true }),
    ...(onProgress && { onProgress }),
    onFile,
  });
  unreadable.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return {
    files: listing.files.length + (stdin ? 1 : 0) + listing.skipped + listing.unreadable.filter((u) => u.problem.kind !== 'folder-unlistable').length,
    events,
    denials,
    unreadable,
    skipped,
    groups: explainGroups(partials.values(), options.scenario),
    bytes,
    textBytes,
  };
}
