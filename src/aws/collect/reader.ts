/**
 * The collector's reading machinery: every AWS call goes through `call()` (bounded concurrency, counted),
 * pieces of data are read with `read()` (a non-fatal failure becomes an `unreadable` entry, collection goes
 * on), and lists are read to the last page with `pages()`.
 */
import type { AwsClients } from '../clients.js';
import { errorCode, errorReason, fatalError } from './errors.js';

/** Which input of the evaluation a piece of missing data would have fed. */
export type Affects = 'identity' | 'permissions-boundary' | 'session' | 'scp' | 'rcp' | 'resource' | 'context' | 'connect' | 'access-keys';

export interface Unreadable {
  /** What could not be read, in words: `the attached policies of role ChatStarter`. */
  readonly what: string;
  /** The call that failed, as an IAM action: `iam:ListAttachedRolePolicies` (or `none` when no API returns it). */
  readonly call: string;
  /** The error code and message AWS returned, or why the data cannot be read. */
  readonly reason: string;
  readonly affects: readonly Affects[];
}

export type Attempt<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly call: string; readonly error: unknown; readonly code: string; readonly reason: string };

/** An AWS call that failed, with the name of the call. */
class CallFailed extends Error {
  constructor(
    readonly call: string,
    readonly error: unknown,
  ) {
    super(call);
  }
}

/** At most `concurrency` tasks at once; the others wait their turn (FIFO). */
export function createLimiter(concurrency: number): <T>(task: () => Promise<T>) => Promise<T> {
  const limit = Math.max(1, Math.floor(concurrency));
  let running = 0;
  const queue: (() => void)[] = [];
  const next = () => {
    running--;
    queue.shift()?.();
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => queue.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      next();
    }
  };
}

/** Guard against a service that never stops paging. */
const MAX_PAGES = 1000;

export class Reader {
  private readonly recorded: { readonly order: number; readonly entry: Unreadable }[] = [];
  private started = 0;
  /** In the order the reads started, not finished: the same list however the concurrent calls interleave. */
  get unreadable(): Unreadable[] {
    return [...this.recorded].sort((a, b) => a.order - b.order).map((r) => r.entry);
  }
  /** The AWS calls made (attempts retried by the SDK count once). */
  calls = 0;
  private readonly limit: <T>(task: () => Promise<T>) => Promise<T>;

  constructor(
    readonly clients: AwsClients,
    concurrency: number,
    readonly profile?: string,
  ) {
    this.limit = createLimiter(concurrency);
  }

  /** One AWS call. Only leaf calls take a concurrency slot, so nested reads never wait on themselves. */
  async call<T>(name: string, send: () => Promise<T>): Promise<T> {
    return this.limit(async () => {
      this.calls++;
      try {
        return await send();
      } catch (error) {
        throw fatalError(error, this.profile) ?? new CallFailed(name, error);
      }
    });
  }

  /** Every page of a list: `fetch(token)` returns the page's items and the next token (undefined at the end). */
  async pages<T>(fetch: (token: string | undefined) => Promise<{ items: readonly T[] | undefined; next: string | undefined }>): Promise<T[]> {
    const all: T[] = [];
    let token: string | undefined;
    const seen = new Set<string>();
    for (let page = 0; page < MAX_PAGES; page++) {
      const { items, next } = await fetch(token);
      all.push(...(items ?? []));
      if (next === undefined || next === '' || seen.has(next)) break;
      seen.add(next);
      token = next;
    }
    return all;
  }

  /**
   * Read one piece of data. A failed call (access denied, not found, throttled beyond the SDK's retries...)
   * records what could not be read and returns undefined; credential and network problems end collection.
   */
  async read<T>(what: string, affects: readonly Affects[], task: () => Promise<T>): Promise<T | undefined> {
    const order = this.started++;
    const result = await this.attempt(task);
    if (result.ok) return result.value;
    this.recorded.push({ order, entry: { what, call: result.call, reason: result.reason, affects } });
    return undefined;
  }

  /** Like read(), for callers that handle some failures themselves (NoSuchEntity, ResourceNotFound...). */
  async attempt<T>(task: () => Promise<T>): Promise<Attempt<T>> {
    try {
      return { ok: true, value: await task() };
    } catch (error) {
      if (!(error instanceof CallFailed)) throw fatalError(error, this.profile) ?? error;
      return { ok: false, call: error.call, error: error.error, code: errorCode(error.error), reason: errorReason(error.error) };
    }
  }

  /** Note data no API returns (a Cognito session policy) or that these credentials cannot reach. */
  note(entry: Unreadable): void {
    this.recorded.push({ order: this.started++, entry });
  }
}

/** The error behind a failed call (for callers that handle a specific code themselves). */
export function failedCall(error: unknown): { call: string; cause: unknown } | undefined {
  return error instanceof CallFailed ? { call: error.call, cause: error.error } : undefined;
}
