/** IpAddress: IPv4 and IPv6 addresses and CIDR ranges (NotIpAddress is derived). */
import ipaddr from 'ipaddr.js';
import type { OperatorFamily } from './types.js';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** A CIDR range, or a single address as /32 or /128. */
export function parseRange(text: string): Range | undefined {
  const t = text.trim();
  try {
    if (t.includes('/')) return ipaddr.parseCIDR(t);
    const address = ipaddr.parse(t);
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return undefined;
  }
}

/** Request addresses repeat across statements and requests: parse each once (bounded memo). */
const parsed = new Map<string, ipaddr.IPv4 | ipaddr.IPv6 | null>();

export function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  let address = parsed.get(text);
  if (address === undefined) {
    try {
      address = ipaddr.process(text.trim()); // IPv4-mapped IPv6 addresses become IPv4
    } catch {
      address = null;
    }
    if (parsed.size >= 10_000) parsed.clear();
    parsed.set(text, address);
  }
  return address ?? undefined;
}

export const ipFamily: OperatorFamily = {
  compile(_operator, policyValue) {
    const range = parseRange(policyValue);
    if (!range) return { ok: false, problem: `\`${policyValue}\` is not an IP address or CIDR range` };
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
