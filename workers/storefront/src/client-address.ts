import type { MiddlewareHandler } from "hono";
import { decorateApi } from "./api";

/** Cloudflare sets it on every request that enters the edge (a client cannot), and the gateway reads it. */
const CLIENT_IP = "cf-connecting-ip";

/**
 * Makes this request's calls over the `API` binding carry the buyer's (or seller's) address. A call over a
 * service binding has no `CF-Connecting-IP` of its own, so without it the gateway would count every page
 * render against one shared per-IP budget (and one `pk@ip` budget): one busy storefront would lock out
 * all of its buyers. With it, each visitor spends their own budget, as a browser calling the API would.
 */
export function clientAddress(): MiddlewareHandler {
  return async (c, next) => {
    const ip = c.req.header(CLIENT_IP);
    if (ip) {
      c.env = decorateApi(c.env as Env, (request) => {
        request.headers.set(CLIENT_IP, ip);
        return request;
      });
    }
    await next();
  };
}
