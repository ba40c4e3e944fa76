import type { ContentfulStatusCode } from "hono/utils/http-status";

/** One field-level complaint inside a problem document. */
export interface FieldError {
  path: string;
  message: string;
}

/** RFC 9457 problem details as the public contract fixes them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  412: "Precondition Failed",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  426: "Upgrade Required",
  428: "Precondition Required",
  429: "Too Many Requests",
  451: "Unavailable For Legal Reasons",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

/**
 * The one domain error type: services throw it, only the HTTP edge turns it
 * into problem+json, so every error has the same shape.
 */
export class ProblemError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
    this.name = "ProblemError";
  }

  toProblem(): Problem {
    return problemBody(this.status, this.code, this.detail, this.errors);
  }
}

/**
 * A problem with the request's own input (a field's value, the body's shape), found before the request did
 * anything. Its answer is like any problem's; behind `idempotent()` it is not stored and the key is given back,
 * so the corrected request may use the same key (Stripe keeps no result for a request that failed validation).
 * Its status alone cannot say so: a 422 may also refuse what a handler found after writing. Raise it only
 * before the first write.
 */
export class InvalidInput extends ProblemError {}

/** Builds the problem document; `type` is a stable URN per code so clients can switch on it. */
export function problemBody(status: number, code: string, detail: string, errors?: FieldError[]): Problem {
  return {
    type: `urn:ecp:problem:${code}`,
    title: TITLES[status] ?? "Error",
    status,
    detail,
    code,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** A problem+json Response, for code that has no Hono context (proxies, Durable Objects). */
export function problemResponse(
  status: number,
  code: string,
  detail: string,
  init: { errors?: FieldError[]; headers?: Record<string, string> } = {},
): Response {
  return new Response(JSON.stringify(problemBody(status, code, detail, init.errors)), {
    status,
    headers: { "content-type": PROBLEM_CONTENT_TYPE, ...init.headers },
  });
}

/** Shorthands for the errors every service raises. */
export const notFound = (what: string) => new ProblemError(404, "not_found", `${what} was not found.`);
export const conflict = (code: string, detail: string) => new ProblemError(409, code, detail);
export const badRequest = (code: string, detail: string, errors?: FieldError[]) =>
  new ProblemError(400, code, detail, errors);
