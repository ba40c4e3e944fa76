import type { MiddlewareHandler } from "hono";

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Echoes a sane client `X-Request-Id`, else mints one; every answer carries it, errors included. */
export const requestId = (): MiddlewareHandler<{ Variables: { requestId: string } }> => async (c, next) => {
  const incoming = c.req.header("x-request-id");
  const id = incoming && SAFE_ID.test(incoming) ? incoming : crypto.randomUUID();
  c.set("requestId", id);
  await next();
  c.res.headers.set("x-request-id", id);
};
