import { addressBucket } from "../../../../shared/http/address-bucket";

/**
 * The client a buyer's device's budget of new rooms is spent under (`CLIENT_ROOM_BUDGET`), from the address
 * Cloudflare puts in `CF-Connecting-IP` (overwriting any a client sent; the gateway passes it on): the gateway's
 * rate-limit bucket of it, but an IPv6 address by its /48, a whole site's block (a /64 per client would give one
 * holder of a /56, a cheap server's allotment, 256 budgets). Null without an address (only in tests: then only the
 * tenant's budget applies).
 */
export function clientPrefix(ip: string | null | undefined): string | null {
  const a = ip?.trim();
  return a ? addressBucket(a, 48) : null;
}
