/** Human output of `whydenied scan`: the summary, the table of groups, each group's details; the progress line. */
import type { Explanation } from '../explain/explain.js';
import type { FileProblem, ScanGroup, ScanReport } from '../scan/index.js';
import { MAX_DEPTH, MAX_UNIT_BYTES } from '../scan/scanner.js';
import { proofStatus, type ProofStatus } from '../remedy/proof.js';
import { renderExplanation } from './explanation.js';
import type { Style } from './style.js';
import { visible } from './visible.js';
import { problemMessage } from './problems.js';
import { inputProblemMessage } from './input-problems.js';

/**
 * Why a file could not be read, in lowercase, without the file name. What any input file can have (missing,
 * unreadable, a broken gzip) is worded by the input-problem templates; the rest is scan's own (its streaming
 * reader knows the place and reads up to it).
 */
export function problemText(problem: FileProblem): string {
  switch (problem.kind) {
    case 'missing':
      return inputProblemMessage({ messageId: 'notFound', data: { role: 'path' } });
    case 'permission':
      return inputProblemMessage({ messageId: 'permissionDenied', data: {} });
    case 'folder':
      return inputProblemMessage({ messageId: 'isFolder', data: { role: 'file' } });
    case 'io':
      return inputProblemMessage({ messageId: 'unreadable', data: { code: problem.code } });
    case 'folder-unlistable':
      return `the folder cannot be listed: ${problemText(problem.cause)}`;
    case 'truncated-gzip':
      return `${inputProblemMessage({ messageId: 'truncatedGzip', data: {} })}; the events before the cut were read`;
    case 'damaged-gzip':
      return `${inputProblemMessage({ messageId: 'damagedGzip', data: { reason: problem.detail } })}; the events before the damage were read`;
    case 'invalid-json':
      return `is not valid JSON ${at(problem)}: ${problem.detail}`;
    case 'unexpected-byte':
      return `is not valid JSON ${at(problem)}: unexpected ${shownByte(problem.byte)}`;
    case 'too-deep':
      return `${inputProblemMessage({ messageId: 'tooDeep', data: { limit: MAX_DEPTH } })} ${at(problem)}; the events before it were read`;
    case 'truncated-json':
      return `is truncated: the JSON ends ${at(problem)} in the middle of a value`;
    case 'oversize-record':
      return `has a record larger than ${MAX_UNIT_BYTES / 1024 / 1024} MiB ${at(problem)} (not read)`;
  }
}

/** The place in the file's (decompressed) text. */
const at = (p: { readonly line: number; readonly column: number }) => `at line ${p.line}, column ${p.column}`;

/** A byte as text: printable ASCII quoted, anything else in hex. */
function shownByte(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? `\`${String.fromCharCode(byte)}\`` : `byte 0x${byte.toString(16).padStart(2, '0')}`;
}

/** 1234567 -> `1,234,567`. */
export function count(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Bytes in B, KB, MB or GB (decimal units, as throughput is given). */
export function bytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = n / 1000;
  let u = 0;
  while (value >= 1000 && u < units.length - 1) {
    value /= 1000;
    u++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[u]}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

/** `2026-11-01T08:15:00Z` -> `2026-11-01 08:15:00`. */
export function shortTime(t: string | null): string {
  if (t === null) return '-';
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? t : new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export function scanSummary(report: ScanReport): string {
  const groups = report.groups.length;
  const head = `Scanned ${plural(report.files, 'file')} (${bytes(report.textBytes)} of JSON): ${plural(report.events, 'event')}, ${plural(report.denials, 'denial')}${report.denials > 0 ? ` in ${plural(groups, 'group')}` : ''}`;
  const notes: string[] = [];
  if (report.unreadable.length > 0) notes.push(`${plural(report.unreadable.length, 'file')} could not be read (in full)`);
  if (report.skipped > 0) notes.push(`${plural(report.skipped, 'file')} skipped (not CloudTrail)`);
  return notes.length > 0 ? `${head}\n${notes.join('; ')}` : head;
}

export const TABLE_COLUMNS = ['FIRST SEEN (UTC)', 'LAST SEEN (UTC)', 'COUNT', 'PRINCIPAL', 'ACTION', 'RESOURCE', 'CAUSE', 'FIX'] as const;

/** How far the group's first fix is proven (`none` without one): never `verified` for a suggestion. */
export function groupProof(g: ScanGroup): ProofStatus | 'none' {
  const fix = g.explanation?.fixes[0];
  return fix ? proofStatus(fix) : 'none';
}

/** A group's cells for the table, in TABLE_COLUMNS order. */
export function groupCells(g: ScanGroup): string[] {
  return [shortTime(g.firstSeen), shortTime(g.lastSeen), count(g.count), visible(g.principal ?? 'unknown'), visible(g.action ?? 'unknown'), visible(g.resource ?? 'unknown'), g.cause ?? 'undetermined', groupProof(g)];
}

/** Cells are never cut: two ARNs that differ only in the middle must not look the same. */
function table(groups: readonly ScanGroup[], style: Style): string[] {
  const rows = groups.map(groupCells);
  const header: string[] = [...TABLE_COLUMNS];
  const size = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 2 ? c.padStart(size[i]!) : i === cells.length - 1 ? c : c.padEnd(size[i]!)))
      .join('  ')
      .trimEnd();
  return [style.bold(line(header)), ...rows.map(line)];
}

/** The explanation's first finding and first fix, as `whydenied explain` prints them. */
export function groupDetail(e: Explanation, style: Style): string {
  return renderExplanation({ ...e, findings: e.findings.slice(0, 1), fixes: e.fixes.slice(0, 1), statements: [], messageOnly: undefined, determined: true }, 'json', style);
}

export function groupHeading(g: ScanGroup, index: number): string {
  return `#${index + 1}  ${plural(g.count, 'denial')} of ${visible(g.action ?? 'an unknown action')}, ${shortTime(g.firstSeen)} to ${shortTime(g.lastSeen)} UTC`;
}

export function groupFacts(g: ScanGroup): [string, string][] {
  const facts: [string, string][] = [
    ['principal', visible(g.principal ?? 'unknown')],
    ['resource', visible(g.resource ?? 'unknown (the record does not show it)')],
    ...(g.resources.count > 1 ? [['resources', visible(`${g.resources.count.toLocaleString('en-US')} distinct, e.g. ${g.resources.examples.join(', ')}; the explanation and fix are the example's`)] as [string, string]] : []),
    ['cause', g.cause ?? 'not determined from the logs alone (give the policies with --scenario)'],
    ['example', `${g.sampleEventId !== null ? `event ${visible(g.sampleEventId)} in ` : ''}${visible(g.sampleFile)}`],
  ];
  for (const p of groupProblems(g)) facts.push(['not explained', visible(p)]);
  return facts;
}

/** Why a group could not be explained, in words (`scan --json` prints them as `problems`). */
export function groupProblems(g: ScanGroup): string[] {
  return [...(g.problems ?? []).map(problemMessage), ...(g.failure !== undefined ? [`internal error: ${g.failure}`] : [])];
}

export function renderScanText(report: ScanReport, style: Style): string {
  const out = [scanSummary(report)];
  if (report.unreadable.length > 0) {
    out.push('', style.bold('Could not be read'));
    for (const u of report.unreadable) out.push(`  ${visible(u.file)}: ${problemText(u.problem)}`);
  }
  if (report.groups.length === 0) {
    out.push('', report.events === 0 ? 'No CloudTrail events found.' : 'No denials found.');
    return `${out.join('\n')}\n`;
  }
  out.push('', ...table(report.groups, style), '', style.bold('Details'));
  report.groups.forEach((g, i) => {
    out.push('', style.bold(groupHeading(g, i)));
    for (const [label, value] of groupFacts(g)) out.push(`  ${`${label}:`.padEnd(10)} ${value}`);
    if (g.explanation) out.push('', ...groupDetail(g.explanation, style).trimEnd().split('\n').map((l) => (l === '' ? '' : `  ${l}`)));
  });
  return `${out.join('\n')}\n`;
}

/** One line of progress for a terminal of `width` columns. */
export function progressLine(p: { filesDone: number; files: number; events: number; textBytes: number; seconds: number; fraction: number }, width: number): string {
  const rate = p.seconds > 0 ? p.textBytes / p.seconds : 0;
  const eta = p.fraction > 0.01 && p.fraction < 1 ? (p.seconds * (1 - p.fraction)) / p.fraction : undefined;
  const text = ` ${count(p.filesDone)}/${count(p.files)} files  ${count(p.events)} events  ${bytes(rate)}/s  ETA ${eta === undefined ? '--:--' : clock(eta)}`;
  const barWidth = Math.max(0, Math.min(30, width - text.length - 3));
  if (barWidth < 5) return text.trim().slice(0, Math.max(0, width - 1));
  const filled = Math.round(barWidth * Math.min(1, p.fraction));
  return `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]${text}`;
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** After writing the report to a file. */
export function wroteReport(file: string, report: ScanReport): string {
  return `${scanSummary(report)}\nReport written to ${visible(file)}\n`;
}
