/** A line diff of two texts (LCS), for showing a policy's new version beside the old. */
export function lineDiff(before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..]
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push(`  ${a[i]}`);
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) out.push(`- ${a[i++]}`);
    else out.push(`+ ${b[j++]}`);
  }
  return out.join('\n');
}

/** Lines of unchanged text shown around a change that is not inside a statement (Version...). */
const CONTEXT = 2;
/** In `JSON.stringify(document, null, 2)`, a statement of the `Statement` array opens and closes at four spaces. */
const STATEMENT_OPEN = /^ {4}\{$/;
const STATEMENT_CLOSE = /^ {4}\},?$/;

/**
 * The diff of two policy documents (pretty-printed JSON) as a reviewer wants it: each changed statement
 * whole, the document's first and last lines, and `...` (with how many statements) for every unchanged
 * run. A one-statement change to a 61-statement policy prints a dozen lines, not 700.
 */
export function policyChange(before: string, after: string): string {
  const lines = lineDiff(before, after).split('\n');
  const text = (i: number) => lines[i]!.slice(2);
  const changed = (i: number) => !lines[i]!.startsWith('  ');
  const keep = lines.map((_, i) => i < 3 || i >= lines.length - 2);
  // The statement a line is inside (from its `{` to its `}`), if any.
  const statementAround = (i: number): [number, number] | undefined => {
    let start = i;
    for (; start >= 0 && !STATEMENT_OPEN.test(text(start)); start--) if (start !== i && STATEMENT_CLOSE.test(text(start))) return undefined;
    let end = i;
    for (; end < lines.length && !STATEMENT_CLOSE.test(text(end)); end++) if (end !== i && STATEMENT_OPEN.test(text(end))) return undefined;
    return start >= 0 && end < lines.length ? [start, end] : undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    if (!changed(i)) continue;
    // `}` -> `},` when a statement is appended after it: the line itself is enough.
    const around = STATEMENT_CLOSE.test(text(i)) ? undefined : statementAround(i);
    const [from, to] = around ?? [Math.max(0, i - CONTEXT), Math.min(lines.length - 1, i + CONTEXT)];
    for (let k = from; k <= to; k++) keep[k] = true;
  }
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    if (keep[i]) {
      out.push(lines[i++]!);
      continue;
    }
    let j = i;
    while (j < lines.length && !keep[j]) j++;
    if (j - i === 1) out.push(lines[i]!);
    else {
      const statements = lines.slice(i, j).filter((l) => STATEMENT_OPEN.test(l.slice(2))).length;
      out.push(`      ...${statements > 0 ? ` (${statements} unchanged statement${statements === 1 ? '' : 's'})` : ''}`);
    }
    i = j;
  }
  return out.join('\n');
}
