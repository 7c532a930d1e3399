/**
 * Every JSON case table has one format per kind, a JSON schema in test/schemas/: the tests read their
 * tables through readTable(), and this file checks every table file is of a known kind and that the schemas
 * do reject malformed cases.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable, ROOT, tableErrors, type TableKind } from './schemas/tables.js';

/** Each table kind and the files that hold tables of that kind. */
const KINDS: readonly { readonly kind: TableKind; readonly dir: string; readonly files?: readonly string[] }[] = [
  { kind: 'engine-cases', dir: 'test/cases' },
  { kind: 'check-table', dir: 'test/checks' },
  { kind: 'lint-table', dir: 'test/fixtures/lint/cases' },
  { kind: 'doctor-table', dir: 'test/doctor' },
  { kind: 'proof-cases', dir: 'test/proof', files: ['cases.json'] },
  ...(['advice', 'cloudtrail', 'messages', 'pastes', 'requests', 'sdk-errors'] as const).map((kind) => ({ kind, dir: 'test/input/cases', files: [`${kind}.json`] })),
];

const jsonFiles = (dir: string): string[] => readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.json')).sort();
const read = (path: string): unknown => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));

describe('every case table follows the schema of its kind', () => {
  for (const { kind, dir, files } of KINDS) {
    for (const file of files ?? jsonFiles(dir)) {
      it(`${dir}/${file} (${kind})`, () => {
        expect(tableErrors(kind, read(`${dir}/${file}`))).toEqual([]);
      });
    }
  }

  it('every JSON file in a table folder is a table of a known kind', () => {
    for (const dir of new Set(KINDS.map((k) => k.dir))) {
      const known = KINDS.filter((k) => k.dir === dir).flatMap((k) => k.files ?? jsonFiles(dir));
      expect(jsonFiles(dir), dir).toEqual([...known].sort());
    }
  });
});

describe('a malformed case fails loudly', () => {
  const first = <T>(path: string): T => structuredClone((read(path) as T[])[0]!);

  it('a misspelled expectation in a check table', () => {
    const c = first<{ expect: Record<string, unknown> }>('test/checks/explicit-deny.json');
    c.expect['mesageId'] = c.expect['messageId'];
    expect(tableErrors('check-table', [c, c])).toContain('/0/expect must NOT have additional properties `mesageId`');
  });

  it('a check case that reports with no message id and data', () => {
    const c = { name: 'x', input: { message: 'm' }, expect: { reports: true } };
    expect(tableErrors('check-table', [c, c]).join('\n')).toMatch(/must have required property 'messageId'/);
  });

  it('an engine case with an unknown decision, one with neither decision nor error, one citing no AWS page', () => {
    const c = first<{ source: string; expect: Record<string, unknown> }>('test/cases/decision-order.json');
    expect(tableErrors('engine-cases', [{ ...c, expect: { ...c.expect, decision: 'deny' } }]).join('\n')).toMatch(/\/0\/expect\/decision must be equal to one of the allowed values/);
    expect(tableErrors('engine-cases', [{ ...c, expect: { deniedBy: [] } }]).join('\n')).toMatch(/must have required property 'decision'/);
    expect(tableErrors('engine-cases', [{ ...c, source: 'https://example.com/' }]).join('\n')).toMatch(/\/0\/source must match pattern/);
  });

  it('a lint case that is invalid but lists no findings', () => {
    const t = read('test/fixtures/lint/cases/wildcard-action.json') as { cases: unknown[] };
    expect(tableErrors('lint-table', { ...t, cases: [{ name: 'x', document: {} }, ...t.cases] }).join('\n')).toMatch(/\/cases\/0 must have required property 'expect'/);
  });

  it('a paste of an unknown kind', () => {
    const c = first<Record<string, unknown>>('test/input/cases/pastes.json');
    expect(tableErrors('pastes', [{ ...c, kind: 'yaml' }]).join('\n')).toMatch(/\/0\/kind must be equal to one of the allowed values/);
  });

  it('readTable names the file and the place', () => {
    expect(() => readTable('proof-cases', 'test/checks/explicit-deny.json')).toThrow(/^test\/checks\/explicit-deny\.json does not follow test\/schemas\/proof-cases\.schema\.json:\n {2}\/ must be object/);
  });
});
