import { addressBucket } from "../../../../shared/http/address-bucket";

/**
 * The client a buyer's device's budget of new rooms is spent under (`CLIENT_ROOM_BUDGET`), from the address
 * Cloudflare puts in `CF-Connecting-IP` (`clientIp`: set on every request that enters the edge, overwriting any
 * the client sent, and passed on by the gateway, which drops only `x-ecp-*`): an IPv4 address (an IPv4-mapped
 * IPv6 one included) is its own client; an IPv6 address is its /48, a whole site's block, so addresses rotated
 * within a host's /64 (or a server's /56) are one client (a /64 per client would give one holder of a /56, a
 * cheap server's allotment, 256 shares). No address (never in production) is the one client `unknown`: a caller
 * that drops the header shares one share, it does not escape it.
 */
export function clientPrefix(ip: string): string {
  return addressBucket(ip, 48);
}
