/**
 * The words toolkit every message template receives (its interface is `Words` in src/diagnosis/rule.ts):
 * user input quoted and made visible, lists, policy type names. Filling a rule's template is done here, so
 * findings, lint and doctor messages quote alike.
 */
import type { MessageData, Messages, Words } from '../diagnosis/rule.js';
import type { PolicyType } from '../engine/types.js';
import { own } from '../own.js';
import { POLICY_TYPE_NAMES } from './simulation.js';
import { visible } from './visible.js';

const q = (v: unknown) => `\`${visible(String(v))}\``;

export const words: Words = {
  q,
  qs: (v) => (Array.isArray(v) ? v.map(q).join(', ') : q(v)),
  orList: (v) => {
    const items = Array.isArray(v) ? v.map(q) : [q(v)];
    return items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}` : (items[0] ?? '');
  },
  policyType: (t) => own(POLICY_TYPE_NAMES, t as PolicyType) ?? (t === 'role-trust' ? 'the role trust policy' : t),
  plural: (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`,
  cap: (s) => s.charAt(0).toUpperCase() + s.slice(1),
};

/**
 * The words of a finding: its rule's template for its message id, filled with its data. Findings come from
 * the rules, whose message ids and data the compiler ties to their templates; an id a rule does not declare
 * (JSON read back from elsewhere) is shown as `rule: messageId`.
 */
export function fill<T = string, W = Words>(messages: Messages, f: { readonly messageId: string; readonly data: MessageData }, w: W): T | undefined {
  const m = own(messages, f.messageId);
  return m ? (m.template as unknown as (d: MessageData, w: W) => T)(f.data, w) : undefined;
}
