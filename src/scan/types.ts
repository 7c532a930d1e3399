/** What a scan reads and finds: per file, per group of denials, and in total. Plain data (crosses worker threads). */
import type { Denial } from '../input/denial.js';

/** Filters on the denials, as given on the command line (already checked). */
export interface ScanFilters {
  /** `service:Action`, possibly with `*` / `?` wildcards; case-insensitive. */
  readonly action?: string;
  /** A service prefix (`connect`); case-insensitive. */
  readonly service?: string;
  /** An ARN or a glob (`arn:aws:iam::*:role/Chat*`) matched against the role (or user) and the session ARN. */
  readonly principal?: string;
  /** Epoch milliseconds: keep denials at or after `since` and at or before `until`. */
  readonly since?: number;
  readonly until?: number;
}

/** Why a file could not be read (all or in part). The English text is in render/scan-text.ts. */
export type FileProblem =
  | { readonly kind: 'missing' | 'permission' | 'folder' }
  | { readonly kind: 'io'; readonly code: string }
  | { readonly kind: 'folder-unlistable'; readonly cause: FileProblem }
  | { readonly kind: 'truncated-gzip' }
  | { readonly kind: 'damaged-gzip'; readonly detail: string }
  /** JSON.parse's reason (V8's words, lowercased). */
  | { readonly kind: 'invalid-json'; readonly line: number; readonly column: number; readonly detail: string }
  /** A byte that has no place there: outside a string, or a bracket that closes nothing open. */
  | { readonly kind: 'unexpected-byte'; readonly line: number; readonly column: number; readonly byte: number }
  | { readonly kind: 'too-deep'; readonly line: number; readonly column: number }
  | { readonly kind: 'truncated-json'; readonly line: number; readonly column: number }
  | { readonly kind: 'oversize-record'; readonly line: number; readonly column: number };

/** Why a file was skipped: it holds no CloudTrail. */
export type SkipReason = 'empty' | 'not-json' | 'not-cloudtrail';

/** Denials that explain the same way: same principal, action, resource and what AWS said about them. */
export interface PartialGroup {
  /** The grouping key (principal, action, resource and the message's facts). */
  readonly key: string;
  /** The role ARN for assumed roles (not the session), else the caller's ARN. */
  readonly principal: string | null;
  readonly action: string | null;
  readonly resource: string | null;
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
  /** The earliest denial of the group, explained for all of them. */
  sample: Denial;
  sampleFile: string;
  /** The earliest denials' event IDs (at most MAX_EXAMPLES), by time then ID: examples to look up. */
  examples: { readonly id: string; readonly time: string | null }[];
  /** The first MAX_FILES files holding the group's denials (sorted), and how many files do. */
  files: string[];
  fileCount: number;
  /** Denials per UTC day (`2026-11-01`), for the report's timeline; denials without a time are not counted. */
  perDay: Record<string, number>;
}

export interface FileResult {
  readonly file: string;
  /** `read`: CloudTrail was found (all of it read unless `problem`); `skipped`: not CloudTrail; `unreadable`. */
  readonly status: 'read' | 'skipped' | 'unreadable';
  readonly problem?: FileProblem;
  readonly skipReason?: SkipReason;
  /** Bytes read from disk, and the JSON text they hold (decompressed). */
  readonly bytes: number;
  readonly textBytes: number;
  readonly events: number;
  /** Denials that pass the filters. */
  readonly denials: number;
  readonly groups: readonly PartialGroup[];
}

/** Progress within the file being read. */
export interface ProgressDelta {
  readonly bytes: number;
  readonly textBytes: number;
  readonly events: number;
}
