/** Records -> denials -> groups of denials that explain the same way, with counts and first / last seen. */
import { denialFromRecord } from '../input/cloudtrail.js';
import type { Denial } from '../input/denial.js';
import { requestFromDenial } from '../request/from-denial.js';
import { compileFilters, type DenialFilter } from './filters.js';
import type { PartialGroup, ScanFilters } from './types.js';
import { own, setOwn } from '../own.js';

/** Epoch ms of an event time; NaN when absent or unreadable. */
function timeOf(eventTime: string | null | undefined): number {
  if (eventTime == null) return NaN;
  return eventTime.length === 20 ? (canonicalTime(eventTime) ?? Date.parse(eventTime)) : Date.parse(eventTime);
}

/** The number that `count` digits from `from` write; -1 when one of them is not a digit. */
function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Epoch ms of CloudTrail's own spelling, `2026-11-01T08:00:00Z`, read without Date.parse (which was a tenth of
 * a denial's cost); undefined for anything else (then Date.parse decides). Days past the 28th go to Date.parse
 * too: it, not this, knows the months.
 */
function canonicalTime(t: string): number | undefined {
  if (t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(10) !== 84 || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58 || t.charCodeAt(19) !== 90) return undefined;
  const year = digits(t, 0, 4);
  const month = digits(t, 5, 2);
  const day = digits(t, 8, 2);
  const hour = digits(t, 11, 2);
  const minute = digits(t, 14, 2);
  const second = digits(t, 17, 2);
  // Date.UTC reads years 0 to 99 as 1900 to 1999: those go to Date.parse with the rest.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > 28 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** The UTC day (`2026-11-01`) of a time that timeOf() read. */
function dayOf(eventTime: string, time: number): string {
  return canonicalTime(eventTime) === undefined ? new Date(time).toISOString().slice(0, 10) : eventTime.slice(0, 10);
}

/** Whether denial a comes before b: by time, then event ID (deterministic whichever thread reads first). */
export function earlier(a: Denial, b: Denial): boolean {
  const ta = timeOf(a.eventTime);
  const tb = timeOf(b.eventTime);
  if (ta !== tb) return Number.isNaN(tb) || ta < tb;
  return (a.eventId ?? '') < (b.eventId ?? '');
}

/** Event IDs and file names kept per group: enough to look the denials up, bounded for memory. */
export const MAX_EXAMPLES = 5;
export const MAX_FILES = 5;

export function byTimeThenId(a: PartialGroup['examples'][number], b: PartialGroup['examples'][number]): number {
  const ta = timeOf(a.time);
  const tb = timeOf(b.time);
  if (ta !== tb) return Number.isNaN(ta) ? 1 : Number.isNaN(tb) ? -1 : ta - tb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Merge a partial group into another of the same key. `fileCount` adds up only across files: within one
 * file's collector the denials share their file.
 */
export function mergeInto(target: PartialGroup, other: PartialGroup, sameFile = false): void {
  target.count += other.count;
  if (other.examples.length > 0) {
    const ids = new Set(target.examples.map((e) => e.id));
    target.examples = [...target.examples, ...other.examples.filter((e) => !ids.has(e.id))].sort(byTimeThenId).slice(0, MAX_EXAMPLES);
  }
  for (const [day, n] of Object.entries(other.perDay)) setOwn(target.perDay, day, (own(target.perDay, day) ?? 0) + n);
  if (!sameFile) {
    target.fileCount += other.fileCount;
    target.files = [...new Set([...target.files, ...other.files])].sort().slice(0, MAX_FILES);
  }
  const first = timeOf(other.firstSeen);
  if (!Number.isNaN(first) && !(timeOf(target.firstSeen) <= first)) target.firstSeen = other.firstSeen;
  const last = timeOf(other.lastSeen);
  if (!Number.isNaN(last) && !(timeOf(target.lastSeen) >= last)) target.lastSeen = other.lastSeen;
  if (earlier(other.sample, target.sample) || (!earlier(target.sample, other.sample) && other.sampleFile < target.sampleFile)) {
    target.sample = other.sample;
    target.sampleFile = other.sampleFile;
  }
}

/**
 * One more denial of a group, from the group's own file: mergeInto(group, that denial's own group, true) without
 * making that group (a denial costs a few comparisons, not a sort, two arrays and a set).
 */
function addDenial(target: PartialGroup, denial: Denial, seen: string | null, time: number, day: string | undefined): void {
  target.count++;
  const id = denial.eventId;
  if (id !== undefined) {
    const example = { id, time: seen };
    const examples = target.examples;
    if (!examples.some((e) => e.id === id)) {
      let at = examples.length;
      while (at > 0 && byTimeThenId(example, examples[at - 1]!) < 0) at--;
      if (at < MAX_EXAMPLES) {
        examples.splice(at, 0, example);
        if (examples.length > MAX_EXAMPLES) examples.length = MAX_EXAMPLES;
      }
    }
  }
  if (day !== undefined) setOwn(target.perDay, day, (own(target.perDay, day) ?? 0) + 1);
  if (seen !== null) {
    if (!(timeOf(target.firstSeen) <= time)) target.firstSeen = seen;
    if (!(timeOf(target.lastSeen) >= time)) target.lastSeen = seen;
  }
  // The same file: the earlier denial is the sample, and a tie keeps the one there.
  if (earlier(denial, target.sample)) target.sample = denial;
}

/** Entries kept by the request memo before it starts over, and the longest key it keeps (at most 16 MB of keys). */
const MEMO_LIMIT = 4096;
const MEMO_KEY_LIMIT = 4096;

/** `arn:PARTITION:SERVICE:REGION:ACCOUNT:` of an ARN (all the request builder takes from the caller). */
function arnPrefix(arn: string | undefined): string {
  if (arn === undefined) return '';
  let at = -1;
  for (let k = 0; k < 5 && (at = arn.indexOf(':', at + 1)) >= 0; k++);
  return at < 0 ? arn : arn.slice(0, at);
}

export class DenialCollector {
  denials = 0;
  readonly groups = new Map<string, PartialGroup>();
  private readonly filter: DenialFilter | undefined;
  /**
   * The action and resource of the request a denial describes, by the denial fields that decide them:
   * denials repeat (the same call failing again and again), and building the request is most of the work.
   */
  private readonly requests = new Map<string, { action: string | null; resource: string | null }>();

  constructor(filters: ScanFilters) {
    this.filter = compileFilters(filters);
  }

  /** A parsed record: kept when it is a denial that passes the filters. */
  add(record: unknown, file: string): void {
    const read = denialFromRecord(record);
    if (!read.ok) return;
    const denial = read.denial;
    const principal = denial.roleArn ?? denial.principal ?? null;
    const { action, resource } = this.request(denial);
    if (this.filter && !this.filter(denial, { principal, action })) return;
    this.denials++;
    const key = JSON.stringify([
      principal,
      action,
      resource,
      denial.errorCode ?? null,
      denial.policyType ?? null,
      denial.explicit ?? null,
      denial.policyArn ?? null,
      denial.transitiveThrough ?? null,
      denial.userIdentityType ?? null,
      denial.vpcEndpointId !== undefined,
      denial.encodedAuthorizationMessage !== undefined,
    ]);
    const time = timeOf(denial.eventTime);
    const seen = Number.isNaN(time) ? null : denial.eventTime!;
    const day = seen === null ? undefined : dayOf(seen, time);
    const existing = this.groups.get(key);
    if (existing) return addDenial(existing, denial, seen, time, day);
    const examples = denial.eventId !== undefined ? [{ id: denial.eventId, time: seen }] : [];
    const perDay: Record<string, number> = {};
    if (day !== undefined) setOwn(perDay, day, 1);
    this.groups.set(key, { key, principal, action, resource, count: 1, firstSeen: seen, lastSeen: seen, sample: denial, sampleFile: file, examples, files: [file], fileCount: 1, perDay });
  }

  private request(denial: Denial): { action: string | null; resource: string | null } {
    const memoKey = JSON.stringify([
      denial.action,
      denial.resource,
      denial.principal === undefined,
      arnPrefix(denial.principal),
      denial.region,
      denial.recipientAccountId,
      denial.accountId,
      denial.requestParameters,
    ]);
    let found = this.requests.get(memoKey);
    if (!found) {
      const { request } = requestFromDenial(denial);
      found = { action: request?.action ?? denial.action ?? null, resource: request?.resource ?? denial.resource ?? null };
      if (this.requests.size >= MEMO_LIMIT) this.requests.clear();
      // A record's parameters can be megabytes (a hostile trail's): only keys of a usual size are kept.
      if (memoKey.length <= MEMO_KEY_LIMIT) this.requests.set(memoKey, found);
    }
    return found;
  }
}
