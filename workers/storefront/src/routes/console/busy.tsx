import type { Context } from "hono";
import type { PlatformBusy } from "../../buyer-budget";
import type { SfEnv } from "../../types";
import { ProblemPage } from "../../views/console";
import { refused, signOut } from "./session";

/**
 * The console's answer to a `PlatformBusy` (the platform could not answer now: 429, 5xx): 503 with its Retry-After,
 * saying to try again (a page, or JSON for the room script), never that the thing asked for is gone. A refused key
 * ends the session, as on every console page.
 */
export function consoleBusy(c: Context<SfEnv>, err: PlatformBusy): Response | Promise<Response> {
  const ui = c.get("ui");
  const json = c.req.header("accept")?.includes("application/json");
  if (err.platformStatus !== undefined && refused(err.platformStatus)) {
    return json ? c.json({ status: 401, code: "session_revoked", detail: ui.t.sessionRevoked }, 401) : signOut(c, "revoked");
  }
  const headers = { "retry-after": String(err.retryAfter) };
  if (json) return c.json({ status: 503, code: "unavailable", detail: ui.t.platformBusy }, 503, headers);
  // A page asked for by GET can simply be asked for again; after a form, the way back is the console's start.
  const url = new URL(c.req.url);
  const again = c.req.method === "GET" ? { href: url.pathname + url.search, label: ui.t.tryAgain } : { href: "/console", label: ui.t.backToConsole };
  return c.html(<ProblemPage ui={ui} title={ui.t.platformBusyTitle} detail={ui.t.platformBusy} back={again} />, 503, headers);
}
