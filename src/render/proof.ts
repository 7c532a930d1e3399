/** `whydenied diff`: the verdict and each difference with the statement responsible, in words. */
import type { Because, Difference, DiffResult } from '../proof/diff.js';
import type { ClassBound, Undecided, UndecidedMessageId, UndecidedReason } from '../proof/undecided.js';
import type { Style } from './style.js';

const BOUND: Readonly<Record<ClassBound['kind'], string>> = { states: 'automaton states', steps: 'steps', work: 'pattern positions visited' };
const bound = (b: ClassBound) => `more than ${b.max} ${BOUND[b.kind]}`;

/** The words of each reason the proof (or a feature running it) gives for not being exact. */
const UNDECIDED: { readonly [K in UndecidedMessageId]: (data: Extract<UndecidedReason, { messageId: K }>['data']) => string } = {
  policyVariable: (d) => `policy variable \${${d.variable}} was compared for one value and for its absence, not for every value`,
  operatorKinds: (d) => `compared with operators of several kinds (${d.kinds.join(', ')}): the values tried may not cover every case`,
  valuesTooMany: (d) => `the values are too many or too long to compare exactly (${bound(d.bound)}); the values' own texts were tried`,
  resourcesTooMany: (d) => `the resource patterns are too many to compare exactly (${bound(d.bound)}); the patterns' own texts were tried`,
  valueSetsBounded: (d) => `multivalued key with ${d.classes} classes of values: sets of at most ${d.size} tried`,
  principalArnUncovered: (d) => `a class of aws:PrincipalArn values (such as \`${d.example}\`) holds no caller tried: it may hold principals not compared`,
  searchStopped: (d) => `more than ${d.maxClasses} classes of requests: the search stopped before the end`,
  unconfirmed: () => 'the engine does not confirm a difference the search found (a bug in whydenied: please report it)',
  fixOutsideStatement: () => 'the fix is not inside a statement',
  fixDoesNotParse: () => 'the fixed statement does not parse',
  proofFailed: (d) => d.error,
};

/** Why the answer is not exact, in words. */
export function undecidedReason(u: UndecidedReason): string {
  return (UNDECIDED[u.messageId] as (data: UndecidedReason['data']) => string)(u.data);
}

/** One reason on one line: what it concerns, then why. */
export function undecidedLine(u: Undecided): string {
  return `${u.subject !== undefined ? `${u.subject}: ` : ''}${undecidedReason(u)}`;
}

/** A reason in JSON: its words (`reason`) beside its id and data. */
export function undecidedJson(u: Undecided): { reason: string; subject?: string; messageId: UndecidedMessageId; data: UndecidedReason['data'] } {
  return { reason: undecidedReason(u), ...(u.subject !== undefined && { subject: u.subject }), messageId: u.messageId, data: u.data };
}

/**
 * A feature's `undecided` list in JSON (a fix's verification, a lint suggestion, a generated policy's proof):
 * its lines as before, and, when there are any, each reason's id and data (`undecidedReasons`).
 */
export function undecidedFields(list: readonly Undecided[]): { undecided: string[]; undecidedReasons?: ReturnType<typeof undecidedJson>[] } {
  return { undecided: list.map(undecidedLine), ...(list.length > 0 && { undecidedReasons: list.map(undecidedJson) }) };
}

/** `whydenied diff --json` (and the MCP tool): the result, each undecided reason with its words. */
export function diffJson(result: DiffResult): Omit<DiffResult, 'undecided'> & { undecided: ReturnType<typeof undecidedJson>[] } {
  return { ...result, undecided: result.undecided.map(undecidedJson) };
}

export interface DiffLocation {
  /** File and line of a statement, when known. */
  (because: Because): string | undefined;
}

function contextWords(context: Difference['context']): string {
  const entries = Object.entries(context);
  if (entries.length === 0) return '';
  return ` with ${entries.map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(', ')}]` : String(v)}`).join(', ')}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Why, in words: which statement, and what about it changed between OLD and NEW. */
export function becauseWords(b: Because, gained: boolean): string {
  const who = `${b.policy !== undefined ? `${b.policy} ` : ''}${b.effect} statement ${b.statement}`;
  const element = b.element === 'Condition' && b.condition !== undefined ? `its condition ${b.condition}` : `its ${b.element}`;
  if (b.element === 'Statement') {
    // Allow gained / Deny lost: the statement exists only on the side where it matches.
    if (b.effect === 'Allow') return `${who} is ${gained ? 'new' : 'removed'}`;
    return `${who} is ${gained ? 'removed' : 'new'}`;
  }
  if (b.element === 'Effect') return `${who}: its Effect changed`;
  // The statement matches on one side; on the other, `element` is what did not match.
  if (b.effect === 'Allow') return gained ? `${who}: ${element} now matches (it did not in OLD)` : `${who}: ${element} no longer matches`;
  return gained ? `${who}: ${element} no longer matches` : `${who}: ${element} now matches (it did not in OLD)`;
}

function differenceLines(d: Difference, sign: string, gained: boolean, style: Style, where: DiffLocation): string[] {
  const at = where(d.because);
  const lines = [`  ${sign} ${style.bold(d.action)} on ${d.resource}${contextWords(d.context)}`, `      ${becauseWords(d.because, gained)}${at ? ` (${at})` : ''}`];
  if (d.similar > 0) lines.push(style.dim(`      and ${plural(d.similar, 'other class', 'other classes')} of requests for the same reason`));
  return lines;
}

export function renderDiff(result: DiffResult, style: Style, where: DiffLocation = () => undefined): string {
  const out: string[] = [];
  const proven = result.undecided.length === 0;
  if (result.broader) {
    const n = result.newlyAllowed.length + result.futureActions.length;
    out.push(style.red(`NEW grants more: ${plural(n, 'difference')} that OLD does not allow`));
  } else if (proven) out.push(style.green('NEW grants no access that OLD did not'));
  else out.push(style.yellow('Not proven: no request NEW allows and OLD does not was found, but some cases could not be decided'));
  for (const d of result.newlyAllowed) out.push(...differenceLines(d, '+', true, style, where));
  if (result.futureActions.length > 0) {
    out.push('', 'Actions AWS may add later (not in the catalog yet) that NEW allows and OLD does not:');
    for (const d of result.futureActions) out.push(...differenceLines({ ...d, action: `${d.action} (for example)` }, '+', true, style, where));
  }
  if (result.newlyDenied.length > 0) {
    out.push('', `NEW also denies ${plural(result.newlyDenied.length, 'kind')} of request that OLD allowed:`);
    for (const d of result.newlyDenied) out.push(...differenceLines(d, '-', false, style, where));
  }
  if (!proven) {
    out.push('', style.yellow('Not decided exactly:'));
    for (const u of result.undecided) out.push(`  ? ${undecidedLine(u)}`);
  }
  return `${out.join('\n')}\n`;
}
