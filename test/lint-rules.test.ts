/**
 * The table of every lint rule: test/fixtures/lint/cases/<rule>.json holds valid cases (the rule stays
 * silent) and invalid ones (exactly the findings listed: message id, pointer inside the document, and
 * where given the severity, the fix and message data). Every rule has a table, a docs page, and words
 * for every message id its cases produce.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PolicyType } from '../src/engine/types.js';
import { configFrom, type RawConfig } from '../src/lint/config.js';
import { lintPolicies, lintSource } from '../src/lint/lint.js';
import { typeOf, type LintPolicyType } from '../src/lint/policy-type.js';
import { sourceFromText } from '../src/lint/source.js';
import { RULE_METAS } from '../src/lint/rules/index.js';
import type { LintFinding, SourcePolicy } from '../src/lint/types.js';
import { lintMessage, RULE_HELP } from '../src/render/lint-text.js';
import { readTable } from './schemas/tables.js';

interface Expected {
  readonly messageId: string;
  readonly pointer: string;
  readonly severity?: 'error' | 'warning';
  readonly fix?: string | string[];
  readonly policy?: string;
  readonly data?: Record<string, unknown>;
  /** The line in the file (cases with a `file`). */
  readonly line?: number;
  /** Texts the finding's words contain (its rule's template, filled). */
  readonly includes?: readonly string[];
}
interface Case {
  readonly name: string;
  readonly valid?: boolean;
  readonly type?: PolicyType;
  /** A `--policy-type` (trust and key policies are resource policies with a holder). */
  readonly policyType?: LintPolicyType;
  readonly document?: unknown;
  readonly policies?: readonly { name: string; type?: PolicyType; scope?: string[]; document: unknown }[];
  readonly action?: string;
  /** `--context` for `action`. */
  readonly context?: Record<string, string | string[]>;
  /** A whole file (name and text), read as `whydenied lint` reads it: for suppressions. */
  readonly file?: { readonly name: string; readonly text: string };
  /** A configuration (whydenied.config.json's content). */
  readonly config?: RawConfig;
  readonly expect?: readonly Expected[];
}
interface Table {
  readonly rule: string;
  readonly description: string;
  readonly cases: readonly Case[];
}

const root = join(import.meta.dirname, '..');
const dir = join(root, 'test', 'fixtures', 'lint', 'cases');
const tables: Table[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => readTable<Table>('lint-table', `test/fixtures/lint/cases/${f}`));

async function run(c: Case, rule: string): Promise<LintFinding[]> {
  const config = c.config && configFrom(c.config, root);
  if (c.file) {
    const loaded = await sourceFromText(c.file.name, c.file.text, true);
    if (loaded.ok !== true) throw new Error(`${c.name}: ${JSON.stringify(loaded)}`);
    return lintSource(loaded.source, config ? { config } : {}).findings.filter((f) => f.rule === rule);
  }
  const sources: SourcePolicy[] = (c.policies ?? [{ name: 'policy', type: c.type, document: c.document }]).map((p) => ({
    ...(c.policyType ? typeOf(c.policyType) : { type: p.type ?? 'identity' }),
    name: p.name,
    document: p.document,
    pointer: '',
    embedded: false,
    scope: 'scope' in p && p.scope ? p.scope : ['case'],
  }));
  return lintPolicies('case.json', sources, { ...(c.action !== undefined && { action: c.action }), ...(c.context && { context: c.context }), ...(config && { config }) }).findings.filter((f) => f.rule === rule);
}

describe('every rule has a table, docs and words', () => {
  it('one table per rule, each with valid and invalid cases', () => {
    expect(tables.map((t) => t.rule).sort()).toEqual(RULE_METAS.map((m) => m.id).sort());
    for (const t of tables) {
      expect(t.cases.some((c) => c.valid), `${t.rule} has a valid case`).toBe(true);
      expect(t.cases.some((c) => !c.valid), `${t.rule} has an invalid case`).toBe(true);
    }
  });
  it.each(RULE_METAS.map((m) => [m.id, m] as const))('%s has its docs page and help', (_id, meta) => {
    expect(existsSync(join(root, meta.docs))).toBe(true);
    expect(readFileSync(join(root, meta.docs), 'utf8')).toContain(`# ${meta.id}`);
    expect(RULE_HELP[meta.id].length).toBeGreaterThan(20);
  });
  it.each(RULE_METAS.map((m) => [m.id, m] as const))('%s: every message id is expected by a case, and its words asserted by one', (id, meta) => {
    const expected = tables.filter((t) => t.rule === id).flatMap((t) => t.cases.flatMap((c) => c.expect ?? []));
    const declared = Object.keys(meta.messages);
    expect(declared.filter((m) => !expected.some((e) => e.messageId === m)), 'message ids no case expects').toEqual([]);
    expect(declared.filter((m) => !expected.some((e) => e.messageId === m && e.includes)), 'message ids whose words no case asserts (`includes`)').toEqual([]);
    expect(expected.filter((e) => !declared.includes(e.messageId)).map((e) => e.messageId), 'message ids the rule does not declare').toEqual([]);
  });
});

for (const table of tables) {
  const meta = RULE_METAS.find((m) => m.id === table.rule);
  describe(`${table.rule}: ${table.description}`, () => {
    for (const c of table.cases) {
      it(`${c.valid ? 'valid' : 'invalid'}: ${c.name}`, async () => {
        const findings = await run(c, table.rule);
        if (c.valid) {
          expect(findings.map((f) => `${f.messageId} ${f.location.documentPointer}: ${lintMessage(f)}`)).toEqual([]);
          return;
        }
        const expected = c.expect ?? [];
        expect(findings.map((f) => `${f.messageId} ${f.location.documentPointer}`)).toEqual(expected.map((e) => `${e.messageId} ${e.pointer}`));
        findings.forEach((f, i) => {
          const e = expected[i]!;
          expect(f.severity).toBe(e.severity ?? meta?.severity);
          if (e.fix !== undefined) expect(f.fix?.value).toEqual(e.fix);
          if (e.policy !== undefined) expect(f.location.policy).toBe(e.policy);
          if (e.data) expect(f.data).toMatchObject(e.data);
          if (e.line !== undefined) expect(f.location.line).toBe(e.line);
          // every message id has words (not the `rule: messageId` fallback)
          expect(lintMessage(f)).not.toBe(`${f.rule}: ${f.messageId}`);
          expect(lintMessage(f)).not.toMatch(/\bundefined\b|\[object Object\]/);
          for (const text of e.includes ?? []) expect(lintMessage(f)).toContain(text);
        });
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// However a value is written: `"Action": "x"` and `"Action": ["x"]` (the same for NotAction, Resource,
// NotResource and condition values) are one policy to AWS, so every rule must give the same findings for
// both, the list form pointing at the item.

const LIST_FIELDS = ['Action', 'NotAction', 'Resource', 'NotResource'];

/** The document with every string value of those fields as a one-element list; the pointers it changed. */
function asLists(document: unknown): { document: unknown; changed: Set<string> } {
  const changed = new Set<string>();
  const copy = structuredClone(document) as Record<string, unknown>;
  if (typeof copy !== 'object' || copy === null) return { document: copy, changed };
  const statements = copy['Statement'];
  const each = (s: unknown, pointer: string) => {
    if (typeof s !== 'object' || s === null || Array.isArray(s)) return;
    const st = s as Record<string, unknown>;
    for (const f of LIST_FIELDS) {
      if (typeof st[f] === 'string') {
        st[f] = [st[f]];
        changed.add(`${pointer}/${f}`);
      }
    }
    const condition = st['Condition'];
    if (typeof condition !== 'object' || condition === null) return;
    for (const [op, keys] of Object.entries(condition as Record<string, unknown>)) {
      if (typeof keys !== 'object' || keys === null) continue;
      for (const [k, v] of Object.entries(keys as Record<string, unknown>)) {
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
          (keys as Record<string, unknown>)[k] = [v];
          changed.add(`${pointer}/Condition/${op.replaceAll('~', '~0').replaceAll('/', '~1')}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`);
        }
      }
    }
  };
  if (Array.isArray(statements)) statements.forEach((s, i) => each(s, `/Statement/${i}`));
  else each(statements, '/Statement');
  return { document: copy, changed };
}

describe('one-element lists give the findings of the string form, for every case of every rule', () => {
  for (const table of tables) {
    const cases = table.cases.filter((c) => (c.policies ?? [{ document: c.document }]).some((p) => asLists(p.document).changed.size > 0));
    it.each(cases.map((c) => [table.rule, c.name, c] as const))('%s: %s', async (rule, _name, c) => {
      const changed = new Set<string>();
      const listed: Case = c.policies
        ? { ...c, policies: c.policies.map((p) => ({ ...p, document: asLists(p.document).document })) }
        : { ...c, document: asLists(c.document).document };
      for (const p of c.policies ?? [{ document: c.document }]) for (const x of asLists(p.document).changed) changed.add(x);
      // A finding about the value points at the item or (about the whole field) at the field: both are right.
      const show = (f: LintFinding) => {
        const pointer = f.location.documentPointer ?? '';
        const field = pointer.endsWith('/0') ? pointer.slice(0, -2) : undefined;
        return `${f.messageId} ${field !== undefined && changed.has(field) ? field : pointer} ${JSON.stringify(f.fix?.value ?? null)}`;
      };
      const [stringForm, listForm] = [await run(c, rule), await run(listed, rule)];
      expect(listForm.map(show)).toEqual(stringForm.map(show));
      if (!c.valid) expect(listForm).not.toEqual([]);
    });
  }
});
