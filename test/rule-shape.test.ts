/**
 * The one rule shape: a message id that is not in the rule's `meta.messages` does not compile (checked by
 * `npm run typecheck`, which covers this file: each `@ts-expect-error` fails the build if the error goes),
 * and every registered check, lint rule and doctor check declares its messages.
 */
import { describe, expect, it } from 'vitest';
import { defineCheck } from '../src/diagnosis/check.js';
import { CHECKS } from '../src/diagnosis/checks/index.js';
import { message } from '../src/diagnosis/rule.js';
import { DOCTOR_CHECKS } from '../src/doctor/checks/index.js';
import { RULE_METAS } from '../src/lint/rules/index.js';
import { defineRule } from '../src/lint/types.js';

describe('the one rule shape', () => {
  it('rejects a message id its meta does not declare, at compile time', () => {
    const check = defineCheck({
      meta: { id: 'typo-check', title: 't', docs: 'docs/checks/typo-check.md', severity: 'error', messages: { known: message() } },
      // @ts-expect-error `unknwon` is not a message id of this check
      run: () => [{ messageId: 'unknwon', data: {} }],
    });
    const rule = defineRule({
      meta: { id: 'typo-rule', title: 't', docs: 'docs/lint/typo-rule.md', severity: 'error', messages: { known: message() } },
      // @ts-expect-error a lint finding needs its location
      run: () => [{ messageId: 'known', data: {} }],
    });
    expect(Object.keys(check.meta.messages)).toEqual(['known']);
    expect(Object.keys(rule.meta.messages)).toEqual(['known']);
  });

  it('every check, rule and doctor check declares an id, a docs page, a severity and its messages', () => {
    for (const meta of [...CHECKS.map((c) => c.meta), ...RULE_METAS, ...DOCTOR_CHECKS.map((c) => c.meta)]) {
      expect(meta.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(meta.docs).toMatch(/^docs\/(checks|lint|commands)\/[a-z-]+\.md$/);
      expect(['error', 'warning', 'info', 'fail', 'warn']).toContain(meta.severity);
      expect(Object.keys(meta.messages).length, meta.id).toBeGreaterThan(0);
    }
  });
});
