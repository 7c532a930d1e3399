/**
 * The one shape of every diagnosis check, lint rule and doctor check (ESLint's rule modules are the model):
 * a module exports `meta` (id, title, docs page, severity, and `messages`: the message ids it may report,
 * each with its template) and `run(context)`, which returns findings `{ messageId, data, location, fix? }`.
 * A message id that is not a key of `meta.messages` does not compile, and neither does data that its
 * template does not take. The renderer (src/render/) fills the template, passing it the words toolkit below:
 * a template writes its own sentence and nothing else (no I/O, no colour, no layout).
 */

export type Severity = 'error' | 'warning' | 'info';

/** Message data: plain values the renderer quotes (and `--json` prints). */
export type MessageData = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

/**
 * What a template may use besides its data, implemented in src/render/words.ts (so the quoting of user
 * input and the names of policy types are the same in every message).
 */
export interface Words {
  /** A value as code: in backticks, control and invisible characters made visible. */
  q(value: unknown): string;
  /** Each item quoted, joined with commas (a single value: quoted). */
  qs(values: unknown): string;
  /** Each item quoted: `a`, `b` or `c`. */
  orList(values: unknown): string;
  /** A policy type in words ("the identity-based policies", "the permissions boundary"...). */
  policyType(type: string): string;
  /** `1 policy`, `2 policies` */
  plural(n: number, one: string, many?: string): string;
  /** The first letter upper case. */
  cap(text: string): string;
}

/** A message id's entry in `meta.messages`: its template, whose parameter types the message's data. */
export interface Message<D extends MessageData = MessageData, W = Words, T = string> {
  readonly template: (data: D, w: W) => T;
}

/** Declare a message by its template; its data is what the template takes (none when it takes nothing). */
export function message<D extends MessageData = Record<string, never>>(template: (data: D, w: Words) => string): Message<NoInfer<D>> {
  return { template };
}

/** Any rule's messages (every template takes some data and words). */
export type Messages = Readonly<Record<string, Message<never, never, unknown>>>;

export type MessageId<M extends Messages> = keyof M & string;

/** The data of a message: what its template takes. */
export type DataOf<M> = M extends { readonly template: (data: infer D, w: never) => unknown } ? D : never;

export interface RuleMeta<Id extends string = string, M extends Messages = Messages, S extends string = Severity> {
  readonly id: Id;
  readonly title: string;
  /** docs/<kind>/<id>.md */
  readonly docs: string;
  /** The severity of its findings unless a finding says otherwise. */
  readonly severity: S;
  readonly messages: M;
}

/**
 * What a rule reports: one of its own message ids with that message's data, where, and optionally a typed
 * fix. `severity` overrides the meta's for this finding.
 */
export type Report<M extends Messages, L, F = never, S extends string = Severity> = {
  [K in MessageId<M>]: { readonly messageId: K; readonly data: DataOf<M[K]>; readonly severity?: S; readonly fix?: F } & (undefined extends L
    ? { readonly location?: L }
    : { readonly location: L });
}[MessageId<M>];

export interface Rule<Id extends string, M extends Messages, C, L, F = never, S extends string = Severity> {
  readonly meta: RuleMeta<Id, M, S>;
  run(context: C): readonly Report<M, L, F, S>[];
}

