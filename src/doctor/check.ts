/**
 * A doctor check: one practice of an Amazon Connect chat setup, in the one rule shape of
 * src/diagnosis/rule.ts. It reports exactly one finding, whose severity is its status (pass, warn, fail);
 * each message's template writes its words and fix, and src/render/doctor.ts fills it.
 */
import type { Message, MessageData, Messages, Rule, Words } from '../diagnosis/rule.js';
import type { Explanation } from '../explain/explain.js';
import type { Problem } from '../policy/problems.js';
import type { ContextValue } from '../scenario/types.js';
import type { CollectedScenario } from '../live/collect.js';

export type CheckStatus = 'pass' | 'warn' | 'fail';

/** An identity-policy statement that allows StartChatContact (on any resource). */
export interface ChatStatement {
  readonly policy: string;
  readonly statement: string;
  readonly resources: readonly string[];
  readonly notResource: boolean;
  readonly conditionKeys: readonly string[];
}

export interface Located {
  readonly instance: { readonly id: string; readonly arn: string; readonly region: string; readonly account: string };
  readonly flow?: { readonly id: string; readonly arn: string };
}

export interface DoctorContext {
  readonly scenario: CollectedScenario;
  readonly where: Located;
  /** The principal that calls StartChatContact. */
  readonly principal: string;
  readonly statements: readonly ChatStatement[];
  /** Request context the backend's calls carry. */
  readonly context: Readonly<Record<string, ContextValue>>;
  /** explain() of StartChatContact on the flow (absent without a flow, or when the policies are invalid). */
  readonly explanation?: Explanation;
  readonly problems?: readonly Problem[];
  readonly uncertain: boolean;
}

/** A doctor message in words: what was found, and what to do when it is not a pass. */
export interface DoctorText {
  readonly message: string;
  readonly fix?: string;
}

/** The words toolkit of doctor templates: the common one, and the words of the explanation's findings. */
export interface DoctorWords extends Words {
  /** The words of the explanation's finding at this index (start-chat-contact points at the one that says why). */
  finding(index: number | undefined): string | undefined;
}

/** Declare a doctor message by its template (its data is what the template takes). */
export function doctorMessage<D extends MessageData = Record<string, never>>(template: (data: D, w: DoctorWords) => DoctorText): Message<NoInfer<D>, DoctorWords, DoctorText> {
  return { template };
}

/** A doctor check's meta also says, in a phrase, what it checks: `doctor --help` lists these (src/cli/commands/doctor.ts). */
export type DoctorRule<Id extends string = string, M extends Messages = Messages> = Rule<Id, M, DoctorContext, undefined, never, CheckStatus> & {
  readonly meta: { readonly summary: string };
};

/** Declare a doctor check, keeping its id and message ids as literal types. */
export function defineDoctorCheck<const Id extends string, const M extends Messages>(check: DoctorRule<Id, M>): DoctorRule<Id, M> {
  return check;
}

/** The condition keys that tie a call to the backend's network. */
export const NETWORK_KEYS: readonly string[] = ['aws:sourcevpce', 'aws:sourcevpc', 'aws:sourceip', 'aws:vpcsourceip'];

/** Statements as data: their policies and Sids, in parallel lists. */
export type Statements = { policies: readonly string[]; sids: readonly string[] };

export function statementsData(statements: readonly ChatStatement[]): Statements {
  return { policies: statements.map((s) => s.policy), sids: statements.map((s) => s.statement) };
}

/** `Policy › Sid` for each statement of the data. */
export function statementNames(d: Statements): string[] {
  return d.policies.map((p, i) => `${p} › ${d.sids[i] ?? ''}`);
}
