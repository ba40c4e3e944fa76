import ipaddr from "ipaddr.js";

/**
 * The rate-limit bucket of a client address. An IPv4 address is its own bucket; an IPv6 address is bucketed by its
 * /64, the block every host (a cheap server included) is handed whole: keyed by the full address, each of its 2^64
 * addresses would get a fresh budget. An IPv4-mapped IPv6 address is its IPv4 address. Anything that does not parse
 * is its own bucket (it can only come from a test or a misconfigured proxy). Parsed by ipaddr.js (zone ids, `::`,
 * dotted IPv4 tails), not by hand. `v6Prefix` (a multiple of 16) widens the IPv6 block for a budget that must hold
 * per site rather than per host (media's new rooms: a /48).
 */
export function addressBucket(ip: string, v6Prefix: 16 | 32 | 48 | 64 = 64): string {
  if (!ip.includes(":") || !ipaddr.IPv6.isValid(ip)) return ip;
  const address = ipaddr.IPv6.parse(ip);
  if (address.isIPv4MappedAddress()) return address.toIPv4Address().toString();
  return `${address.parts
    .slice(0, v6Prefix / 16)
    .map((g) => g.toString(16))
    .join(":")}::/${v6Prefix}`;
}
