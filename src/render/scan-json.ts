/**
 * `whydenied scan --json` and `--jsonl`: the report as data for pipelines, described by
 * schema/scan.schema.json (shipped in the package). `schemaVersion` changes only when a field changes
 * meaning or goes away; new fields may appear in any version.
 */
import type { ScanGroup, ScanReport } from '../scan/index.js';
import { proofStatus } from '../remedy/proof.js';
import { findingJson } from './explanation.js';
import { groupProblems, problemText } from './scan-text.js';

/** 2: `resource` may be a pattern covering several resources (`resources` says how many). */
export const SCAN_SCHEMA_VERSION = 2;

/** One group: what the text and HTML reports show, as data. */
export function groupJson(g: ScanGroup): Record<string, unknown> {
  const e = g.explanation;
  return {
    principal: g.principal,
    action: g.action,
    resource: g.resource,
    resources: g.resources,
    cause: g.cause,
    count: g.count,
    firstSeen: g.firstSeen,
    lastSeen: g.lastSeen,
    fix: g.fix,
    explanation: e
      ? {
          decision: e.decision,
          deniedBy: e.deniedBy,
          determined: e.determined,
          findings: e.findings.map(findingJson),
        }
      : null,
    fixes: (e?.fixes ?? []).map((f) => ({
      kind: f.kind,
      policyType: f.policyType,
      target: f.target,
      change: f.change,
      reason: f.reason,
      document: f.document,
      proof: proofStatus(f),
      ...(f.verification !== undefined && f.verification.overGrants.length > 0 && { overGrants: f.verification.overGrants }),
    })),
    problems: groupProblems(g),
    ...(g.problems && { problemData: g.problems.map(({ severity: _severity, ...p }) => p) }),
    eventIds: g.examples.map((x) => x.id),
    sourceFiles: g.files,
    moreSourceFiles: g.moreFiles,
  };
}

/** `--json`: the whole report. */
export function scanJson(report: ScanReport): Record<string, unknown> {
  return {
    schemaVersion: SCAN_SCHEMA_VERSION,
    files: report.files,
    events: report.events,
    denials: report.denials,
    unreadable: report.unreadable.map((u) => ({ file: u.file, reason: problemText(u.problem) })),
    skipped: report.skipped,
    groups: report.groups.map(groupJson),
  };
}

/** `--jsonl`: one line per group, each with the schema version (unreadable files go to stderr, as with --csv). */
export function* scanJsonLines(report: ScanReport): Generator<string> {
  for (const g of report.groups) yield `${JSON.stringify({ schemaVersion: SCAN_SCHEMA_VERSION, ...groupJson(g) })}\n`;
}
