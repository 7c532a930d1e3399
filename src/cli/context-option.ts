/** `--context K=V` (repeatable; a key given twice is a multivalued context key), for diff and lint --action. */
import type { ContextValue } from '../scenario/types.js';
import { own, setOwn } from '../own.js';

/** The context, or the message saying which value is not KEY=VALUE. */
export function contextOption(values: readonly string[]): Record<string, ContextValue> | string {
  const out: Record<string, ContextValue> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0 || !v.slice(0, eq).includes(':')) return `\`--context ${v}\` must be KEY=VALUE with a condition key, e.g. \`--context aws:SourceIp=198.51.100.7\``;
    const key = v.slice(0, eq);
    const value = v.slice(eq + 1);
    const previous = own(out, key);
    setOwn(out, key, previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value]);
  }
  return out;
}
