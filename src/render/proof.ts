/** `whydenied diff`: the verdict and each difference with the statement responsible, in words. */
import type { Because, Difference, DiffResult } from '../proof/diff.js';
import type { Style } from './style.js';

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
    for (const u of result.undecided) out.push(`  ? ${u.subject !== undefined ? `${u.subject}: ` : ''}${u.reason}`);
  }
  return `${out.join('\n')}\n`;
}
