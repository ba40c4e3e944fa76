import type { Context, MiddlewareHandler } from "hono";
import { addressBucket } from "../../../shared/http/address-bucket";
import { clientBucket, clientIp, secondsToNextWindow } from "../../../shared/http/rate-limit";
import { reportKeyRefused } from "./key-budget";
import type { SfEnv } from "./types";
import { MessagePage } from "./views/shop";

/** The window of BUYER_LIMIT in wrangler.toml, in seconds. */
const PERIOD_SECONDS = 10;

/**
 * Why a buyer's page could not call the platform now: the visitor spent their own share of the tenant's
 * secret-key budget (429), or the platform refused the call for its own budget, the tenant's (503: the
 * shop is busy for everyone, not this buyer's doing). Either way the answer says when to try again, and
 * never that a room or product does not exist.
 */
export class PlatformBusy extends Error {
  constructor(
    readonly status: 429 | 503,
    readonly retryAfter: number,
    /** What the platform answered, when it answered (a console page signs a refused key out instead). */
    readonly platformStatus?: number,
  ) {
    super(status === 429 ? "visitor over budget" : "platform rate limit");
  }
}

/** A 429's `Retry-After` in whole seconds (1–60), or the limiter's window when it says nothing usable. */
export function retryAfterOf(res: Response): number {
  const s = Number(res.headers.get("retry-after"));
  return Number.isFinite(s) && s >= 1 ? Math.min(Math.ceil(s), 60) : PERIOD_SECONDS;
}

/**
 * Makes every platform call made while serving a buyer cost what it costs: each call with the tenant's secret
 * key first spends one unit of the visitor's budget (BUYER_LIMIT, by `CF-Connecting-IP`, which Cloudflare sets
 * and the gateway passes on), whatever page makes it, so a page making three secret-key calls costs three. The
 * gateway counts that key's budget per key, shared by every buyer: this keeps one client to its own share of it.
 * Publishable-key calls are counted per client at the gateway already. A call the platform refuses with 429
 * throws `PlatformBusy` (503), so no page reads a refusal as "no such room" or "not paid".
 */
export function buyerBudget(): MiddlewareHandler<SfEnv> {
  let warned = false;
  return async (c, next) => {
    // `wrangler dev` binds rate limiters only to the first Worker of a multi-config session (the gateway),
    // so the local stack runs without this one; deployed, wrangler.toml binds it (a test pins that).
    const limiter = c.env.BUYER_LIMIT as RateLimit | undefined;
    if (!limiter && !warned) {
      console.warn("BUYER_LIMIT is not bound: visitors' secret-key budget is not enforced");
      warned = true;
    }
    const bucket = clientBucket(c.req.raw);
    const secret = `Bearer ${c.env.STOREFRONT_SECRET_KEY}`;
    const api = c.env.API;
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      const secretCall = request.headers.get("authorization") === secret;
      if (limiter && secretCall) {
        const { success } = await limiter.limit({ key: bucket });
        if (!success) throw new PlatformBusy(429, secondsToNextWindow(PERIOD_SECONDS));
      }
      const res = await api.fetch(request);
      if (res.status === 429) {
        // The tenant's own key refused: every buyer is affected, and the operator is told (the plan may be too small).
        if (secretCall) await reportKeyRefused(res, retryAfterOf(res));
        throw new PlatformBusy(503, retryAfterOf(res));
      }
      return res;
    };
    c.env = { ...c.env, API: { fetch, connect: api.connect.bind(api) } as Fetcher };
    await next();
  };
}

/** The window of CREATE_LIMIT in wrangler.toml, in seconds. */
const CREATE_PERIOD_SECONDS = 60;
let createWarned = false;

/**
 * Spends one of the visitor's creations (a chat room, a payment intent: records that last in the seller's lists),
 * before the call that makes one: CREATE_LIMIT per address, an IPv6 one by its /48, since a cookie or a form key
 * is the client's to renew on every request. Over it, a `PlatformBusy` 429 like BUYER_LIMIT's.
 */
export async function spendCreation(c: Context<SfEnv>): Promise<void> {
  // Unbound under `wrangler dev` (see buyerBudget); deployed, wrangler.toml binds it.
  const limiter = c.env.CREATE_LIMIT as RateLimit | undefined;
  if (!limiter) {
    if (!createWarned) console.warn("CREATE_LIMIT is not bound: visitors' creations are not limited");
    createWarned = true;
    return;
  }
  const { success } = await limiter.limit({ key: addressBucket(clientIp(c.req.raw), 48) });
  if (!success) throw new PlatformBusy(429, secondsToNextWindow(CREATE_PERIOD_SECONDS));
}

/** The answer to a `PlatformBusy`: a page for a navigation, JSON (as from the other chat endpoints) for the room script. */
export function busyAnswer(c: Context<SfEnv>, err: PlatformBusy): Response | Promise<Response> {
  const headers = { "retry-after": String(err.retryAfter) };
  const buyer = c.get("buyer");
  const detail = buyer.t.unavailable;
  if (c.req.header("accept")?.includes("text/html")) {
    return c.html(<MessagePage buyer={buyer} url={new URL(c.req.url)} title={buyer.t.busyTitle} text={detail} kind="bad" />, err.status, headers);
  }
  return c.json({ status: err.status, code: err.status === 429 ? "rate_limited" : "unavailable", detail }, err.status, headers);
}
