/**
 * Findings accepted on purpose, each with a reason, written where the deployed document is not changed:
 * - YAML (policies, templates): a comment `# whydenied-disable RULE[, RULE] -- REASON`, alone on the line
 *   above a node (a statement, a value) or at the end of the node's first line: it covers that node.
 * - CloudFormation (JSON or YAML): the resource's `Metadata: { whydenied: { suppress: [{ rule, reason,
 *   statement? }] } }`, the place cfn-lint and cfn_nag also read: it covers the resource's policies.
 * - JSON policy documents have no comments and no room for a key AWS would not reject: the configuration's
 *   `suppress` (configSuppressions in ./config.ts) names the files.
 * A suppression without a reason, for a rule that does not exist, or that suppresses nothing is itself a
 * finding (invalid-suppression), which no suppression hides.
 */
import { basename } from 'node:path';
import { at, suggestion } from '../policy/problems.js';
import { RULE_METAS } from './rules/index.js';
import { invalidSuppressionMeta, type SuppressionShape } from './rules/invalid-suppression.js';
import type { Range } from './source.js';
import type { DataOf } from '../diagnosis/rule.js';
import type { LintFinding, SuppressedFinding } from './types.js';
import { own } from '../own.js';

export interface Suppression {
  readonly rules: readonly string[];
  readonly reason: string | undefined;
  /** inSource: written in the file; external: in the configuration. */
  readonly kind: 'inSource' | 'external';
  /** Where it is written, for its own findings. */
  readonly place: { readonly file: string; readonly pointer: string; readonly policy: string; readonly line?: number; readonly column?: number };
  /** It covers findings at or under this pointer of the file. */
  readonly pointer?: string;
  /** ...in this statement (Sid, else index). */
  readonly statement?: string;
  /** ...on these lines. */
  readonly lines?: { readonly from: number; readonly to: number };
  /** A suppression that cannot be read (which shape it misses): its finding instead of suppressing. */
  readonly malformed?: SuppressionShape;
}

const RULE_IDS: ReadonlySet<string> = new Set(RULE_METAS.map((m) => m.id));
const COMMENT = /(?:^|\s)#\s*whydenied-disable\b(.*)$/;

const indent = (line: string) => line.length - line.trimStart().length;
const isBlankOrComment = (line: string) => /^\s*(#.*)?$/.test(line);

/** `# whydenied-disable RULE[, RULE] -- REASON` comments of a YAML text, each with the lines it covers. */
export function yamlSuppressions(file: string, text: string): Suppression[] {
  const lines = text.split(/\r?\n/);
  const out: Suppression[] = [];
  lines.forEach((line, i) => {
    const m = COMMENT.exec(line);
    if (!m) return;
    const [rulesText = '', ...reasonParts] = m[1]!.split('--');
    const reason = reasonParts.join('--').trim();
    const rules = rulesText
      .split(/[\s,]+/)
      .map((r) => r.trim())
      .filter(Boolean);
    const trailing = line.slice(0, m.index).trim() !== '';
    let start = i;
    if (!trailing) while (start < lines.length && isBlankOrComment(lines[start]!)) start++;
    let end = start;
    if (start < lines.length) {
      const base = indent(lines[start]!);
      for (let j = start + 1; j < lines.length; j++) {
        if (isBlankOrComment(lines[j]!)) continue;
        if (indent(lines[j]!) <= base) break;
        end = j;
      }
    }
    out.push({
      rules,
      reason: reason === '' ? undefined : reason,
      kind: 'inSource',
      place: { file, pointer: '', policy: basename(file), line: i + 1, column: line.indexOf('#') + 1 },
      lines: { from: start + 1, to: end + 1 },
    });
  });
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `Metadata.whydenied.suppress` of every resource of a CloudFormation template. */
export function cloudFormationSuppressions(file: string, template: Record<string, unknown>, locate: (pointer: string) => Range | undefined): Suppression[] {
  const resources = isObject(template['Resources']) ? template['Resources'] : {};
  const out: Suppression[] = [];
  for (const [id, resource] of Object.entries(resources)) {
    if (!isObject(resource) || !isObject(resource['Metadata'])) continue;
    const mine = own(resource['Metadata'], 'whydenied');
    if (mine === undefined) continue;
    const base = at(at(at('/Resources', id), 'Metadata'), 'whydenied');
    const place = (pointer: string) => {
      const r = locate(pointer);
      return { file, pointer, policy: id, ...(r && { line: r.line, column: r.column }) };
    };
    const list = isObject(mine) ? mine['suppress'] : undefined;
    if (!Array.isArray(list)) {
      out.push({ rules: [], reason: undefined, kind: 'inSource', place: place(base), malformed: 'metadata' });
      continue;
    }
    list.forEach((entry, i) => {
      const pointer = at(at(base, 'suppress'), i);
      const e = isObject(entry) ? entry : {};
      const rule = e['rule'];
      const statement = e['statement'];
      if (typeof rule !== 'string' || (statement !== undefined && typeof statement !== 'string' && typeof statement !== 'number')) {
        out.push({ rules: [], reason: undefined, kind: 'inSource', place: place(pointer), malformed: 'entry' });
        return;
      }
      const reason = typeof e['reason'] === 'string' && e['reason'].trim() !== '' ? e['reason'].trim() : undefined;
      out.push({ rules: [rule], reason, kind: 'inSource', place: place(pointer), pointer: at('/Resources', id), ...(statement !== undefined && { statement: String(statement) }) });
    });
  }
  return out;
}

function covers(s: Suppression, f: LintFinding): boolean {
  if (!s.rules.includes(f.rule)) return false;
  if (s.pointer !== undefined && f.location.pointer !== s.pointer && !f.location.pointer.startsWith(`${s.pointer}/`)) return false;
  if (s.statement !== undefined && f.location.statement !== s.statement) return false;
  if (s.lines && (f.location.line === undefined || f.location.line < s.lines.from || f.location.line > s.lines.to)) return false;
  return true;
}

type SuppressionMessages = typeof invalidSuppressionMeta.messages;

function problem<K extends keyof SuppressionMessages>(s: Suppression, messageId: K, data: DataOf<SuppressionMessages[K]>, severity: LintFinding['severity'] = 'error'): LintFinding {
  return {
    rule: invalidSuppressionMeta.id,
    severity,
    messageId,
    data,
    location: { file: s.place.file, policy: s.place.policy, pointer: s.place.pointer, documentPointer: '', ...(s.place.line !== undefined && { line: s.place.line, column: s.place.column ?? 1 }) },
  } as LintFinding; // K and its data are one of invalid-suppression's messages
}

/**
 * The findings left, the ones suppressed (with the reason), and the findings about the suppressions
 * themselves. A suppression without a reason still suppresses: its own finding is what fails the gate.
 */
export function applySuppressions(
  findings: readonly LintFinding[],
  suppressions: readonly Suppression[],
  rulesOff: ReadonlySet<string>,
): { kept: LintFinding[]; suppressed: SuppressedFinding[]; problems: LintFinding[] } {
  const problems: LintFinding[] = [];
  const valid = suppressions.filter((s) => {
    if (s.malformed !== undefined) problems.push(problem(s, 'malformed', { shape: s.malformed }));
    else if (s.rules.length === 0) problems.push(problem(s, 'malformed', { shape: 'comment' }));
    else {
      const unknown = s.rules.find((r) => !RULE_IDS.has(r));
      if (unknown !== undefined) problems.push(problem(s, 'unknownRule', { rule: unknown, suggestion: suggestion(unknown, RULE_IDS)?.suggestion }));
      else {
        if (s.reason === undefined) problems.push(problem(s, 'noReason', { rules: s.rules }));
        return true;
      }
    }
    return false;
  });
  const used = new Set<Suppression>();
  const kept: LintFinding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const f of findings) {
    const s = f.rule === invalidSuppressionMeta.id ? undefined : valid.find((v) => covers(v, f));
    if (!s) kept.push(f);
    else {
      used.add(s);
      suppressed.push({ finding: f, kind: s.kind, ...(s.reason !== undefined && { reason: s.reason }) });
    }
  }
  for (const s of valid) if (!used.has(s) && s.kind === 'inSource' && !s.rules.every((r) => rulesOff.has(r))) problems.push(problem(s, 'unused', { rules: s.rules }, 'warning'));
  return { kept, suppressed, problems };
}
