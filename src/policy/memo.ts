/**
 * Work remembered by text. Policy text (action and resource patterns, conditions, principals) repeats
 * across statements, policies and calls, so each distinct text is worked on once. Bounded: when full, a
 * memo starts again empty (no unbounded growth in long-running processes).
 */
export class Memo<T> {
  private readonly values = new Map<string, T>();
  constructor(private readonly limit = 10_000) {}

  /** The value remembered for `key`, else `make(key)`, remembered. */
  get(key: string, make: (key: string) => T): T {
    const hit = this.values.get(key);
    if (hit !== undefined || this.values.has(key)) return hit as T;
    const value = make(key);
    if (this.values.size >= this.limit) this.values.clear();
    this.values.set(key, value);
    return value;
  }
}

/** A pure function of a string, remembered. */
export function memoize<T>(fn: (text: string) => T, limit?: number): (text: string) => T {
  const memo = new Memo<T>(limit);
  return (text) => memo.get(text, fn);
}

/** One text naming a list of texts unambiguously (each prefixed with its length), as a memo key. */
export function textsId(texts: readonly string[]): string {
  let id = '';
  for (const t of texts) id += `${t.length}:${t}`;
  return id;
}
