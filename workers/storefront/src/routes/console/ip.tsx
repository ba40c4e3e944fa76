import type { Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { idempotencyKey, idempotencyKeyOf, idempotent } from "../../../../../shared/client";
import { openFlash, sealFlash } from "../../session";
import { asProblem, sellerApi } from "../../api";
import type { SfEnv } from "../../types";
import { ConsolePage, described, Field } from "../../views/console";
import { refused, signOut } from "./session";
import { DataTable } from "../../views/table";

const WINDOWS = [30, 90, 365, 3650] as const;
type Feed = { url: string; expiresAt?: string };

/** Rights, the deadlines calendar for a window of days, a calendar subscription, and the way to cases and complaints. */
async function IpPage(c: Context<SfEnv>, opts: { feed?: Feed; feedError?: string } = {}) {
  const within = WINDOWS.find((w) => String(w) === c.req.query("within")) ?? 90;
  const api = sellerApi(c);
  const [assets, deadlines] = await Promise.all([
    api.GET("/v1/ip/assets", { params: { query: { limit: 100 } } }),
    api.GET("/v1/ip/deadlines", { params: { query: { withinDays: within } } }),
  ]);
  if ([assets.response.status, deadlines.response.status].some(refused)) return signOut(c, "revoked");
  const origin = new URL(c.req.url).origin;
  const ui = c.get("ui");
  const { t } = ui;
  return c.html(
    <ConsolePage ui={ui} title={t.navIp} signedIn>
      <h1>{t.ipTitle}</h1>
      <p>{t.ipLists}</p>
      <ul>
        <li>
          <a href="/console/ip/cases">{t.casesLink}</a>
        </li>
        <li>
          <a href="/console/ip/complaints">{t.complaintsLink}</a>
        </li>
      </ul>
      <h2 id="rights-heading">{t.yourRights}</h2>
      <DataTable
        problem={assets.data ? undefined : asProblem(assets.error, assets.response.status).detail}
        empty={t.noRights}
        labelledBy="rights-heading"
        rows={assets.data?.items}
        columns={[t.colName, t.colKind, t.colJurisdiction, t.colNumber, t.colStatus, t.colOwnership, t.colExpires]}
        row={(a) => (
          <tr data-asset={a.id}>
            <td>{a.name}</td>
            <td>{a.kind.replace(/_/g, " ")}</td>
            <td>{a.jurisdiction}</td>
            <td>{a.registrationNumber ?? t.none}</td>
            <td>{a.status}</td>
            <td data-ownership={a.ownership.status}>{t[`ownership_${a.ownership.status}`]}</td>
            <td>{a.expiresAt ? <time datetime={a.expiresAt}>{ui.date(a.expiresAt)}</time> : t.none}</td>
          </tr>
        )}
      />
      <h2 id="deadlines-heading">{ui.f("deadlinesWithin", { days: within })}</h2>
      <form method="get" action="/console/ip" class="filters">
        <label for="within">{t.window}</label>
        <select id="within" name="within">
          {WINDOWS.map((w) => (
            <option value={String(w)} selected={w === within}>
              {ui.f("days", { days: w })}
            </option>
          ))}
        </select>
        <button type="submit">{t.show}</button>
      </form>
      <DataTable
        problem={deadlines.data ? undefined : asProblem(deadlines.error, deadlines.response.status).detail}
        empty={t.nothingDue}
        labelledBy="deadlines-heading"
        rows={deadlines.data?.items}
        columns={[t.colDue, t.colRight, t.colWhat, t.colGraceEnds, t.colRule]}
        row={(d) => (
          <tr data-deadline={d.assetId} data-state={d.state}>
            <td>
              <time datetime={d.dueDate}>{ui.date(d.dueDate)}</time> ({ui.f("daysLeft", { days: d.daysUntilDue })}
              {d.state === "in_grace" ? `, ${t.inGrace}` : ""})
            </td>
            <td>
              {d.assetName} ({d.jurisdiction})
            </td>
            <td>{d.type.replace(/_/g, " ")}</td>
            <td>{d.graceEndsAt ? ui.date(d.graceEndsAt) : t.none}</td>
            <td class="muted">{d.source}</td>
          </tr>
        )}
      />
      <h2>{t.subscribe}</h2>
      <p>{t.subscribeWhy}</p>
      <form method="post" action="/console/ip/feeds">
        {/* One key per rendered form: a double click replays the first feed, never mints a second live token. */}
        <input type="hidden" name="idempotencyKey" value={idempotencyKey("feed")} />
        <Field id="label" label={t.feedLabel} error={opts.feedError}>
          <input name="label" maxlength={100} {...described("label", opts.feedError)} />
        </Field>
        <button type="submit">{t.makeFeed}</button>
      </form>
      {opts.feed && (
        <div class="ok" role="status">
          <p>
            {t.feedShown}
            {opts.feed.expiresAt ? ui.f("feedValidUntil", { date: ui.date(opts.feed.expiresAt) }) : ""}:
          </p>
          <p>
            <a id="feed-url" href={origin + opts.feed.url}>
              {origin + opts.feed.url}
            </a>
          </p>
        </div>
      )}
    </ConsolePage>,
  );
}

/** `GET /console/ip`, `POST /console/ip/feeds` (a subscribable deadlines URL). */
export function registerConsoleIp(app: Hono<SfEnv>) {
  app.get("/console/ip", async (c) => {
    // The feed a POST just made, shown once: the cookie goes with this answer, so a reload shows (and mints) nothing.
    const sealed = getCookie(c, FEED_COOKIE);
    if (sealed === undefined) return IpPage(c);
    deleteCookie(c, FEED_COOKIE, { path: FEED_PATH });
    const feed = await openFlash(sealed, c.env.SESSION_SECRET, c.get("session")!.tenantId);
    return IpPage(c, feed?.url ? { feed: { url: feed.url, ...(feed.expiresAt ? { expiresAt: feed.expiresAt } : {}) } } : {});
  });

  app.post("/console/ip/feeds", async (c) => {
    const form = await c.req.parseBody();
    const label = String(form.label ?? "").trim();
    const key = idempotencyKeyOf(form.idempotencyKey, "feed") ?? idempotencyKey("feed");
    // Not in the typed client yet (its declarations name the older `/deadlines/feed`): asked directly.
    const res = await c.env.API.fetch(
      new Request("https://gateway/v1/ip/deadlines/feeds", {
        method: "POST",
        headers: { authorization: `Bearer ${c.get("session")!.key}`, "content-type": "application/json", ...idempotent(key).headers },
        body: JSON.stringify(label ? { label } : {}),
      }),
    );
    if (refused(res.status)) return signOut(c, "revoked");
    const body = (await res.json().catch(() => null)) as (Feed & { detail?: string }) | null;
    if (res.status !== 201 || !body?.url) {
      c.status(res.status >= 500 ? 503 : 400);
      return IpPage(c, { feedError: asProblem(body, res.status).detail });
    }
    // Post/redirect/get: the URL rides to the next page in a sealed, short-lived cookie, never in the address bar.
    const session = c.get("session")!;
    const value = { url: body.url, ...(body.expiresAt ? { expiresAt: body.expiresAt } : {}) };
    const flash = await sealFlash({ tenantId: session.tenantId, exp: Math.floor(Date.now() / 1000) + 60, value }, c.env.SESSION_SECRET);
    setCookie(c, FEED_COOKIE, flash, { path: FEED_PATH, httpOnly: true, sameSite: "Strict", secure: new URL(c.req.url).protocol === "https:", maxAge: 60 });
    return c.redirect(FEED_PATH, 303);
  });
}

const FEED_COOKIE = "ecp_feed";
const FEED_PATH = "/console/ip";
