import type { Context, Hono } from "hono";
import { apiClient, asProblem } from "../../api";
import type { SfEnv } from "../../types";
import { ConsolePage, described, Field } from "../../views/console";
import { signOut } from "./session";

const WINDOWS = [30, 90, 365, 3650] as const;
type Feed = { url: string; expiresAt?: string };

/** Rights, the deadlines calendar for a window of days, a calendar subscription, and complaints by id. */
async function IpPage(c: Context<SfEnv>, opts: { feed?: Feed; feedError?: string } = {}) {
  const within = WINDOWS.find((w) => String(w) === c.req.query("within")) ?? 90;
  const api = apiClient(c.env, c.get("session")!.key);
  const [assets, deadlines] = await Promise.all([
    api.GET("/v1/ip/assets", { params: { query: { limit: 100 } } }),
    api.GET("/v1/ip/deadlines", { params: { query: { withinDays: within } } }),
  ]);
  if ([assets.response.status, deadlines.response.status].some((s) => s === 401 || s === 403)) return signOut(c, "revoked");
  const origin = new URL(c.req.url).origin;
  return c.html(
    <ConsolePage title="IP" signedIn>
      <h1>Intellectual property</h1>
      <h2 id="rights-heading">Your rights</h2>
      {!assets.data ? (
        <p class="bad">{asProblem(assets.error, assets.response.status).detail}</p>
      ) : assets.data.items.length === 0 ? (
        <p class="muted">No rights registered yet.</p>
      ) : (
        <table aria-labelledby="rights-heading">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Jurisdiction</th>
              <th scope="col">Number</th>
              <th scope="col">Status</th>
              <th scope="col">Expires</th>
            </tr>
          </thead>
          <tbody>
            {assets.data.items.map((a) => (
              <tr data-asset={a.id}>
                <td>{a.name}</td>
                <td>{a.kind.replace(/_/g, " ")}</td>
                <td>{a.jurisdiction}</td>
                <td>{a.registrationNumber ?? "—"}</td>
                <td>{a.status}</td>
                <td>{a.expiresAt ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 id="deadlines-heading">Deadlines in the next {within} days</h2>
      <form method="get" action="/console/ip" class="filters">
        <label for="within">Window</label>
        <select id="within" name="within">
          {WINDOWS.map((w) => (
            <option value={String(w)} selected={w === within}>
              {w} days
            </option>
          ))}
        </select>
        <button type="submit">Show</button>
      </form>
      {!deadlines.data ? (
        <p class="bad">{asProblem(deadlines.error, deadlines.response.status).detail}</p>
      ) : deadlines.data.items.length === 0 ? (
        <p class="muted">Nothing falls due in this window.</p>
      ) : (
        <table aria-labelledby="deadlines-heading">
          <thead>
            <tr>
              <th scope="col">Due</th>
              <th scope="col">Right</th>
              <th scope="col">What</th>
              <th scope="col">Grace ends</th>
              <th scope="col">Rule</th>
            </tr>
          </thead>
          <tbody>
            {deadlines.data.items.map((d) => (
              <tr data-deadline={d.assetId} data-state={d.state}>
                <td>
                  <time datetime={d.dueDate}>{d.dueDate}</time> ({d.daysUntilDue} days{d.state === "in_grace" ? ", in grace" : ""})
                </td>
                <td>
                  {d.assetName} ({d.jurisdiction})
                </td>
                <td>{d.type.replace(/_/g, " ")}</td>
                <td>{d.graceEndsAt}</td>
                <td class="muted">{d.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Subscribe in a calendar app</h2>
      <p>Calendar apps cannot sign in, so a feed URL carries its own token: it opens this calendar only, and can be revoked.</p>
      <form method="post" action="/console/ip/feeds">
        <Field id="label" label="Label (where you will use it)" error={opts.feedError}>
          <input name="label" maxlength={100} {...described("label", opts.feedError)} />
        </Field>
        <button type="submit">Make a feed URL</button>
      </form>
      {opts.feed && (
        <div class="ok" role="status">
          <p>
            Your feed URL (shown once; copy it into your calendar app){opts.feed.expiresAt ? `, valid until ${opts.feed.expiresAt}` : ""}:
          </p>
          <p>
            <a id="feed-url" href={origin + opts.feed.url}>
              {origin + opts.feed.url}
            </a>
          </p>
        </div>
      )}
      <h2>Enforcement cases</h2>
      <form method="get" action="/console/ip/cases/open">
        <Field id="case" label="Case id">
          <input name="id" required {...described("case")} />
        </Field>
        <button type="submit">Open</button>
      </form>
      <h2>Complaints received</h2>
      <p>A complaint against one of your listings holds it at once; open it by its id (from the complaint's notice) to accept or file a counter-notice.</p>
      <form method="get" action="/console/ip/complaints/open">
        <Field id="complaint" label="Complaint id">
          <input name="id" required {...described("complaint")} />
        </Field>
        <button type="submit">Open</button>
      </form>
    </ConsolePage>,
  );
}

/** `GET /console/ip`, `POST /console/ip/feeds` (a subscribable deadlines URL). */
export function registerConsoleIp(app: Hono<SfEnv>) {
  app.get("/console/ip", (c) => IpPage(c));

  app.post("/console/ip/feeds", async (c) => {
    const label = String((await c.req.parseBody()).label ?? "").trim();
    // Not in the typed client yet (its declarations name the older `/deadlines/feed`): asked directly.
    const res = await c.env.API.fetch(
      new Request("https://gateway/v1/ip/deadlines/feeds", {
        method: "POST",
        headers: { authorization: `Bearer ${c.get("session")!.key}`, "content-type": "application/json" },
        body: JSON.stringify(label ? { label } : {}),
      }),
    );
    if (res.status === 401 || res.status === 403) return signOut(c, "revoked");
    const body = (await res.json().catch(() => null)) as (Feed & { detail?: string }) | null;
    if (res.status !== 201 || !body?.url) {
      c.status(res.status >= 500 ? 503 : 400);
      return IpPage(c, { feedError: asProblem(body, res.status).detail });
    }
    return IpPage(c, { feed: body });
  });
}
