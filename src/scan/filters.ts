/** --action, --service, --principal, --since, --until: reading them, and testing a denial against them. */
import type { Denial } from '../input/denial.js';
import { compileWildcard } from '../policy/wildcard.js';
import type { ScanFilters } from './types.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A --since / --until value in epoch milliseconds: `2026-11-01` (UTC; as --until, the whole day is
 * included) or an ISO 8601 time (`2026-11-01T08:00:00Z`; without a zone, UTC). Undefined when invalid
 * (including dates that do not exist, such as 2026-02-30).
 */
export function parseTimeBound(text: string, bound: 'since' | 'until'): number | undefined {
  const value = text.trim();
  const date = DATE.exec(value);
  if (date) {
    const ms = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]));
    if (new Date(ms).toISOString().slice(0, 10) !== value) return undefined;
    return bound === 'since' ? ms : ms + DAY_MS - 1;
  }
  const time = TIME.exec(value);
  if (!time) return undefined;
  const day = `${time[1]}-${time[2]}-${time[3]}`;
  const dayMs = Date.UTC(Number(time[1]), Number(time[2]) - 1, Number(time[3]));
  if (Number.isNaN(dayMs) || new Date(dayMs).toISOString().slice(0, 10) !== day) return undefined;
  if (Number(time[4]) > 23 || Number(time[5]) > 59 || (time[6] !== undefined && Number(time[6].slice(1, 3)) > 59)) return undefined;
  const zone = time[8] === undefined ? 'Z' : time[8].toUpperCase() === 'Z' ? 'Z' : time[8].includes(':') ? time[8] : `${time[8].slice(0, 3)}:${time[8].slice(3)}`;
  const ms = Date.parse(`${day}T${time[4]}:${time[5]}${time[6] ?? ':00'}${zone}`);
  return Number.isNaN(ms) ? undefined : ms;
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
