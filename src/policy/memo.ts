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

interface ListNode<T> {
  next?: Map<string, ListNode<T>>;
  done: boolean;
  value?: T;
}

/**
 * Work remembered by a list of texts, walked text by text through nested maps: no key is built per lookup
 * (joining the texts into one key allocated and hashed a fresh string for every statement). Bounded as Memo.
 */
export class ListMemo<T> {
  private root: ListNode<T> = { done: false };
  private size = 0;
  constructor(private readonly limit = 10_000) {}

  /**
   * The value remembered for `tag`, `key` then `texts`, else `make(arg)`, remembered. `make` and `arg`
   * rather than a closure: a lookup allocates nothing when the value is known.
   */
  get<A>(tag: string, key: string, texts: readonly string[], make: (arg: A) => T, arg: A): T {
    return this.find(this.step(this.step(this.root, tag), key), texts, make, arg);
  }

  /** As get(), by the texts alone (two map lookups fewer, for a memo that needs no tag or key). */
  list<A>(texts: readonly string[], make: (arg: A) => T, arg: A): T {
    return this.find(this.root, texts, make, arg);
  }

  private find<A>(start: ListNode<T>, texts: readonly string[], make: (arg: A) => T, arg: A): T {
    let node = start;
    for (let i = 0; i < texts.length; i++) node = this.step(node, texts[i]!);
    if (node.done) return node.value as T;
    const value = make(arg);
    if (this.size >= this.limit) {
      this.root = { done: false };
      this.size = 0;
      return value;
    }
    node.done = true;
    node.value = value;
    this.size++;
    return value;
  }

  private step(node: ListNode<T>, text: string): ListNode<T> {
    node.next ??= new Map();
    let child = node.next.get(text);
    if (!child) node.next.set(text, (child = { done: false }));
    return child;
  }
}
