/** IpAddress: IPv4 and IPv6 addresses and CIDR ranges (NotIpAddress is derived). */
import ipaddr from 'ipaddr.js';
import { memoize } from '../../policy/memo.js';
import type { OperatorFamily } from './types.js';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** A CIDR range, or a single address as /32 or /128 (policy values repeat: parsed once each). */
export const parseRange: (text: string) => Readonly<Range> | undefined = memoize((text) => {
  const t = text.trim();
  try {
    if (t.includes('/')) return ipaddr.parseCIDR(t);
    const address = ipaddr.parse(t);
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return undefined;
  }
});

/** A request address (they repeat across statements and requests: parsed once each). */
export const parseAddress: (text: string) => ipaddr.IPv4 | ipaddr.IPv6 | undefined = memoize((text) => {
  try {
    return ipaddr.process(text.trim()); // IPv4-mapped IPv6 addresses become IPv4
  } catch {
    return undefined;
  }
});

export const ipFamily: OperatorFamily = {
  compile(_operator, policyValue) {
    const range = parseRange(policyValue);
    if (!range) return { ok: false, expected: 'ip' };
    const [network, bits] = range;
    return {
      ok: true,
      match: (value) => {
        const address = parseAddress(value);
        return address !== undefined && address.kind() === network.kind() && address.match(network as never, bits);
      },
    };
  },
};
