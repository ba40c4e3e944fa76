import { addressBucket } from "./address-bucket";

/**
 * The client's address: Cloudflare sets `CF-Connecting-IP` on every request (and overwrites any the
 * client sent), and the gateway passes it on to the Worker behind it. Without it (only in workerd
 * tests) every request shares one bucket, `unknown`.
 */
export function clientIp(request: Request): string {
  return request.headers.get("cf-connecting-ip")?.trim() || "unknown";
}

/** The key a per-client budget is spent under: the client's address, an IPv6 one by its /64 (`addressBucket`). */
export function clientBucket(request: Request): string {
  return addressBucket(clientIp(request));
}

/** Seconds until a rate limiter's fixed window of `periodSeconds` turns over: what a 429's Retry-After says. */
export function secondsToNextWindow(periodSeconds: number, now = Date.now()): number {
  return periodSeconds - (Math.floor(now / 1000) % periodSeconds);
}
