/**
 * The one shape of every diagnosis check, lint rule and doctor check (ESLint's rule modules are the model):
 * a module exports `meta` (id, title, docs page, severity, and `messages`: the message ids it may report,
 * each typed with its data) and `run(context)`, which returns findings `{ messageId, data, location, fix? }`.
 * A message id that is not a key of `meta.messages` does not compile. The words are in src/render/, one
 * template per message id, checked exhaustively by the compiler there.
 */

import type { ProblemRef } from '../policy/problems.js';

export type Severity = 'error' | 'warning' | 'info';

/** Message data: plain values the renderer quotes (and `--json` prints), or an input problem a finding quotes. */
export type MessageData = Readonly<Record<string, string | number | boolean | readonly string[] | ProblemRef | undefined>>;

/** A message id's entry in `meta.messages`: a type-level record of its data (the words live in render/). */
export interface Message<D extends MessageData = MessageData> {
  /** Never set: carries the data type. */
  readonly data?: D;
}

/** Declare a message (its data type defaults to any plain record). */
export function message<D extends MessageData = MessageData>(): Message<D> {
  return {};
}

export type Messages = Readonly<Record<string, Message>>;

export type MessageId<M extends Messages> = keyof M & string;

export type DataOf<M extends Message> = M extends Message<infer D> ? D : never;

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

/** Templates for every message of a rule: the compiler checks there is one per message id, and no other. */
export type Templates<M extends Messages, Args extends unknown[] = []> = { readonly [K in MessageId<M>]: (data: DataOf<M[K]>, ...args: Args) => string };
