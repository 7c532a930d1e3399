/** The words of every finding: its check's template (in the check's `meta.messages`), filled with its data. */
import type { FindingData } from '../diagnosis/check.js';
import { CHECKS, type CheckId } from '../diagnosis/checks/index.js';
import type { Messages } from '../diagnosis/rule.js';
import { fill, words } from './words.js';

const TEMPLATES = new Map<string, Messages>(CHECKS.map((c) => [c.meta.id, c.meta.messages]));

/** A finding in words. */
export function findingMessage(f: { readonly check: CheckId; readonly messageId: string; readonly data: FindingData }): string {
  return fill(TEMPLATES.get(f.check) ?? {}, f, words) ?? `${f.check}: ${f.messageId}`;
}
