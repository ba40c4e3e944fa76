import type { MiddlewareHandler } from "hono";

const FORM = /^(multipart\/form-data|application\/x-www-form-urlencoded)\s*(;|$)/i;

/**
 * Reads a posted form once, before any handler: a body that is not the form its Content-Type
 * claims (a multipart post without its boundary, a truncated upload) is the sender's mistake, a
 * 400, never the 500 a handler's `parseBody()` would throw. Handlers then read the parsed form
 * from Hono's body cache.
 */
export function formBody(): MiddlewareHandler {
  return async (c, next) => {
    if (FORM.test(c.req.header("content-type") ?? "")) {
      try {
        await c.req.parseBody();
      } catch {
        return c.text("The form could not be read; please send it again from the page.", 400);
      }
    }
    await next();
  };
}
