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
import { lintPolicies } from '../src/lint/lint.js';
import { RULE_METAS } from '../src/lint/rules/index.js';
import type { LintFinding, SourcePolicy } from '../src/lint/types.js';
import { lintMessage, RULE_HELP } from '../src/render/lint-text.js';

interface Expected {
  readonly messageId: string;
  readonly pointer: string;
  readonly severity?: 'error' | 'warning';
  readonly fix?: string | string[];
  readonly policy?: string;
  readonly data?: Record<string, unknown>;
}
interface Case {
  readonly name: string;
  readonly valid?: boolean;
  readonly type?: PolicyType;
  readonly document?: unknown;
  readonly policies?: readonly { name: string; type?: PolicyType; scope?: string[]; document: unknown }[];
  readonly action?: string;
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
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Table);

function run(c: Case, rule: string): LintFinding[] {
  const sources: SourcePolicy[] = (c.policies ?? [{ name: 'policy', type: c.type, document: c.document }]).map((p) => ({
    type: p.type ?? 'identity',
    name: p.name,
    document: p.document,
    pointer: '',
    embedded: false,
    scope: 'scope' in p && p.scope ? p.scope : ['case'],
  }));
  return lintPolicies('case.json', sources, c.action === undefined ? {} : { action: c.action }).findings.filter((f) => f.rule === rule);
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
});

for (const table of tables) {
  const meta = RULE_METAS.find((m) => m.id === table.rule);
  describe(`${table.rule}: ${table.description}`, () => {
    for (const c of table.cases) {
      it(`${c.valid ? 'valid' : 'invalid'}: ${c.name}`, () => {
        const findings = run(c, table.rule);
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
          // every message id has words (not the `rule: messageId` fallback)
          expect(lintMessage(f)).not.toBe(`${f.rule}: ${f.messageId}`);
          expect(lintMessage(f)).not.toContain('undefined');
        });
      });
    }
  });
}
