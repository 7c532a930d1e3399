/** Bool and BinaryEquals. */
import type { OperatorFamily } from './types.js';

export const boolFamily: OperatorFamily = {
  compile(_operator, policyValue) {
    const policy = policyValue.toLowerCase();
    if (policy !== 'true' && policy !== 'false') return { ok: false, expected: 'bool' };
    return { ok: true, match: (value) => value.toLowerCase() === policy };
  },
};

/** BinaryEquals compares base64 text byte for byte. */
export const binaryFamily: OperatorFamily = {
  compile(_operator, policyValue) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(policyValue)) return { ok: false, expected: 'base64' };
    return { ok: true, match: (value) => value === policyValue };
  },
};
