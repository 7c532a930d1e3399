/**
 * `scan --athena`: the selection runs as SQL in Amazon Athena (./athena-sql.ts), the grouped rows come
 * back, and each group is explained once locally, exactly like the groups of a local scan.
 */
import type { AthenaDenialGroup } from '../aws/athena.js';
import { explainGroups } from './group.js';
import type { ScanReport } from './index.js';
import type { PartialGroup } from './types.js';

/** Athena's grouped rows -> the report a local scan produces (no files; events = the denials counted). */
export function athenaReport(groups: readonly AthenaDenialGroup[], source: string, scenario?: Record<string, unknown>): ScanReport {
  const partials: PartialGroup[] = groups.map((g) => ({
    key: JSON.stringify([g.principal, g.action, g.resource, g.errorCode, g.region ?? null, g.accountId ?? null, g.errorMessage]),
    principal: g.principal,
    action: g.action,
    resource: g.resource,
    count: g.count,
    firstSeen: g.firstSeen,
    lastSeen: g.lastSeen,
    sample: g.denial,
    sampleFile: source,
    examples: g.denial.eventId !== undefined ? [{ id: g.denial.eventId, time: g.firstSeen }] : [],
    files: [source],
    fileCount: 1,
    // Athena returns each group's count and time range only: the timeline puts its denials on its first day.
    perDay: g.firstSeen === null || Number.isNaN(Date.parse(g.firstSeen)) ? {} : { [new Date(Date.parse(g.firstSeen)).toISOString().slice(0, 10)]: g.count },
  }));
  const denials = groups.reduce((n, g) => n + g.count, 0);
  return { files: 0, events: denials, denials, unreadable: [], skipped: 0, groups: explainGroups(partials, scenario), bytes: 0, textBytes: 0 };
}
