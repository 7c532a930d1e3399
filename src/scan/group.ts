/**
 * Partial groups from every file -> the report's groups: merged by key, each explained ONCE (its earliest
 * denial stands for all: they share principal, action, resource and what AWS said), then merged again by
 * principal, action, resource (or the pattern a fix would name: resource-pattern.ts) and cause, and sorted
 * by count.
 */
import { explain, type Explanation } from '../explain/explain.js';
import { byTimeThenId, MAX_EXAMPLES, MAX_FILES, mergeInto } from './collect.js';
import { resourceFamily, resourcePattern } from './resource-pattern.js';
import type { PartialGroup } from './types.js';
import type { Problem } from '../policy/problems.js';
import { own, setOwn } from '../own.js';

export interface ScanGroup {
  readonly principal: string | null;
  readonly action: string | null;
  /** The resource, or the pattern covering the group's resources when it has several (see `resources`). */
  readonly resource: string | null;
  /** How many distinct resources the group's denials name, and the first few (sorted). */
  readonly resources: { readonly count: number; readonly examples: readonly string[] };
  /** The explanation's first finding (a check id), or null when it has none. */
  readonly cause: string | null;
  readonly count: number;
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
  /** Whether the explanation has a fix or a suggestion. */
  readonly fix: boolean;
  readonly explanation?: Explanation;
  /** Why the group could not be explained (e.g. the scenario's policies do not compile for it): the errors, as data. */
  readonly problems?: readonly Problem[];
  /** A bug met explaining the group (the error's own message), so one explanation does not lose the scan. */
  readonly failure?: string;
  /** Where its earliest denial is: file and eventID. */
  readonly sampleFile: string;
  readonly sampleEventId: string | null;
  /** Its earliest denials' event IDs and times (at most MAX_EXAMPLES), by time then ID. */
  readonly examples: PartialGroup['examples'];
  /** The first files holding its denials (at most MAX_FILES, sorted); `moreFiles` when others do too. */
  readonly files: readonly string[];
  readonly moreFiles: boolean;
  /** Denials per UTC day. */
  readonly perDay: Readonly<Record<string, number>>;
}

/** Adds one file's partial groups to the running ones. */
export function mergeGroups(into: Map<string, PartialGroup>, groups: readonly PartialGroup[]): void {
  for (const g of groups) {
    const existing = into.get(g.key);
    if (existing) mergeInto(existing, g);
    else into.set(g.key, { ...g });
  }
}

function explainOne(group: PartialGroup, scenario: Record<string, unknown> | undefined): { cause: string | null; fix: boolean; explanation?: Explanation; problems?: Problem[]; failure?: string } {
  try {
    const result = explain({ denial: group.sample, ...(scenario && { scenario }) });
    if (!result.ok) return { cause: null, fix: false, problems: result.problems.filter((p) => p.severity === 'error') };
    const e = result.explanation;
    return { cause: e.findings[0]?.check ?? null, fix: e.fixes.length > 0, explanation: e };
  } catch (error) {
    // A bug in one explanation must not lose the scan.
    return { cause: null, fix: false, failure: (error as Error)?.message ?? String(error) };
  }
}

/** The first MAX_FILES of both parts' files; more when either part had more or together they exceed it. */
function mergedFiles(a: ScanGroup, b: ScanGroup): Pick<ScanGroup, 'files' | 'moreFiles'> {
  const all = [...new Set([...a.files, ...b.files])].sort();
  return { files: all.slice(0, MAX_FILES), moreFiles: a.moreFiles || b.moreFiles || all.length > MAX_FILES };
}

/** Resources named as examples of a patterned group. */
export const MAX_RESOURCE_EXAMPLES = 3;

const time = (t: string | null): number => (t === null ? NaN : Date.parse(t));

/** The earlier (sign -1) or later (sign 1) of two times; a missing one loses. */
function extreme(a: string | null, b: string | null, sign: 1 | -1): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return (time(b) - time(a)) * sign > 0 ? b : a;
}

function compare(a: ScanGroup, b: ScanGroup): number {
  if (a.count !== b.count) return b.count - a.count;
  const ta = time(a.firstSeen);
  const tb = time(b.firstSeen);
  if (ta !== tb) return Number.isNaN(ta) ? 1 : Number.isNaN(tb) ? -1 : ta - tb;
  for (const k of ['principal', 'action', 'resource', 'cause'] as const) {
    const x = a[k] ?? '';
    const y = b[k] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Explain each group once with the scenario's policies (its own `request` is ignored: each group has its
 * own), then merge the groups that share principal, action, resource and cause. Resources of one family
 * (the objects of a bucket...) merge into the pattern that covers them, only when their explanations agree
 * on the cause, the deciding statement and the policy a fix would change.
 */
export function explainGroups(partials: Iterable<PartialGroup>, scenario?: Record<string, unknown>): ScanGroup[] {
  let policies: Record<string, unknown> | undefined;
  if (scenario) {
    const { request: _request, ...rest } = scenario;
    policies = rest;
  }
  const merged = new Map<string, { group: ScanGroup; best: number; family: string | undefined; resources: Set<string> }>();
  // In key order, so that the details shown do not depend on which thread finished first.
  for (const p of [...partials].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const explained = explainOne(p, policies);
    const group: ScanGroup = {
      principal: p.principal,
      action: p.action,
      resource: p.resource,
      resources: { count: p.resource === null ? 0 : 1, examples: p.resource === null ? [] : [p.resource] },
      cause: explained.cause,
      count: p.count,
      firstSeen: p.firstSeen,
      lastSeen: p.lastSeen,
      fix: explained.fix,
      ...(explained.explanation && { explanation: explained.explanation }),
      ...(explained.problems && { problems: explained.problems }),
      ...(explained.failure !== undefined && { failure: explained.failure }),
      sampleFile: p.sampleFile,
      sampleEventId: p.sample.eventId ?? null,
      examples: p.examples,
      files: p.files,
      moreFiles: p.fileCount > p.files.length,
      perDay: p.perDay,
    };
    const family = resourceFamily(p.resource);
    const deciding = explained.explanation?.findings[0];
    const key = JSON.stringify([
      p.principal,
      p.action,
      family ?? p.resource,
      explained.cause,
      ...(family === undefined ? [] : [deciding?.policy ?? null, deciding?.statement ?? null, (explained.explanation?.fixes ?? []).map((f) => [f.policyType, f.target, f.change])]),
    ]);
    const existing = merged.get(key);
    if (!existing) {
      merged.set(key, { group, best: p.count, family, resources: new Set(p.resource === null ? [] : [p.resource]) });
      continue;
    }
    if (p.resource !== null) existing.resources.add(p.resource);
    // The details shown are those of the larger part.
    const a = existing.group;
    const shown = p.count > existing.best ? group : a;
    merged.set(key, {
      group: {
        ...shown,
        count: a.count + group.count,
        firstSeen: extreme(a.firstSeen, group.firstSeen, -1),
        lastSeen: extreme(a.lastSeen, group.lastSeen, 1),
        examples: [...a.examples, ...group.examples].sort(byTimeThenId).slice(0, MAX_EXAMPLES),
        ...mergedFiles(a, group),
        perDay: Object.entries(group.perDay).reduce<Record<string, number>>((days, [day, n]) => (setOwn(days, day, (own(days, day) ?? 0) + n), days), { ...a.perDay }),
      },
      best: Math.max(existing.best, p.count),
      family,
      resources: existing.resources,
    });
  }
  return [...merged.values()]
    .map(({ group, family, resources }) => {
      if (family === undefined || resources.size < 2) return group;
      const examples = [...resources].sort().slice(0, MAX_RESOURCE_EXAMPLES);
      return { ...group, resource: resourcePattern(family, resources), resources: { count: resources.size, examples } };
    })
    .sort(compare);
}
