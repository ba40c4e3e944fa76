import type { MiddlewareHandler } from "hono";
import { clientBucket, secondsToNextWindow } from "../../../shared/http/rate-limit";
import type { SfEnv } from "./types";

/** The window of BUYER_LIMIT in wrangler.toml, in seconds. */
const PERIOD_SECONDS = 10;

/**
 * Spends one request of the visitor's budget (by `CF-Connecting-IP`, which Cloudflare sets and the
 * gateway passes on) before a page calls the API with the tenant's secret key. That key's budget at
 * the gateway is the tenant's, shared by every buyer: this keeps one client to its own share of it.
 */
export function buyerBudget(): MiddlewareHandler<SfEnv> {
  let warned = false;
  return async (c, next) => {
    // `wrangler dev` binds rate limiters only to the first Worker of a multi-config session (the gateway),
    // so the local stack runs without this one; deployed, wrangler.toml binds it (a test pins that).
    const limiter = c.env.BUYER_LIMIT as RateLimit | undefined;
    if (!limiter) {
      if (!warned) console.warn("BUYER_LIMIT is not bound: visitors' secret-key budget is not enforced");
      warned = true;
      return next();
    }
    const { success } = await limiter.limit({ key: clientBucket(c.req.raw) });
    if (!success) {
      const headers = { "retry-after": String(secondsToNextWindow(PERIOD_SECONDS)) };
      const detail = c.get("buyer").t.unavailable;
      // A page navigation reads a sentence; the room script reads JSON as from the other chat endpoints.
      if (c.req.header("accept")?.includes("text/html")) return c.text(detail, 429, headers);
      return c.json({ status: 429, code: "rate_limited", detail }, 429, headers);
    }
    await next();
  };
}
