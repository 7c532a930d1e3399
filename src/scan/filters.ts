/** --action, --service, --principal, --since, --until: reading them, and testing a denial against them. */
import type { Denial } from '../input/denial.js';
import { compileWildcard } from '../policy/wildcard.js';
import type { ScanFilters } from './types.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A time the user gave: milliseconds since the epoch, and whether only a date was given. */
export interface Instant {
  readonly ms: number;
  readonly dateOnly: boolean;
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * `2026-11-01` (UTC) or an ISO 8601 time (`2026-11-01T08:00:00Z`; without a zone, UTC), for scan's local
 * reader and its Athena query alike. Undefined when invalid (including dates that do not exist, 2026-02-30).
 */
export function parseInstant(text: string): Instant | undefined {
  const value = text.trim();
  const date = DATE.exec(value);
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    return validDate(y, m, d) ? { ms: Date.UTC(y, m - 1, d), dateOnly: true } : undefined;
  }
  const dt = DATE_TIME.exec(value);
  if (!dt) return undefined;
  const [y, m, d, hh, mm, ss] = [1, 2, 3, 4, 5, 6].map((i) => Number(dt[i] ?? 0)) as [number, number, number, number, number, number];
  if (!validDate(y, m, d) || hh > 23 || mm > 59 || ss > 59) return undefined;
  let offsetMinutes = 0;
  const zone = dt[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2));
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const fraction = dt[7] === undefined ? 0 : Math.floor(Number(`0.${dt[7]}`) * 1000);
  return { ms: Date.UTC(y, m - 1, d, hh, mm, ss, fraction) - offsetMinutes * 60_000, dateOnly: false };
}

/** A --since / --until value in epoch milliseconds (as --until, a date includes the whole day). */
export function parseTimeBound(text: string, bound: 'since' | 'until'): number | undefined {
  const instant = parseInstant(text);
  if (!instant) return undefined;
  return instant.dateOnly && bound === 'until' ? instant.ms + DAY_MS - 1 : instant.ms;
}

export interface DenialFacts {
  /** Role ARN (for assumed roles) or the caller's ARN. */
  readonly principal: string | null;
  readonly action: string | null;
}

export type DenialFilter = (denial: Denial, facts: DenialFacts) => boolean;

/** The filters as one test; undefined when there are none. */
export function compileFilters(filters: ScanFilters): DenialFilter | undefined {
  const tests: DenialFilter[] = [];
  if (filters.action !== undefined) {
    const pattern = compileWildcard(filters.action.toLowerCase());
    tests.push((_d, f) => f.action !== null && pattern.matches(f.action.toLowerCase()));
  }
  if (filters.service !== undefined) {
    const prefix = `${filters.service.toLowerCase()}:`;
    tests.push((_d, f) => f.action !== null && f.action.toLowerCase().startsWith(prefix));
  }
  if (filters.principal !== undefined) {
    const pattern = compileWildcard(filters.principal);
    tests.push((d, f) => (f.principal !== null && pattern.matches(f.principal)) || (d.principal !== undefined && pattern.matches(d.principal)));
  }
  if (filters.since !== undefined || filters.until !== undefined) {
    const since = filters.since ?? -Infinity;
    const until = filters.until ?? Infinity;
    tests.push((d) => {
      const t = d.eventTime === undefined ? NaN : Date.parse(d.eventTime);
      return t >= since && t <= until;
    });
  }
  if (tests.length === 0) return undefined;
  return (d, f) => tests.every((t) => t(d, f));
}
