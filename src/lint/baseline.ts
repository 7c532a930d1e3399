/**
 * A baseline: the findings a repository already has, accepted so a team can adopt lint on an old
 * repository and fail only on new ones. A finding is known by its file (relative to the baseline's
 * folder), rule, message id, resource, policy, statement (Sid, else index) and place inside the statement:
 * no line numbers, so edits elsewhere in the file keep it matched. Each key holds a count: a second
 * identical finding is new.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { readBounded, systemProblem } from '../input/document-file.js';
import { inputProblem, type InputProblem } from '../input/input-problems.js';
import type { LintFinding } from './types.js';

export interface BaselineEntry {
  readonly file: string;
  readonly rule: string;
  readonly messageId: string;
  readonly resource?: string;
  readonly policy: string;
  readonly statement?: string;
  /** The place inside the statement (inside the document when the finding is in no statement). */
  readonly pointer: string;
  readonly count: number;
}

export interface Baseline {
  /** File paths are relative to this folder. */
  readonly root: string;
  readonly counts: ReadonlyMap<string, number>;
}

const FIELDS = ['file', 'rule', 'messageId', 'resource', 'policy', 'statement', 'pointer'] as const;

function entryOf(f: LintFinding, root: string): Omit<BaselineEntry, 'count'> {
  const rel = relative(root, resolve(f.location.file)).split(sep).join('/');
  const inner = f.location.statement !== undefined ? f.location.documentPointer.replace(/^\/Statement(\/\d+)?/, '') : f.location.documentPointer || f.location.pointer;
  return {
    file: rel,
    rule: f.rule,
    messageId: f.messageId,
    ...(f.location.resource !== undefined && { resource: f.location.resource }),
    policy: f.location.policy,
    ...(f.location.statement !== undefined && { statement: f.location.statement }),
    pointer: inner,
  };
}

const keyOf = (e: Omit<BaselineEntry, 'count'>) => JSON.stringify(FIELDS.map((k) => e[k] ?? null));

/** The findings the baseline accepts, and the rest. */
export function applyBaseline(findings: readonly LintFinding[], baseline: Baseline): { kept: LintFinding[]; accepted: LintFinding[] } {
  const left = new Map(baseline.counts);
  const kept: LintFinding[] = [];
  const accepted: LintFinding[] = [];
  for (const f of findings) {
    const key = keyOf(entryOf(f, baseline.root));
    const n = left.get(key) ?? 0;
    if (n > 0) {
      left.set(key, n - 1);
      accepted.push(f);
    } else kept.push(f);
  }
  return { kept, accepted };
}

/** The baseline file's content for these findings (sorted, so it diffs well). */
export function baselineText(findings: readonly LintFinding[], path: string): string {
  const root = dirname(resolve(path));
  const counts = new Map<string, { entry: Omit<BaselineEntry, 'count'>; count: number }>();
  for (const f of findings) {
    const entry = entryOf(f, root);
    const key = keyOf(entry);
    const seen = counts.get(key);
    if (seen) seen.count++;
    else counts.set(key, { entry, count: 1 });
  }
  const entries = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => ({ ...v.entry, count: v.count }));
  return `${JSON.stringify({ version: 1, tool: 'whydenied lint', findings: entries }, null, 2)}\n`;
}

/** Write the baseline whole or not at all (a temporary file renamed over the target). */
export async function writeBaseline(path: string, findings: readonly LintFinding[]): Promise<InputProblem | undefined> {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temp, baselineText(findings, path), { flag: 'wx' });
    await rename(temp, path);
    return undefined;
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    const code = (e as NodeJS.ErrnoException).code;
    return inputProblem(path, 'notWritable', code === undefined ? {} : { code });
  }
}

/** Read a baseline; a missing, malformed or foreign file is one problem naming the file and the place. */
export async function readBaseline(path: string): Promise<{ ok: true; baseline: Baseline } | { ok: false; problem: InputProblem }> {
  let text: string;
  try {
    text = (await readBounded(path)).toString('utf8');
  } catch (e) {
    return { ok: false, problem: systemProblem(path, (e as NodeJS.ErrnoException).code, 'baseline') };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: inputProblem(path, 'baselineNotJson', {}) };
  }
  const list = typeof value === 'object' && value !== null && (value as { version?: unknown }).version === 1 ? (value as { findings?: unknown }).findings : undefined;
  if (!Array.isArray(list)) return { ok: false, problem: inputProblem(path, 'notBaseline', {}) };
  const counts = new Map<string, number>();
  for (const [i, raw] of list.entries()) {
    if (typeof raw !== 'object' || raw === null) return { ok: false, problem: inputProblem(path, 'baselineEntryShape', { index: i }) };
    const e = raw as Partial<Record<(typeof FIELDS)[number], unknown>> & { count?: unknown };
    const bad = FIELDS.find((k) => (k === 'resource' || k === 'statement' ? e[k] !== undefined && typeof e[k] !== 'string' : typeof e[k] !== 'string'));
    if (bad !== undefined || !Number.isInteger(e.count) || (e.count as number) < 1) {
      return { ok: false, problem: bad !== undefined ? inputProblem(path, 'baselineFieldNotText', { index: i, field: bad }) : inputProblem(path, 'baselineCount', { index: i }) };
    }
    const key = keyOf(e as unknown as BaselineEntry);
    counts.set(key, (counts.get(key) ?? 0) + (e.count as number));
  }
  return { ok: true, baseline: { root: dirname(resolve(path)), counts } };
}
