/**
 * One table per check (test/checks/<check-id>.json): inputs where the check must report (an AccessDenied
 * message, a scenario with its policies, or both) and inputs where it must stay silent. Each case runs
 * `explain()` as the CLI does (the message parsed with parseAccessDeniedText) and looks only at the
 * findings of that check. The repo tests keep checks, docs, tables and message ids in step.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { Check, DiagnosisContext, Finding } from '../src/diagnosis/check.js';
import { CHECKS } from '../src/diagnosis/checks/index.js';
import { explain, type ExplainedFinding, type ExplainInput } from '../src/explain.js';
import { parseAccessDeniedText } from '../src/input/access-denied-message.js';
import { MESSAGE_IDS } from '../src/render/findings.js';

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
  /** One finding of the check must have every field given below, and its message every text listed. */
  readonly messageIncludes?: readonly string[];
  readonly messageId?: string;
  readonly policyType?: string;
  readonly policy?: string;
  readonly statement?: string;
  readonly severity?: string;
  /** How many findings the check reports, when that matters. */
  readonly count?: number;
}

interface Case {
  readonly name: string;
  readonly input: CaseInput;
  readonly expect: CaseExpect;
}

interface Outcome {
  /** The check's findings as explain() shows them. */
  readonly shown: readonly ExplainedFinding[];
  /** The same findings as the check returned them (with their message ids). */
  readonly raw: readonly Finding[];
}

function loadTable(id: string): Case[] {
  return JSON.parse(readFileSync(join(tables, `${id}.json`), 'utf8')) as Case[];
}

// Spy on every check's run() to see the message ids behind explain()'s rendered findings.
const spies = new Map<string, MockInstance<(ctx: DiagnosisContext) => Finding[]>>();
beforeAll(() => {
  for (const check of CHECKS) spies.set(check.id, vi.spyOn(check as Check, 'run'));
});
afterAll(() => vi.restoreAllMocks());

function explainInput(input: CaseInput): ExplainInput {
  const parsed = input.message === undefined ? undefined : parseAccessDeniedText(input.message);
  if (parsed && !parsed.ok) throw new Error(`the case's message does not parse: ${parsed.message}`);
  return {
    ...(parsed?.ok && { denial: parsed.denial }),
    ...(input.scenario !== undefined && { scenario: structuredClone(input.scenario) }),
    ...(input.resource !== undefined && { resource: input.resource }),
  };
}

function run(id: string, input: CaseInput): Outcome {
  const spy = spies.get(id)!;
  spy.mockClear();
  const result = explain(explainInput(input));
  if (!result.ok) throw new Error(`explain() rejected the input: ${result.problems.map((p) => `${p.pointer} ${p.message}`).join('; ')}`);
  const raw = spy.mock.results.flatMap((r) => (r.type === 'return' ? (r.value as Finding[]) : []));
  return { shown: result.explanation.findings.filter((f) => f.check === id), raw };
}

function matches(e: CaseExpect, shown: ExplainedFinding, raw: Finding | undefined): boolean {
  return (
    (e.messageId === undefined || raw?.messageId === e.messageId) &&
    (e.policyType === undefined || shown.policyType === e.policyType) &&
    (e.policy === undefined || shown.policy === e.policy) &&
    (e.statement === undefined || shown.statement === e.statement) &&
    (e.severity === undefined || shown.severity === e.severity) &&
    (e.messageIncludes ?? []).every((text) => shown.message.includes(text))
  );
}

const ids = CHECKS.map((c) => c.id);

for (const id of ids) {
  describe(`check ${id}`, () => {
    const cases = existsSync(join(tables, `${id}.json`)) ? loadTable(id) : [];
    for (const c of cases) {
      it(`${c.expect.reports ? 'reports' : 'silent'}: ${c.name}`, () => {
        const { shown, raw } = run(id, c.input);
        const seen = JSON.stringify(shown.map((f, i) => ({ ...f, messageId: raw[i]?.messageId })), null, 2);
        expect(raw.length, 'explain() shows exactly the findings the check returned').toBe(shown.length);
        if (!c.expect.reports) {
          expect(shown, seen).toEqual([]);
          return;
        }
        expect(shown.length, seen).toBeGreaterThan(0);
        if (c.expect.count !== undefined) expect(shown.length, seen).toBe(c.expect.count);
        expect(
          shown.some((f, i) => matches(c.expect, f, raw[i])),
          `no finding of ${id} has ${JSON.stringify({ ...c.expect, reports: undefined })}; found ${seen}`,
        ).toBe(true);
        for (const f of shown) {
          expect(f.message.startsWith(`${id}: `), `a rendered message, not the fallback: ${f.message}`).toBe(false);
          expect(f.message).not.toMatch(/`undefined`|\bundefined\b|\[object Object\]/);
        }
      });
    }
  });
}

describe('the checks, their docs and their tables', () => {
  it('registers every check once, in order, each with its page and a valid and an invalid case', () => {
    expect(new Set(ids).size).toBe(ids.length);
    const files = readdirSync(tables).filter((f) => f.endsWith('.json'));
    expect(files.map((f) => f.slice(0, -5)).sort()).toEqual([...ids].sort());
    for (const check of CHECKS) {
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

  it('has a message for every id a check reports, and a case that produces each message id', () => {
    expect(Object.keys(MESSAGE_IDS).sort()).toEqual([...ids].sort());
    const produced = new Map<string, Set<string>>(ids.map((id) => [id, new Set<string>()]));
    for (const id of ids) {
      for (const c of loadTable(id)) {
        for (const f of run(id, c.input).raw) produced.get(f.check)!.add(f.messageId);
      }
    }
    for (const id of ids) {
      const declared = MESSAGE_IDS[id as keyof typeof MESSAGE_IDS];
      const missing = declared.filter((m) => !produced.get(id)!.has(m));
      expect(missing, `${id}: message ids no case produces`).toEqual([]);
      const unknown = [...produced.get(id)!].filter((m) => !declared.includes(m));
      expect(unknown, `${id}: message ids with no words in src/render/findings.ts`).toEqual([]);
    }
  });
});
