/**
 * invalid-condition-value: a condition value its operator cannot read, so it never matches: not an IP
 * address or CIDR range (IpAddress), not a date (Date...), not a number (Numeric...), not true/false
 * (Bool, Null, or a string operator on a boolean key), not base64 (BinaryEquals). The values are read by
 * the engine's own parsers, exactly as evaluation reads them.
 */
import { findConditionKey } from '../../catalog/index.js';
import { binaryFamily, boolFamily } from '../../engine/conditions/bool.js';
import { dateFamily, parseDate } from '../../engine/conditions/date.js';
import { ipFamily, parseRange } from '../../engine/conditions/ip.js';
import { numericFamily, parseNumber } from '../../engine/conditions/numeric.js';
import { at } from '../../policy/problems.js';
import { message } from '../../diagnosis/rule.js';
import { defineRule, type RuleFinding } from '../types.js';
import { hasUnknown } from '../unknown.js';
import { finding } from './shared.js';

/** `VALUE is not KIND, so OPERATOR on KEY never matches it.` */
const notA = (kind: string) => message((d: { value: string; operator: string; key: string }, w) => `${w.q(d.value)} is not ${kind}, so ${w.q(d.operator)} on ${w.q(d.key)} never matches it.`);

const meta = {
  id: 'invalid-condition-value',
  title: 'A condition value its operator cannot read',
  severity: 'error',
  docs: 'docs/lint/invalid-condition-value.md',
  help: 'A condition value its operator cannot read (not an IP address, not a date, not a number, not true/false, not base64): that value never matches.',
  messages: {
    ip: notA('an IP address or CIDR range (e.g. `203.0.113.0/24`)'),
    date: notA('a date (ISO 8601, e.g. `2026-11-26T00:00:00Z`, or epoch seconds)'),
    number: notA('a number'),
    bool: notA('`true` or `false`'),
    base64: notA('base64 text'),
    boolKey: notA('`true` or `false` (the key is a boolean)'),
  },
} as const;

const isBool = (v: string) => v.toLowerCase() === 'true' || v.toLowerCase() === 'false';

export const invalidConditionValue = defineRule({
  meta,
  run({ policy }) {
    const out: RuleFinding<typeof meta.messages>[] = [];
    for (const statement of policy.parsed?.statements ?? []) {
      for (const c of statement.conditions) {
        const family = c.operator.info.family;
        const keyType = findConditionKey(c.key)?.type;
        let expected: keyof typeof meta.messages | undefined;
        let valid: (v: string) => boolean = () => true;
        if (family === 'null') [expected, valid] = ['bool', isBool];
        else if (family === ipFamily) [expected, valid] = ['ip', (v) => parseRange(v) !== undefined];
        else if (family === dateFamily) [expected, valid] = ['date', (v) => parseDate(v) !== undefined];
        else if (family === numericFamily) [expected, valid] = ['number', (v) => parseNumber(v) !== undefined];
        else if (family === boolFamily) [expected, valid] = ['bool', isBool];
        else if (family === binaryFamily) [expected, valid] = ['base64', (v) => /^[A-Za-z0-9+/]*={0,2}$/.test(v)];
        else if (keyType === 'Bool' && c.operator.info.variables) [expected, valid] = ['boolKey', (v) => isBool(v) || v.includes('${')];
        if (expected === undefined) continue;
        const list = Array.isArray(policy.valueAt(c.pointer));
        c.values.forEach((value, i) => {
          if (hasUnknown(value) || valid(value)) return;
          out.push(finding(meta, expected!, list ? at(c.pointer, i) : c.pointer, { value, operator: c.operator.text, key: c.key }));
        });
      }
    }
    return out;
  },
});
