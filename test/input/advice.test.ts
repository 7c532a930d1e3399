/**
 * Advice that is right or silent: test/input/cases/advice.json, one case per rule of issue #12, each saying
 * what the explanation must and must not suggest (causes, commands, fixes and where they go, exit status).
 */
import { describe, expect, it } from 'vitest';
import type { Explanation } from '../../src/explain/explain.js';
import { explain, parseDenialInput, denialFromJson } from '../../src/index.js';
import { renderExplanation } from '../../src/render/explanation.js';
import { plain } from '../../src/render/style.js';
import { loadCases } from './table.js';

interface FixExpectation {
  readonly target?: string;
  readonly change?: string;
  readonly reason?: string;
  readonly verified?: boolean;
  /** A Principal.AWS the fix's statement names. */
  readonly principal?: string;
  /** Resources the fix's statements name. */
  readonly resources?: readonly string[];
}

interface Case {
  readonly name: string;
  readonly rule: string;
  readonly source: string;
  readonly input: { readonly text?: string; readonly event?: unknown; readonly scenario?: Record<string, unknown> };
  readonly must?: {
    readonly determined?: boolean;
    readonly checks?: readonly string[];
    readonly maxSeverity?: 'warning' | 'info';
    /** The first likely causes, in order (`[]`: none at all). */
    readonly likelyCauses?: readonly string[];
    readonly commandsInclude?: readonly string[];
    readonly outputIncludes?: readonly string[];
    readonly fix?: FixExpectation;
    readonly request?: Record<string, unknown>;
    /** Every resource any fix names (none on `*`). */
    readonly fixResources?: readonly string[];
  };
  readonly mustNot?: {
    readonly checks?: readonly string[];
    readonly likelyCauses?: readonly string[];
    /** Prefixes no command may start with (`aws iam get-`). */
    readonly commandsStartWith?: readonly string[];
    readonly outputIncludes?: readonly string[];
    /** No fix at all. */
    readonly fixes?: boolean;
    readonly fixResource?: string;
    readonly fixTarget?: string;
  };
}

function explained(c: Case): Explanation {
  const read = c.input.event !== undefined ? denialFromJson({ Records: [c.input.event] }) : parseDenialInput(c.input.text ?? '');
  if (!read.ok) throw new Error(JSON.stringify(read.reason));
  const result = explain({ denial: read.denial, ...(c.input.scenario && { scenario: c.input.scenario }) });
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.pointer}: ${p.code}`).join('; '));
  return result.explanation;
}

const statementsOf = (fix: Explanation['fixes'][number]) => fix.document.Statement;
const resourcesOf = (fix: Explanation['fixes'][number]) => statementsOf(fix).flatMap((s) => [s['Resource'] ?? []].flat() as string[]);

describe('advice.json', () => {
  for (const c of loadCases<Case>('advice.json')) {
    it(`${c.rule}: ${c.name}`, () => {
      const e = explained(c);
      const output = `${renderExplanation(e, 'json', plain)}\n${JSON.stringify(e)}`;
      const causes = e.messageOnly?.likelyCauses ?? [];
      const commands = e.messageOnly?.commands ?? [];
      const checks = e.findings.map((f) => f.check);
      const m = c.must ?? {};
      if (m.determined !== undefined) expect(e.determined, output).toBe(m.determined);
      for (const check of m.checks ?? []) expect(checks).toContain(check);
      if (m.maxSeverity) expect(e.findings.filter((f) => f.severity === 'error')).toEqual([]);
      if (m.likelyCauses) expect(m.likelyCauses.length === 0 ? causes : causes.slice(0, m.likelyCauses.length)).toEqual(m.likelyCauses);
      for (const command of m.commandsInclude ?? []) expect(commands).toContain(command);
      for (const text of m.outputIncludes ?? []) expect(output).toContain(text);
      if (m.request) expect(e.request).toEqual(m.request);
      if (m.fixResources) expect([...new Set(e.fixes.flatMap(resourcesOf))]).toEqual(m.fixResources);
      if (m.fix) {
        const fix = e.fixes[0];
        expect(fix, output).toBeDefined();
        if (!fix) return;
        const { principal, resources, ...fields } = m.fix;
        expect(fix).toMatchObject(fields);
        if (principal) expect(statementsOf(fix).some((s) => JSON.stringify(s['Principal']).includes(principal))).toBe(true);
        if (resources) expect(resourcesOf(fix)).toEqual(resources);
      }
      const n = c.mustNot ?? {};
      for (const check of n.checks ?? []) expect(checks).not.toContain(check);
      for (const cause of n.likelyCauses ?? []) expect(causes).not.toContain(cause);
      for (const prefix of n.commandsStartWith ?? []) expect(commands.filter((command) => command.startsWith(prefix))).toEqual([]);
      for (const text of n.outputIncludes ?? []) expect(output).not.toContain(text);
      if (n.fixes) expect(e.fixes).toEqual([]);
      if (n.fixResource) expect(e.fixes.flatMap(resourcesOf)).not.toContain(n.fixResource);
      if (n.fixTarget) expect(e.fixes.map((f) => f.target)).not.toContain(n.fixTarget);
    });
  }
});
