import { OpenAPIHono } from "@hono/zod-openapi";
import type { Env as HonoEnv } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ZodError } from "zod";
import { InvalidInput, ProblemError, problemBody, PROBLEM_CONTENT_TYPE, type FieldError } from "./problem";

/** Zod issues as the `errors` member of a problem: one entry per field at fault. */
export function zodFieldErrors(error: ZodError, root = ""): FieldError[] {
  return error.issues.map((issue) => ({
    path: [root, ...issue.path.map(String)].filter(Boolean).join("."),
    message: issue.message,
  }));
}

/** Turns any thrown value into a problem+json Response; unknown errors become an opaque 500. */
export function errorToResponse(err: unknown): Response {
  if (err instanceof ProblemError) return json(err.toProblem(), err.status, err.headers);
  if (err instanceof HTTPException) {
    const status = err.status;
    if (status === 415) {
      return json(problemBody(415, "unsupported_media_type", "The request's Content-Type is not one this endpoint accepts; see its OpenAPI description."), 415);
    }
    const message = err.message || "The request could not be processed.";
    const code = status === 400 && /json/i.test(message) ? "malformed_json" : `http_${status}`;
    return json(problemBody(status, code, message), status);
  }
  console.error("unhandled error", err);
  return json(problemBody(500, "internal", "An unexpected error occurred. It has been logged."), 500);
}

function json(body: unknown, status: number, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": PROBLEM_CONTENT_TYPE, ...headers },
  });
}

/**
 * The Hono app every Worker starts from: zod validation failures and thrown
 * errors leave as problem+json, unknown routes as a 404 problem.
 */
export function createApp<E extends HonoEnv>(): OpenAPIHono<E> {
  const app = new OpenAPIHono<E>({
    defaultHook: (result) => {
      // Thrown, not returned: the route's middleware (idempotent() among them) sees it as `c.error`.
      if (!result.success) {
        throw new InvalidInput(
          400,
          "validation_failed",
          `The request ${result.target === "json" ? "body" : result.target} is invalid.`,
          zodFieldErrors(result.error as ZodError, result.target === "json" ? "" : result.target),
        );
      }
    },
  });
  app.onError((err) => errorToResponse(err));
  app.notFound((c) => {
    const path = new URL(c.req.url).pathname;
    const allowed = allowedMethods(app.routes, path);
    if (allowed.length > 0) {
      return json(problemBody(405, "method_not_allowed", `${c.req.method} is not allowed on ${path}; use ${allowed.join(", ")}.`), 405, {
        allow: allowed.join(", "),
      });
    }
    return json(problemBody(404, "route_not_found", `No route matches ${c.req.method} ${path}.`), 404);
  });
  return app;
}

/** Hono path patterns as regular expressions: `:id` one segment, `:id{re}` its pattern, `*` the rest. */
function pathRegex(pattern: string): RegExp {
  const source = pattern
    .split("/")
    .map((seg) => {
      if (seg === "*") return ".*";
      const param = /^:\w+(?:\{(.+)\})?$/.exec(seg);
      if (param) return param[1] ? `(?:${param[1]})` : "[^/]+";
      return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return new RegExp(`^${source}$`);
}

/** The methods some route answers on this path: a non-empty list turns a 404 into a 405. */
export function allowedMethods(routes: { method: string; path: string }[], path: string): string[] {
  const methods = new Set<string>();
  for (const r of routes) {
    if (r.method === "ALL" || r.path.includes("*")) continue;
    if (pathRegex(r.path).test(path)) methods.add(r.method);
  }
  if (methods.has("GET")) methods.add("HEAD");
  return [...methods];
}
