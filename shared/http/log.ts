import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { Caller } from "./context";
import { PROBLEM_CONTENT_TYPE } from "./problem";

/** One request as an operator reads it: Workers Logs and `wrangler tail` index each key as a field. */
export interface RequestLogLine {
  service: string;
  requestId: string;
  method: string;
  /** The route pattern (`/v1/catalog/listings/:id`), never the raw URL: query strings carry tokens. */
  route: string;
  status: number;
  durationMs: number;
  tenant?: string;
  keyKind?: string;
  /** The problem `code` of an error answer. */
  code?: string;
}

/** Who called, as far as this Worker knows; the gateway records it after authentication. */
export const LOG_TENANT = "logTenant";

/**
 * Logs one JSON line per request, after the answer is made. Only the fields
 * above are written: no headers, no query, no body, so no key or token can
 * reach a log line. `metrics`, when bound, also gets a data point (Workers
 * Analytics Engine) per request, indexed by tenant.
 */
export function requestLog(service: string, metrics?: (c: Context) => AnalyticsEngineDataset | undefined): MiddlewareHandler {
  return async (c, next) => {
    const started = Date.now();
    await next();
    const caller = (c.get("caller") as Caller | undefined) ?? (c.get(LOG_TENANT) as Caller | undefined);
    const line: RequestLogLine = {
      service,
      requestId: (c.get("requestId") as string | undefined) ?? c.req.header("x-request-id") ?? "",
      method: c.req.method,
      route: routePath(c) || "(unmatched)",
      status: c.res.status,
      durationMs: Date.now() - started,
      ...(caller ? { tenant: caller.tenantId, keyKind: caller.keyKind } : {}),
    };
    if (c.res.status >= 400 && c.res.headers.get("content-type")?.startsWith(PROBLEM_CONTENT_TYPE)) {
      line.code = await problemCode(c.res);
    }
    (c.res.status >= 500 ? console.error : console.log)(JSON.stringify(line));
    metrics?.(c)?.writeDataPoint({
      indexes: [line.tenant ?? "anonymous"],
      blobs: [service, line.route, line.method, line.code ?? ""],
      doubles: [line.status, line.durationMs, line.status >= 400 ? 1 : 0],
    });
  };
}

async function problemCode(res: Response): Promise<string | undefined> {
  try {
    return ((await res.clone().json()) as { code?: string }).code;
  } catch {
    return undefined;
  }
}
