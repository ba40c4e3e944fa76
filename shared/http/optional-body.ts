import type { MiddlewareHandler } from "hono";

/**
 * For a route whose JSON body is optional: an empty body is no body, whatever its Content-Type says.
 * Clients (fetch wrappers, SDKs) send `Content-Type: application/json` on a bodiless POST; the validator would
 * parse "" and answer malformed_json. Runs before the validator, which then skips the body, and before any middleware
 * that keeps state by `c.req.raw` (idempotent()): an empty body's request is replaced by one without the header.
 */
export function emptyBodyIsNone(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.header("content-type") !== undefined && (await c.req.text()).trim() === "") {
      const headers = new Headers(c.req.raw.headers);
      headers.delete("content-type");
      c.req.raw = new Request(c.req.raw.url, { method: c.req.method, headers });
    }
    await next();
  };
}
