/**
 * The case tables' formats: one JSON schema per table kind (the *.schema.json files here). A table is read
 * through `readTable`, so a misspelled field, a wrong type or a missing expectation stops the test file
 * with the file and the place, instead of making a case that silently checks nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';

export const ROOT = join(import.meta.dirname, '..', '..');

export type TableKind =
  | 'engine-cases' | 'check-table' | 'lint-table' | 'doctor-table' | 'proof-cases'
  | 'advice' | 'cloudtrail' | 'messages' | 'pastes' | 'requests' | 'sdk-errors';

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
for (const f of readdirSync(import.meta.dirname).filter((n) => n.endsWith('.schema.json'))) {
  ajv.addSchema(JSON.parse(readFileSync(join(import.meta.dirname, f), 'utf8')) as object);
}

export function validator(kind: TableKind): ValidateFunction {
  return ajv.getSchema(`${kind}.schema.json`)!;
}

/** What is wrong with a table, in words (empty: nothing). */
export function tableErrors(kind: TableKind, table: unknown): string[] {
  const validate = validator(kind);
  if (validate(table)) return [];
  return (validate.errors ?? []).map((e) => {
    const extra = 'additionalProperty' in e.params ? ` \`${String(e.params['additionalProperty'])}\`` : '';
    return `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${extra}`;
  });
}

/** A table file (path from the repository root), checked against its kind's schema. */
export function readTable<T>(kind: TableKind, path: string): T {
  const table: unknown = JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
  const errors = tableErrors(kind, table);
  if (errors.length > 0) throw new Error(`${path} does not follow test/schemas/${kind}.schema.json:\n  ${errors.join('\n  ')}`);
  return table as T;
}
