/** Date operators: ISO 8601 dates and times, or epoch seconds, compared as instants. */
import { memoize } from '../../policy/memo.js';
import { orderedFamily } from './numeric.js';

const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const EPOCH = /^\d+(\.\d+)?$/;

/** Milliseconds since the epoch, or undefined when the text is no date AWS accepts (request times repeat). */
export const parseDate: (text: string) => number | undefined = memoize(parseDateText);

function parseDateText(text: string): number | undefined {
  const t = text.trim();
  if (EPOCH.test(t)) return Number(t) * 1000;
  if (!ISO.test(t)) return undefined;
  // A time without a zone is UTC in AWS, not local time as Date.parse would read it.
  const zoned = t.length > 10 && !/(Z|[+-]\d{2}:?\d{2})$/.test(t) ? `${t}Z` : t;
  const ms = Date.parse(zoned.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : ms;
}

export const dateFamily = orderedFamily('Date', parseDate, 'date');
