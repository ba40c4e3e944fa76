import type { Context, Hono, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { apiClient } from "../../api";
import { open, seal, SESSION_COOKIE } from "../../session";
import type { SfEnv } from "../../types";
import type { ConsoleKey } from "../../i18n/console/en";
import type { ConsoleUi } from "../../i18n/console";
import { ConsolePage, described, Field } from "../../views/console";
import { ListingsPage } from "./listings";

/** Why a seller is back at sign-in, by the reason in `?m=`. */
const MESSAGES = { expired: "sessionExpired", invalid: "sessionInvalid", revoked: "sessionRevoked", signedout: "signedOut" } as const satisfies Record<string, ConsoleKey>;
const reasonText = (ui: ConsoleUi, reason: string) => (reason in MESSAGES ? ui.t[MESSAGES[reason as keyof typeof MESSAGES]] : undefined);

const cookieOptions = (c: Context<SfEnv>, maxAge: number) => ({
  path: "/console",
  httpOnly: true,
  sameSite: "Strict" as const,
  secure: new URL(c.req.url).protocol === "https:",
  maxAge,
});

/** The session's key was refused (revoked since sign-in): end the session rather than show errors. */
export const refused = (status: number) => status === 401 || status === 403;

/** Ends the session and sends the seller to sign-in with a reason. */
export function signOut(c: Context<SfEnv>, reason: keyof typeof MESSAGES) {
  deleteCookie(c, SESSION_COOKIE, { path: "/console" });
  return c.redirect(`/console?m=${reason}`, 303);
}

/** Opens the session cookie. Pages under /console/ need one: without it, back to sign-in saying why. */
export function consoleSession(required: boolean): MiddlewareHandler<SfEnv> {
  return async (c, next) => {
    const opened = await open(getCookie(c, SESSION_COOKIE), c.env.SESSION_SECRET);
    if (opened.ok) c.set("session", opened.session);
    else if (required) {
      if (c.req.header("accept")?.includes("application/json")) {
        return c.json({ status: 401, code: "session_" + opened.reason, detail: reasonText(c.get("ui"), opened.reason === "missing" ? "expired" : opened.reason) }, 401);
      }
      // No cookie at all is also how a link from another site arrives (the cookie is SameSite=Strict): deleting it
      // then would sign the seller out in every tab, at any site's will. Only a cookie that was sent and failed goes.
      if (opened.reason === "missing") return c.redirect("/console?m=expired", 303);
      return signOut(c, opened.reason);
    }
    await next();
  };
}

function SignIn({ ui, message, error }: { ui: ConsoleUi; message?: string; error?: string }) {
  const { t } = ui;
  return (
    <ConsolePage ui={ui} title={t.signIn}>
      <h1>{t.signIn}</h1>
      {message && (
        <p class="notice" role="status">
          {message}
        </p>
      )}
      <form method="post" action="/console/session">
        <Field id="key" label={t.secretKey} hint={t.secretKeyHint} error={error}>
          <input type="password" name="key" autocomplete="off" required {...described("key", error, true)} />
        </Field>
        <button type="submit">{t.signIn}</button>
      </form>
    </ConsolePage>
  );
}

/** `GET /console` (sign-in or the listings), `POST /console/session` (sign in), `POST /console/signout`. */
export function registerConsoleSession(app: Hono<SfEnv>) {
  app.get("/console", consoleSession(false), async (c) => {
    const session = c.get("session");
    if (session) return ListingsPage(c);
    return c.html(<SignIn ui={c.get("ui")} message={reasonText(c.get("ui"), c.req.query("m") ?? "")} />);
  });

  app.post("/console/session", async (c) => {
    const form = await c.req.parseBody();
    const key = String(form.key ?? "").trim();
    const ui = c.get("ui");
    const fail = (error: string) => {
      c.status(401);
      return c.html(<SignIn ui={ui} error={error} />);
    };
    if (!key.startsWith("sk_")) return fail(ui.t.notSecretKey);
    const me = await apiClient(c.env, key).GET("/v1/me");
    if (!me.data) return fail(me.error?.detail ?? ui.t.keyUnchecked);
    if (me.data.keyKind !== "secret") return fail(ui.t.notSecret);
    const ttl = Number(c.env.SESSION_TTL_SECONDS);
    const value = await seal({ key, tenantId: me.data.tenantId, exp: Math.floor(Date.now() / 1000) + ttl }, c.env.SESSION_SECRET);
    setCookie(c, SESSION_COOKIE, value, cookieOptions(c, ttl));
    return c.redirect("/console", 303);
  });

  app.post("/console/signout", (c) => signOut(c, "signedout"));
}
