/**
 * The one rule shape: a message id that is not in the rule's `meta.messages` does not compile, nor does
 * data its template does not take (checked by `npm run typecheck`, which covers this file: each
 * `@ts-expect-error` fails the build if the error goes), and every registered check, lint rule and doctor
 * check declares its messages, each with a template.
 */
import { describe, expect, it } from 'vitest';
import { defineCheck } from '../src/diagnosis/check.js';
import { CHECKS } from '../src/diagnosis/checks/index.js';
import { message, type Words } from '../src/diagnosis/rule.js';
import { DOCTOR_CHECKS } from '../src/doctor/checks/index.js';
import { RULE_METAS } from '../src/lint/rules/index.js';
import { defineRule, type LintFinding, type LintMessage } from '../src/lint/types.js';

describe('the one rule shape', () => {
  it('rejects a message id its meta does not declare, at compile time', () => {
    const known = message((d: { action: string }, w) => `${w.q(d.action)} is known.`);
    const check = defineCheck({
      meta: { id: 'typo-check', title: 't', docs: 'docs/checks/typo-check.md', severity: 'error', messages: { known } },
      // @ts-expect-error `unknwon` is not a message id of this check
      run: () => [{ messageId: 'unknwon', data: { action: 'a' } }],
    });
    const rule = defineRule({
      meta: { id: 'typo-rule', title: 't', docs: 'docs/lint/typo-rule.md', severity: 'error', help: 'h', messages: { known } },
      // @ts-expect-error a lint finding needs its location
      run: () => [{ messageId: 'known', data: { action: 'a' } }],
    });
    expect(Object.keys(check.meta.messages)).toEqual(['known']);
    expect(Object.keys(rule.meta.messages)).toEqual(['known']);
  });

  it('rejects data its template does not take, at compile time', () => {
    const check = defineCheck({
      meta: { id: 'data-check', title: 't', docs: 'docs/checks/data-check.md', severity: 'error', messages: { known: message((d: { action: string }, w) => `${w.q(d.action)} is known.`) } },
      // @ts-expect-error `actoin` is not in the template's data (and `action` is missing)
      run: () => [{ messageId: 'known', data: { actoin: 'a' } }],
    });
    defineCheck({
      meta: check.meta,
      // @ts-expect-error `action` is a string, not a number
      run: () => [{ messageId: 'known', data: { action: 1 } }],
    });
    expect(check.meta.messages.known.template({ action: 'a' }, { q: (v) => `<${String(v)}>` } as Words)).toBe('<a> is known.');
  });

  it('types a lint finding by its rule and message id, at compile time', () => {
    const right: LintMessage = { rule: 'wildcard-action', messageId: 'service', data: { action: 's3:*', service: 's3' } };
    // @ts-expect-error `wildcard-action` has no message `unknownAction` (that is unknown-action's)
    const otherRules: LintMessage = { rule: 'wildcard-action', messageId: 'unknownAction', data: { action: 's3:*', service: 's3' } };
    // @ts-expect-error the message `service` of `wildcard-action` takes the service too
    const missingData: LintMessage = { rule: 'wildcard-action', messageId: 'service', data: { action: 's3:*' } };
    // narrowing on the rule and message id gives the data its template takes
    const serviceOf = (f: LintFinding) => (f.rule === 'wildcard-action' && f.messageId === 'service' ? f.data.service : undefined);
    expect(serviceOf({ ...right, severity: 'warning', location: { file: 'p.json', policy: 'p', pointer: '', documentPointer: '' } })).toBe('s3');
    expect([otherRules, missingData].map((m) => m.rule)).toEqual(['wildcard-action', 'wildcard-action']);
  });

  it('every check, rule and doctor check declares an id, a docs page, a severity and its messages', () => {
    for (const meta of [...CHECKS.map((c) => c.meta), ...RULE_METAS, ...DOCTOR_CHECKS.map((c) => c.meta)]) {
      expect(meta.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(meta.docs).toMatch(/^docs\/(checks|lint|doctor)\/[a-z-]+\.md$/);
      expect(['error', 'warning', 'info', 'fail', 'warn']).toContain(meta.severity);
      expect(Object.keys(meta.messages).length, meta.id).toBeGreaterThan(0);
      for (const [id, m] of Object.entries(meta.messages)) expect(typeof m.template, `${meta.id} ${id}`).toBe('function');
    }
  });
});
