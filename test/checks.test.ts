/**
 * One table per check (test/checks/<check-id>.json): inputs where the check must report (an AccessDenied
 * message, a scenario with its policies, or both) and inputs where it must stay silent. Each case runs
 * `explain()` as the CLI does (the message parsed with parseAccessDeniedText) and looks only at the
 * findings of that check: a case names the message id and data it expects, and may name texts its words
 * must contain (`includes`: the check's template, filled as the CLI does). The format is
 * test/schemas/check-table.schema.json. The repo tests keep checks, docs, tables and message ids in step:
 * every message id is produced by a case, and its words asserted by one.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../src/diagnosis/checks/index.js';
import { explain, type ExplainedFinding, type ExplainInput } from '../src/explain/explain.js';
import { parseAccessDeniedText } from '../src/input/access-denied-message.js';
import { findingJson, type FindingJson } from '../src/render/explanation.js';
import { readTable } from './schemas/tables.js';

const root = join(import.meta.dirname, '..');
const tables = join(root, 'test', 'checks');

interface CaseInput {
  /** AccessDenied text as pasted (bare message, CLI output, SDK log line). */
  readonly message?: string;
  /** Policies, and optionally the request (which then wins over the message's). */
  readonly scenario?: Record<string, unknown>;
  /** The resource, when the message does not show it. */
  readonly resource?: string;
}

interface CaseExpect {
  /** Whether the check reports anything for this input. */
  readonly reports: boolean;
  /** One finding of the check must have every field given below (all three are given when it reports). */
  readonly messageId?: string;
  /** The finding's data: exactly these fields, with these values. */
  readonly data?: Record<string, unknown>;
  readonly policyType?: string;
  readonly policy?: string;
  readonly statement?: string;
  readonly severity?: string;
  /** How many findings the check reports, when that matters. */
  readonly count?: number;
  /** Texts the words of that finding contain. */
  readonly includes?: readonly string[];
}

interface Case {
  readonly name: string;
  readonly input: CaseInput;
  readonly expect: CaseExpect;
}

function loadTable(id: string): Case[] {
  return readTable<Case[]>('check-table', `test/checks/${id}.json`);
}

function explainInput(input: CaseInput): ExplainInput {
  const parsed = input.message === undefined ? undefined : parseAccessDeniedText(input.message);
  if (parsed && !parsed.ok) throw new Error(`the case's message does not parse: ${JSON.stringify(parsed.reason)}`);
  return {
    ...(parsed?.ok && { denial: parsed.denial }),
    ...(input.scenario !== undefined && { scenario: structuredClone(input.scenario) }),
    ...(input.resource !== undefined && { resource: input.resource }),
  };
}

/** The check's findings as explain() returns them, each with its words. */
function run(id: string, input: CaseInput): FindingJson[] {
  const result = explain(explainInput(input));
  if (!result.ok) throw new Error(`explain() rejected the input: ${result.problems.map((p) => `${p.pointer} ${p.code}`).join('; ')}`);
  return result.explanation.findings.filter((f: ExplainedFinding) => f.check === id).map(findingJson);
}

/** The data as JSON has it (a field set to undefined is no field). */
function withoutUndefined(data: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
}

function matches(e: CaseExpect, f: FindingJson): boolean {
  return (
    (e.messageId === undefined || f.messageId === e.messageId) &&
    (e.policyType === undefined || f.policyType === e.policyType) &&
    (e.policy === undefined || f.policy === e.policy) &&
    (e.statement === undefined || f.statement === e.statement) &&
    (e.severity === undefined || f.severity === e.severity) &&
    (e.data === undefined || isDeepStrictEqual(withoutUndefined(f.data), e.data)) &&
    (e.includes ?? []).every((text) => f.message.includes(text))
  );
}

const ids = CHECKS.map((c) => c.meta.id);
const MESSAGE_IDS = Object.fromEntries(CHECKS.map((c) => [c.meta.id, Object.keys(c.meta.messages)]));

for (const id of ids) {
  describe(`check ${id}`, () => {
    const cases = existsSync(join(tables, `${id}.json`)) ? loadTable(id) : [];
    for (const c of cases) {
      it(`${c.expect.reports ? 'reports' : 'silent'}: ${c.name}`, () => {
        const shown = run(id, c.input);
        const seen = JSON.stringify(shown, null, 2);
        if (!c.expect.reports) {
          expect(shown, seen).toEqual([]);
          return;
        }
        expect(shown.length, seen).toBeGreaterThan(0);
        if (c.expect.count !== undefined) expect(shown.length, seen).toBe(c.expect.count);
        expect(
          shown.some((f) => matches(c.expect, f)),
          `no finding of ${id} has ${JSON.stringify({ ...c.expect, reports: undefined })}; found ${seen}`,
        ).toBe(true);
        for (const f of shown) expect(f.message).not.toMatch(/`undefined`|\bundefined\b|\[object Object\]/);
      });
    }
  });
}

describe('the checks, their docs and their tables', () => {
  it('registers every check once, in order, each with its page and a valid and an invalid case', () => {
    expect(new Set(ids).size).toBe(ids.length);
    const files = readdirSync(tables).filter((f) => f.endsWith('.json'));
    expect(files.map((f) => f.slice(0, -5)).sort()).toEqual([...ids].sort());
    for (const { meta: check } of CHECKS) {
      expect(check.docs).toBe(`docs/checks/${check.id}.md`);
      expect(existsSync(join(root, check.docs)), check.docs).toBe(true);
      expect(readFileSync(join(root, check.docs), 'utf8')).toContain(`# ${check.id}`);
      const cases = loadTable(check.id);
      expect(cases.some((c) => c.expect.reports === false), `${check.id}: a case where it stays silent`).toBe(true);
      expect(cases.some((c) => c.expect.reports === true), `${check.id}: a case where it reports`).toBe(true);
      expect(new Set(cases.map((c) => c.name)).size, `${check.id}: case names are unique`).toBe(cases.length);
    }
    expect(readdirSync(join(root, 'docs', 'checks')).map((f) => f.replace(/\.md$/, '')).sort()).toEqual([...ids].sort());
  });

  it('every message id of every check is produced by a case, and its words asserted by one', () => {
    const produced = new Map<string, Set<string>>(ids.map((id) => [id, new Set<string>()]));
    const worded = new Map<string, Set<string>>(ids.map((id) => [id, new Set<string>()]));
    for (const id of ids) {
      for (const c of loadTable(id)) {
        for (const f of run(id, c.input)) produced.get(f.check)!.add(f.messageId);
        if (c.expect.includes && c.expect.messageId) worded.get(id)!.add(c.expect.messageId);
      }
    }
    for (const id of ids) {
      const declared = MESSAGE_IDS[id]!;
      expect(declared.filter((m) => !produced.get(id)!.has(m)), `${id}: message ids no case produces`).toEqual([]);
      expect(declared.filter((m) => !worded.get(id)!.has(m)), `${id}: message ids whose words no case asserts (\`includes\`)`).toEqual([]);
      expect([...produced.get(id)!].filter((m) => !declared.includes(m)), `${id}: message ids its meta does not declare`).toEqual([]);
    }
  });
});
