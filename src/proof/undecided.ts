/**
 * Why an answer is not exact somewhere: an id and its data; src/render/proof.ts puts it in words. The proof's
 * own reasons, and those of the features that run it (a fix proven by explain, lint or `policy`).
 */
export type UndecidedReason =
  /** A policy variable was given one value (and its absence), not every value. */
  | { readonly messageId: 'policyVariable'; readonly data: { readonly variable: string } }
  /** A key compared with operators of several kinds (strings and numbers...): its values' classes may miss some. */
  | { readonly messageId: 'operatorKinds'; readonly data: { readonly kinds: readonly string[] } }
  /** A key's values are too many or too long for their automata (`bound`: the limit reached). */
  | { readonly messageId: 'valuesTooMany'; readonly data: { readonly bound: ClassBound } }
  /** The resource patterns are too many for their automata. */
  | { readonly messageId: 'resourcesTooMany'; readonly data: { readonly bound: ClassBound } }
  /** A multivalued key with too many classes of values: only sets of at most `size` were tried. */
  | { readonly messageId: 'valueSetsBounded'; readonly data: { readonly classes: number; readonly size: number } }
  /** A class of aws:PrincipalArn values holds no caller tried. */
  | { readonly messageId: 'principalArnUncovered'; readonly data: { readonly example: string } }
  /** More request classes than the bound: the search stopped. */
  | { readonly messageId: 'searchStopped'; readonly data: { readonly maxClasses: number } }
  /** simulate() does not confirm a difference the search found (a bug). */
  | { readonly messageId: 'unconfirmed'; readonly data: Readonly<Record<string, never>> }
  /** A lint fix outside any statement. */
  | { readonly messageId: 'fixOutsideStatement'; readonly data: Readonly<Record<string, never>> }
  /** A lint fix whose statement does not parse once fixed. */
  | { readonly messageId: 'fixDoesNotParse'; readonly data: Readonly<Record<string, never>> }
  /** The proof failed with an error (its message, as thrown). */
  | { readonly messageId: 'proofFailed'; readonly data: { readonly error: string } };

/** A limit of the automata (./automaton.ts): product states, product steps, or pattern positions visited. */
export interface ClassBound {
  readonly kind: 'states' | 'steps' | 'work';
  readonly max: number;
}

/** One reason, and what it concerns (a condition key, a policy variable, a request). */
export type Undecided = UndecidedReason & { readonly subject?: string };

export type UndecidedMessageId = UndecidedReason['messageId'];
