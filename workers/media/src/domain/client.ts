import ipaddr from "ipaddr.js";

/**
 * The client a buyer's device's budget of new rooms is spent under (`CLIENT_ROOM_BUDGET`), from the address
 * Cloudflare puts in `CF-Connecting-IP` (overwriting any a client sent; the gateway passes it on): an IPv4
 * address is its own; an IPv6 one is its /48, a whole site's block (a /64 per client would give one holder of a
 * /56, a cheap server's allotment, 256 budgets). An IPv4-mapped IPv6 address is its IPv4 address; one that does
 * not parse is its own. Null without an address (only in tests: then only the tenant's budget applies).
 */
export function clientPrefix(ip: string | null | undefined): string | null {
  const a = ip?.trim();
  if (!a) return null;
  if (!a.includes(":") || !ipaddr.IPv6.isValid(a)) return a;
  const v6 = ipaddr.IPv6.parse(a);
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  return `${v6.parts
    .slice(0, 3)
    .map((g) => g.toString(16))
    .join(":")}::/48`;
}
