/**
 * The words, tested once: the case tables assert message ids and data, and this file checks what a user
 * reads for each message id of each diagnosis check (test/render/finding-words.json: the data of a real
 * case of test/checks/, and texts its message must contain).
 */
import { describe, expect, it } from 'vitest';
import type { FindingData } from '../src/diagnosis/check.js';
import type { CheckId } from '../src/diagnosis/checks/index.js';
import { findingMessage, MESSAGE_IDS } from '../src/render/findings.js';
import { readTable } from './schemas/tables.js';

interface Words {
  readonly name: string;
  readonly check: CheckId;
  readonly messageId: string;
  readonly data: FindingData;
  readonly includes: readonly string[];
}

const words = readTable<Words[]>('finding-words', 'test/render/finding-words.json');

describe('the words of every diagnosis message id', () => {
  it('one entry for each message id of each check, and no other', () => {
    const listed = words.map((w) => `${w.check} ${w.messageId}`);
    const declared = Object.entries(MESSAGE_IDS).flatMap(([check, ids]) => (ids as readonly string[]).map((id) => `${check} ${id}`));
    expect(listed.sort()).toEqual(declared.sort());
  });

  for (const w of words) {
    it(`${w.check} ${w.messageId}: ${w.name}`, () => {
      const message = findingMessage(w);
      for (const text of w.includes) expect(message).toContain(text);
      expect(message).not.toMatch(/\bundefined\b|\[object Object\]/);
    });
  }
});
