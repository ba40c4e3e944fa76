import type { MiddlewareHandler } from "hono";
import { BODY_TOO_LARGE_HEADER } from "../../../shared/http/context";

const FORM = /^(multipart\/form-data|application\/x-www-form-urlencoded)\s*(;|$)/i;

/**
 * Reads a posted form once, before any handler: a body that is not the form its Content-Type
 * claims (a multipart post without its boundary, a truncated upload) is the sender's mistake, a
 * 400, never the 500 a handler's `parseBody()` would throw. Handlers then read the parsed form
 * from Hono's body cache. A post the gateway would not carry (over its body limit: it sends the
 * limit instead of the body) is a 413 in words, where the API would answer problem+json.
 */
export function formBody(): MiddlewareHandler {
  return async (c, next) => {
    const limit = c.req.header(BODY_TOO_LARGE_HEADER);
    if (limit) {
      const mib = (Number(limit) / 1024 / 1024).toLocaleString("en", { maximumFractionDigits: 1 });
      return c.text(`The upload is larger than the ${mib} MiB the platform accepts; go back and choose a smaller file.`, 413);
    }
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
