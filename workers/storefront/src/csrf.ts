import type { MiddlewareHandler } from "hono";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Is an unsafe request from one of our own pages? The browser's `Origin` must be this origin; a
 * browser that sends none must say `Sec-Fetch-Site: same-origin`. With SameSite=Strict session
 * cookies this closes cross-site form posts and fetches.
 */
export function sameOrigin(req: Request): boolean {
  if (SAFE.has(req.method)) return true;
  const origin = req.headers.get("origin");
  if (origin) return origin === new URL(req.url).origin;
  return req.headers.get("sec-fetch-site") === "same-origin";
}

/** Refuses a cross-site unsafe request with 403 before any handler runs. */
export function csrfGuard(): MiddlewareHandler {
  return async (c, next) => {
    if (!sameOrigin(c.req.raw)) {
      return c.text("This form can only be sent from this site's own pages.", 403);
    }
    await next();
  };
}
