import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addMonths } from "../src/domain/dates";
import { deadlinesOf, deadlinesWithin, type RightDates } from "../src/domain/deadlines";
import { JURISDICTIONS } from "../src/domain/jurisdictions";
import { ip, ok, problem, tenant, trademark } from "./helpers";

const right = (over: Partial<RightDates>): RightDates => ({
  id: "ipa_x", name: "Mark", kind: "trademark", jurisdiction: "US", registrationNumber: null, filedAt: null, registeredAt: null, ...over,
});

/** [what, right, type, occurrence, due, window opens, grace ends] — worked by hand from each rule's source. */
const EXAMPLES: [string, Partial<RightDates>, string, number, string, string, string][] = [
  ["US §8 declaration of use in year 6", { jurisdiction: "US", registeredAt: "2018-05-15" }, "declaration_of_use", 1, "2024-05-15", "2023-05-15", "2024-11-15"],
  ["US renewal 10 y from registration", { jurisdiction: "US", registeredAt: "2018-05-15" }, "renewal", 1, "2028-05-15", "2027-05-15", "2028-11-15"],
  ["EU renewal 10 y from filing, 29 Feb clamps; window and grace to month ends", { jurisdiction: "EU", filedAt: "2016-02-29", registeredAt: "2016-09-01" }, "renewal", 1, "2026-02-28", "2025-09-01", "2026-08-31"],
  ["EU renewal due on the last day of the month protection ends (Art. 53(3))", { jurisdiction: "EU", filedAt: "2016-03-15" }, "renewal", 1, "2026-03-31", "2025-10-01", "2026-09-30"],
  ["GB renewal from filing", { jurisdiction: "GB", filedAt: "2015-07-01" }, "renewal", 1, "2025-07-01", "2025-01-01", "2026-01-01"],
  ["CN renewal from approval", { jurisdiction: "CN", filedAt: "2013-01-01", registeredAt: "2014-08-21" }, "renewal", 1, "2024-08-21", "2023-08-21", "2025-02-21"],
  ["JP renewal from registration", { jurisdiction: "JP", registeredAt: "2017-03-10" }, "renewal", 1, "2027-03-10", "2026-09-10", "2027-09-10"],
  ["KR second renewal", { jurisdiction: "KR", registeredAt: "2009-11-30" }, "renewal", 2, "2029-11-30", "2028-11-30", "2030-05-30"],
  ["DE renewal from filing", { jurisdiction: "DE", filedAt: "2013-01-31" }, "renewal", 1, "2023-01-31", "2022-07-31", "2023-07-31"],
  ["FR renewal from filing", { jurisdiction: "FR", filedAt: "2012-06-15" }, "renewal", 1, "2022-06-15", "2021-12-15", "2022-12-15"],
  ["BR renewal from grant", { jurisdiction: "BR", registeredAt: "2016-10-04" }, "renewal", 1, "2026-10-04", "2025-10-04", "2027-04-04"],
  ["IN renewal from filing, grace clamps to 30 June", { jurisdiction: "IN", filedAt: "2014-12-31" }, "renewal", 1, "2024-12-31", "2023-12-31", "2025-06-30"],
  ["AU renewal from filing", { jurisdiction: "AU", filedAt: "2015-04-30" }, "renewal", 1, "2025-04-30", "2024-04-30", "2025-10-30"],
  ["CA renewal from registration", { jurisdiction: "CA", registeredAt: "2020-01-15" }, "renewal", 1, "2030-01-15", "2029-01-15", "2030-07-15"],
  ["MX declaration of use after the 3rd anniversary", { jurisdiction: "MX", registeredAt: "2021-05-20" }, "declaration_of_use", 1, "2024-08-20", "2024-05-20", "2024-08-20"],
  ["SA renewal from filing", { jurisdiction: "SA", filedAt: "2017-09-01" }, "renewal", 1, "2027-09-01", "2026-09-01", "2028-03-01"],
  ["AE renewal from filing", { jurisdiction: "AE", filedAt: "2018-02-14" }, "renewal", 1, "2028-02-14", "2027-02-14", "2028-08-14"],
  ["WIPO renewal from international registration", { jurisdiction: "WIPO", registeredAt: "2015-03-05" }, "renewal", 1, "2025-03-05", "2024-09-05", "2025-09-05"],
  ["US patent 1st maintenance fee at 3.5 y", { kind: "invention_patent", filedAt: "2015-01-10", registeredAt: "2017-06-20" }, "maintenance_fee", 1, "2020-12-20", "2020-06-20", "2021-06-20"],
  ["US patent 2nd maintenance fee at 7.5 y", { kind: "invention_patent", filedAt: "2015-01-10", registeredAt: "2017-06-20" }, "maintenance_fee", 2, "2024-12-20", "2024-06-20", "2025-06-20"],
  ["US patent 3rd maintenance fee at 11.5 y", { kind: "invention_patent", filedAt: "2015-01-10", registeredAt: "2017-06-20" }, "maintenance_fee", 3, "2028-12-20", "2028-06-20", "2029-06-20"],
  ["US patent ends 20 y from filing", { kind: "invention_patent", filedAt: "2015-01-10", registeredAt: "2017-06-20" }, "term_end", 1, "2035-01-10", "2035-01-10", "2035-01-10"],
  ["DE patent 3rd-year annuity", { kind: "invention_patent", jurisdiction: "DE", filedAt: "2020-03-15" }, "annuity", 1, "2022-03-31", "2021-03-31", "2022-09-30"],
  ["CN patent 2nd-year fee on the 1st filing anniversary, once granted", { kind: "invention_patent", jurisdiction: "CN", filedAt: "2020-03-15", registeredAt: "2020-11-02" }, "annuity", 2, "2021-03-15", "2020-12-15", "2021-09-15"],
  ["JP patent 4th-year fee on the 3rd anniversary of registration", { kind: "invention_patent", jurisdiction: "JP", filedAt: "2018-11-01", registeredAt: "2021-02-01" }, "annuity", 1, "2024-02-01", "2023-11-01", "2024-08-01"],
  ["KR patent 4th-year fee on the 3rd anniversary of registration", { kind: "invention_patent", jurisdiction: "KR", filedAt: "2015-06-10", registeredAt: "2017-09-20" }, "annuity", 1, "2020-09-20", "2020-06-20", "2021-03-20"],
  ["US design ends 15 y from grant", { kind: "design_patent", filedAt: "2017-01-01", registeredAt: "2019-09-03" }, "term_end", 1, "2034-09-03", "2034-09-03", "2034-09-03"],
  ["CN design ends 15 y from filing", { kind: "design_patent", jurisdiction: "CN", filedAt: "2022-04-01", registeredAt: "2023-01-01" }, "term_end", 1, "2037-04-01", "2037-04-01", "2037-04-01"],
  ["EU design 4th renewal at 20 y, to the month's end", { kind: "design_patent", jurisdiction: "EU", filedAt: "2010-05-05" }, "renewal", 4, "2030-05-31", "2029-12-01", "2030-11-30"],
  ["EU design ends at 25 y", { kind: "design_patent", jurisdiction: "EU", filedAt: "2010-05-05" }, "term_end", 1, "2035-05-05", "2035-05-05", "2035-05-05"],
];

describe("deadline rules", () => {
  it.each(EXAMPLES)("%s", (_, over, type, occurrence, due, opens, grace) => {
    const d = deadlinesOf(right(over)).find((x) => x.type === type && x.occurrence === occurrence);
    expect(d).toMatchObject({ dueDate: due, windowOpensAt: opens, graceEndsAt: grace });
    expect(d!.source.length).toBeGreaterThan(10);
  });

  it("covers every jurisdiction's trademarks", () => {
    for (const j of JURISDICTIONS) {
      expect(deadlinesOf(right({ jurisdiction: j, filedAt: "2020-01-01", registeredAt: "2020-06-01" })).some((d) => d.type === "renewal"), j).toBe(true);
    }
  });

  it("has EU designs renewed only up to 25 years, US designs never", () => {
    expect(deadlinesOf(right({ kind: "design_patent", jurisdiction: "EU", filedAt: "2010-05-05" })).filter((d) => d.type === "renewal")).toHaveLength(4);
    expect(deadlinesOf(right({ kind: "design_patent", registeredAt: "2010-05-05" })).map((d) => d.type)).toEqual(["term_end"]);
  });

  it("gives copyright and marks without the anchor date no deadlines", () => {
    expect(deadlinesOf(right({ kind: "copyright", filedAt: "2020-01-01" }))).toEqual([]);
    expect(deadlinesOf(right({ jurisdiction: "US", filedAt: "2020-01-01" }))).toEqual([]);
  });

  it("lists what falls due within the window and what is still in grace", () => {
    const rights = [right({ id: "a", jurisdiction: "GB", filedAt: "2015-07-01" }), right({ id: "b", jurisdiction: "GB", filedAt: "2016-03-01" })];
    const within = deadlinesWithin(rights, "2025-09-01", 200);
    expect(within.map((d) => [d.assetId, d.state, d.daysUntilDue])).toEqual([
      ["a", "in_grace", -62],
      ["b", "upcoming", 181],
    ]);
    expect(deadlinesWithin(rights, "2026-01-02", 10)).toEqual([]);
  });

  it("clamps month ends both ways", () => {
    expect(addMonths("2020-01-31", 1)).toBe("2020-02-29");
    expect(addMonths("2020-03-31", -1)).toBe("2020-02-29");
    expect(addMonths("2019-08-31", -42)).toBe("2016-02-29");
  });
});

describe("GET /v1/ip/deadlines", () => {
  it("answers JSON and an iCalendar feed from the tenant's rights", async () => {
    const t = tenant();
    const soon = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const filed = addMonths(soon, -120);
    await ok(await ip("/v1/ip/assets", { tenant: t, json: trademark({ jurisdiction: "DE", filedAt: filed, registeredAt: filed, name: "Nordlicht, Inc; \"Fine\"" }) }), 201);
    await ok(await ip("/v1/ip/assets", { tenant: t, json: trademark({ status: "abandoned", filedAt: filed, registeredAt: filed }) }), 201);
    const { items } = await ok(await ip("/v1/ip/deadlines?withinDays=60", { tenant: t }));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ type: "renewal", dueDate: soon, state: "upcoming", daysUntilDue: 30, jurisdiction: "DE" });
    expect((await ok(await ip("/v1/ip/deadlines?withinDays=10", { tenant: t }))).items).toEqual([]);

    const ics = await ip("/v1/ip/deadlines.ics", { tenant: t });
    expect(ics.headers.get("content-type")).toContain("text/calendar");
    const text = await ics.text();
    expect(text.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(text).toContain(`DTSTART;VALUE=DATE:${soon.replace(/-/g, "")}`);
    expect(text).toContain("Nordlicht\\, Inc\\; \"Fine\"");
    for (const line of text.split("\r\n")) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
  });

  it("serves the feed to a calendar app with the tenant's feed token, and refuses forged tokens", async () => {
    const t = tenant();
    const other = tenant();
    const filed = addMonths(new Date().toISOString().slice(0, 10), -119);
    await ok(await ip("/v1/ip/assets", { tenant: t, json: trademark({ jurisdiction: "DE", filedAt: filed, registeredAt: filed, name: "Feedmark" }) }), 201);
    const made = await ok(await ip("/v1/ip/deadlines/feeds", { tenant: t, json: { label: "Legal team calendar" } }), 201);
    const { url, token } = made;
    expect(url).toBe(`/v1/ip/deadlines.ics?token=${encodeURIComponent(token)}`);
    expect(made).toMatchObject({ id: expect.stringMatching(/^fdt_/), label: "Legal team calendar", revokedAt: null });
    expect(Date.parse(made.expiresAt) - Date.now()).toBeGreaterThan(364 * 86_400_000);
    // No caller headers at all: only the token says whose feed this is.
    const feed = await ip(url);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain("Feedmark");

    const otherToken = (await ok<{ token: string }>(await ip("/v1/ip/deadlines/feeds", { tenant: other, method: "POST" }), 201)).token;
    expect(otherToken).not.toBe(token);
    const [, id, exp, kid, signature] = token.split(".");
    const forged = [
      `${other}.${id}.${exp}.${kid}.${signature}`,
      `${t}.${id}.${Number(exp) + 1}.${kid}.${signature}`,
      token.slice(0, -2),
      `${t}.`,
      "garbage",
      `${t}.${id}.${exp}.${kid}.${"A".repeat(86)}`,
      // Bad base64 lengths (4k+1 characters) once made atob throw: an unauthenticated 500.
      `${t}.${id}.${exp}.${kid}.${signature!.slice(0, 85)}`,
      `${t}.${id}.${exp}.${kid}.A`,
      `${t}.${signature!.slice(0, 85)}`,
      // A key id that is no key, or none at all where one belongs.
      `${t}.${id}.${exp}.${"A".repeat(43)}.${signature}`,
      `${t}.${id}.${exp}.${kid!.slice(1)}.${signature}`,
      `${t}.${id}.${exp}..${signature}`,
    ];
    for (const bad of forged) {
      expect((await problem(await ip(`/v1/ip/deadlines.ics?token=${encodeURIComponent(bad)}`), 401)).code).toBe("invalid_feed_token");
    }
    // The feed token opens the calendar only, nothing else.
    await problem(await ip(`/v1/ip/deadlines?token=${encodeURIComponent(token)}`), 401);
  });

  it("answers a retried creation (same Idempotency-Key) with the same feed and token, and keeps no token to do it", async () => {
    const t = tenant();
    const create = () => ip("/v1/ip/deadlines/feeds", { tenant: t, json: { label: "retried" }, headers: { "idempotency-key": "feed-once" } });
    const first = await create();
    const made = await ok(first, 201);
    const again = await create();
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await ok(again, 201)).toEqual(made);
    expect((await ip(made.url)).status).toBe(200);
    expect((await ok(await ip("/v1/ip/deadlines/feeds", { tenant: t }))).items.map((i: { id: string }) => i.id)).toEqual([made.id]);
    const kept = await (env as unknown as Env).DB.prepare("SELECT body FROM idempotency_keys WHERE scope = ? AND idem_key = ?").bind(t, "feed-once").first<{ body: string }>();
    expect(kept!.body).toContain(made.id);
    expect(kept!.body).not.toContain(made.token.split(".").pop());
    // Another body under the same key is refused, as everywhere.
    expect((await problem(await ip("/v1/ip/deadlines/feeds", { tenant: t, json: { label: "other" }, headers: { "idempotency-key": "feed-once" } }), 409)).code).toBe("idempotency_key_reused");
  });

  it("signs a feed token before storing it: a failed signing leaves no token, so a retry under the same key makes exactly one", async () => {
    const { app } = await import("../src/http");
    const { createExecutionContext, waitOnExecutionContext } = await import("cloudflare:test");
    const t = tenant();
    const create = async (e: Env) => {
      const ctx = createExecutionContext();
      const req = new Request("https://ip.internal/v1/ip/deadlines/feeds", {
        method: "POST",
        headers: { "x-ecp-tenant": t, "x-ecp-key-kind": "secret", "content-type": "application/json", "idempotency-key": "feed-signed-first" },
        body: JSON.stringify({ label: "retried after a 503" }),
      });
      const res = await app.fetch(req, e, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    // The ledger key is missing: signing answers 503. Before, the token's row was already written and the 503 freed the key.
    expect((await problem(await create({ ...(env as Env), LEDGER_SIGNING_KEY: "" }), 503)).code).toBe("ledger_key_missing");
    expect((await ok(await ip("/v1/ip/deadlines/feeds", { tenant: t }))).items).toEqual([]);
    const made = await ok(await create(env as Env), 201);
    const again = await create(env as Env);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await ok(again, 201)).toEqual(made);
    expect((await ok(await ip("/v1/ip/deadlines/feeds", { tenant: t }))).items.map((i: { id: string }) => i.id)).toEqual([made.id]);
  });

  it("lists feed tokens a page at a time, newest first, never another tenant's", async () => {
    const t = tenant();
    const other = tenant();
    const made: string[] = [];
    for (const label of ["a", "b", "c"]) made.push((await ok(await ip("/v1/ip/deadlines/feeds", { tenant: t, json: { label } }), 201)).id);
    await ok(await ip("/v1/ip/deadlines/feeds", { tenant: other, json: { label: "theirs" } }), 201);
    const first = await ok(await ip("/v1/ip/deadlines/feeds?limit=2", { tenant: t }));
    expect(first.items.map((i: { id: string }) => i.id)).toEqual([made[2], made[1]]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await ok(await ip(`/v1/ip/deadlines/feeds?limit=2&cursor=${first.nextCursor}`, { tenant: t }));
    expect(second).toEqual({ items: [expect.objectContaining({ id: made[0], label: "a" })], nextCursor: null });
    await problem(await ip("/v1/ip/deadlines/feeds?cursor=garbled", { tenant: t }), 400);
    await problem(await ip("/v1/ip/deadlines/feeds?limit=101", { tenant: t }), 400);
  });

  it("gives every feed token an id, an expiry and its own revocation", async () => {
    const t = tenant();
    const a = await ok(await ip("/v1/ip/deadlines/feeds", { tenant: t, json: { label: "a" } }), 201);
    const b = await ok(await ip("/v1/ip/deadlines/feeds", { tenant: t, json: { label: "b", ttlDays: 1 } }), 201);
    expect(Date.parse(b.expiresAt) - Date.now()).toBeLessThanOrEqual(86_400_000);
    const listed = await ok(await ip("/v1/ip/deadlines/feeds", { tenant: t }));
    expect(listed.items.map((i: { id: string }) => i.id).sort()).toEqual([a.id, b.id].sort());
    expect(JSON.stringify(listed)).not.toContain(a.token);

    // Another tenant cannot revoke it; its owner can, and only that URL stops working.
    await problem(await ip(`/v1/ip/deadlines/feeds/${a.id}`, { tenant: tenant(), method: "DELETE" }), 404);
    expect((await ok(await ip(`/v1/ip/deadlines/feeds/${a.id}`, { tenant: t, method: "DELETE" }))).revokedAt).toEqual(expect.any(String));
    expect((await problem(await ip(a.url), 401)).code).toBe("invalid_feed_token");
    expect((await ip(b.url)).status).toBe(200);

    // An expired token is refused even with a valid signature.
    const { signFeedToken } = await import("../src/feed-token");
    const expired = await signFeedToken(env as Env, { tenantId: t, feedId: b.id, exp: Math.floor(Date.now() / 1000) - 1 });
    await problem(await ip(`/v1/ip/deadlines.ics?token=${encodeURIComponent(expired)}`), 401);
    await problem(await ip("/v1/ip/deadlines/feeds", { tenant: t, json: { ttlDays: 731 } }), 400);
  });

  it("keeps feed URLs working when the signing key rotates: a token names its key, which the ledger keeps; revoked ones stay refused", async () => {
    const { app } = await import("../src/http");
    const { createExecutionContext, waitOnExecutionContext } = await import("cloudflare:test");
    const call = async (e: Env, path: string, init: RequestInit = {}) => {
      const ctx = createExecutionContext();
      const res = await app.fetch(new Request(`https://ip.internal${path}`, init), e, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    const withNewKey = async (): Promise<Env> => {
      const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
      return { ...(env as Env), LEDGER_SIGNING_KEY: JSON.stringify(await crypto.subtle.exportKey("jwk", pair.privateKey)) };
    };
    const [before, after] = [await withNewKey(), await withNewKey()];
    const t = tenant();
    const headers = { "x-ecp-tenant": t, "x-ecp-key-kind": "secret", "content-type": "application/json" };
    const make = async (label: string) => ok(await call(before, "/v1/ip/deadlines/feeds", { method: "POST", headers, body: JSON.stringify({ label }) }), 201);
    const kept = await make("kept");
    const revoked = await make("revoked");
    const [tenantId, id, exp, kid, signature] = kept.token.split(".");
    // A token of the old format (no key id) still opens the feed while its key is current.
    const legacy = `/v1/ip/deadlines.ics?token=${encodeURIComponent(`${tenantId}.${id}.${exp}.${signature}`)}`;
    expect((await call(before, legacy)).status).toBe(200);

    // The key rotates: tokens it signed keep working, and its key id is the one the ledger publishes.
    const { keys } = await ok(await call(after, "/v1/ip/ledger/keys"));
    expect(keys.find((k: { kid: string }) => k.kid === kid)).toMatchObject({ current: false });
    const newKid = keys.find((k: { current: boolean }) => k.current).kid;
    expect((await call(after, kept.url)).status).toBe(200);
    await ok(await call(after, `/v1/ip/deadlines/feeds/${revoked.id}`, { method: "DELETE", headers }));
    expect((await problem(await call(after, revoked.url), 401)).code).toBe("invalid_feed_token");
    // The old signature under the new key's id, and the old format once its key is gone, are refused.
    for (const bad of [`${tenantId}.${id}.${exp}.${newKid}.${signature}`, `${tenantId}.${id}.${exp}.${signature}`]) {
      expect((await problem(await call(after, `/v1/ip/deadlines.ics?token=${encodeURIComponent(bad)}`), 401)).code).toBe("invalid_feed_token");
    }
    // New tokens name the new key.
    expect((await ok(await call(after, "/v1/ip/deadlines/feeds", { method: "POST", headers, body: "{}" }), 201)).token.split(".")[3]).toBe(newKid);
  });

  it("takes a timestamp's date as written, whatever its offset, so no legal date moves a day", async () => {
    const t = tenant();
    const tokyo = await ok(await ip("/v1/ip/assets", { tenant: t, json: trademark({ jurisdiction: "JP", filedAt: "2016-12-31T23:30:00-05:00", registeredAt: "2017-03-10T00:00:00+09:00" }) }), 201);
    expect([tokyo.filedAt, tokyo.registeredAt]).toEqual(["2016-12-31", "2017-03-10"]);
    const renewal = deadlinesOf(right({ jurisdiction: "JP", filedAt: tokyo.filedAt, registeredAt: tokyo.registeredAt })).find((d) => d.type === "renewal");
    expect(renewal?.dueDate).toBe("2027-03-10");
    // The extremes stay in years 0000–9999 (in UTC they left them): taken, and the deadlines still answer.
    const far = await ok(await ip("/v1/ip/assets", { tenant: t, json: trademark({ filedAt: "0000-01-01T00:00:00+01:00", registeredAt: "9999-12-31T23:00:00-05:00" }) }), 201);
    expect([far.filedAt, far.registeredAt]).toEqual(["0000-01-01", "9999-12-31"]);
    for (const bad of ["2017-02-29T00:00:00+09:00", "2017-03-10T00:00:00", "2017-03-10 00:00:00Z", "10-03-2017"]) {
      expect((await problem(await ip("/v1/ip/assets", { tenant: t, json: trademark({ registeredAt: bad }) }), 400)).errors?.map((e) => e.path), bad).toContain("registeredAt");
    }
    await ok(await ip("/v1/ip/deadlines", { tenant: t }));
    expect((await ip("/v1/ip/deadlines.ics", { tenant: t })).status).toBe(200);
  });

  it("reads the body's media type whatever its case: Application/JSON asks for the token it names", async () => {
    const t = tenant();
    const res = await ip("/v1/ip/deadlines/feeds", { tenant: t, method: "POST", headers: { "content-type": "Application/JSON; Charset=UTF-8" }, body: JSON.stringify({ ttlDays: 1, label: "cased" }) });
    const made = await ok(res, 201);
    expect(made.label).toBe("cased");
    expect(Math.abs(Date.parse(made.expiresAt) - Date.now() - 86_400_000)).toBeLessThan(60_000);
  });

  it("refuses a negative window", async () => {
    await problem(await ip("/v1/ip/deadlines?withinDays=-1", { tenant: tenant() }), 400);
  });
});

describe("a right's term", () => {
  it("asks for no fee or renewal once the term has ended, in any jurisdiction", () => {
    for (const jurisdiction of JURISDICTIONS) {
      for (const kind of ["trademark", "invention_patent", "design_patent", "copyright"] as const) {
        const all = deadlinesOf(right({ kind, jurisdiction, filedAt: "2020-04-01", registeredAt: "2021-01-15" }));
        const end = all.find((d) => d.type === "term_end");
        if (!end) continue;
        const after = all.filter((d) => d.type !== "term_end" && d.dueDate >= end.dueDate);
        expect(after.map((d) => `${d.type} ${d.occurrence} ${d.dueDate}`), `${jurisdiction} ${kind} ends ${end.dueDate}`).toEqual([]);
      }
    }
  });

  it("charges a CN design's annual fees for its 15 years only", () => {
    const fees = deadlinesOf(right({ kind: "design_patent", jurisdiction: "CN", filedAt: "2022-04-01", registeredAt: "2022-11-15" })).filter((d) => d.type === "annuity");
    expect(fees.map((d) => d.occurrence)).toEqual(Array.from({ length: 14 }, (_, i) => i + 2));
    expect(fees.at(-1)).toMatchObject({ occurrence: 15, dueDate: "2036-04-01" });
  });
});

describe("JP and KR annuities", () => {
  const fees = (over: Partial<RightDates>) => deadlinesOf(right({ kind: "invention_patent", ...over })).filter((d) => d.type === "annuity");

  it("fall on anniversaries of registration from the 3rd, the last before the term's 20 years from filing end", () => {
    const jp = fees({ jurisdiction: "JP", filedAt: "2018-11-01", registeredAt: "2021-02-01" });
    expect(jp.map((d) => d.dueDate)).toEqual(Array.from({ length: 15 }, (_, i) => `${2024 + i}-02-01`));
    expect(jp.at(-1)).toMatchObject({ occurrence: 15, dueDate: "2038-02-01", graceEndsAt: "2038-08-01" });
    // Registered on the filing date's anniversary: the fee that would fall on the term's last day is not asked for.
    const kr = fees({ jurisdiction: "KR", filedAt: "2010-03-01", registeredAt: "2012-03-01" });
    expect([kr[0]!.dueDate, kr.at(-1)!.dueDate, kr.length]).toEqual(["2015-03-01", "2029-03-01", 15]);
  });

  it("wait for both dates: none before registration, none without the filing date that ends the term", () => {
    for (const jurisdiction of ["JP", "KR"]) {
      expect(fees({ jurisdiction, filedAt: "2018-11-01" }), jurisdiction).toEqual([]);
      expect(fees({ jurisdiction, registeredAt: "2021-02-01" }), jurisdiction).toEqual([]);
      expect(deadlinesOf(right({ kind: "invention_patent", jurisdiction, filedAt: "2018-11-01" })).map((d) => [d.type, d.dueDate])).toEqual([["term_end", "2038-11-01"]]);
    }
  });
});

describe("GET /v1/ip/deadlines pages", () => {
  it("serves a long list a page at a time, each deadline once, and refuses a page too long or a forged cursor", async () => {
    const t = tenant();
    // Two CN invention patents filed the same day: yearly fees on the same dates, so pages split between ties.
    for (const name of ["Alpha", "Beta"]) {
      await ok(await ip("/v1/ip/assets", { tenant: t, json: { kind: "invention_patent", jurisdiction: "CN", name, owner: "Demo", status: "granted", registrationNumber: `CN-${name}`, filedAt: "2020-03-15", registeredAt: "2021-01-20" } }), 201);
    }
    const whole = await ok(await ip("/v1/ip/deadlines?withinDays=3650", { tenant: t }));
    expect(whole.items.length).toBeGreaterThan(15);
    expect(whole.nextCursor).toBeNull();
    const seen: string[] = [];
    let cursor: string | null = "";
    let pages = 0;
    while (cursor !== null) {
      const res: { items: { assetId: string; ruleId: string; occurrence: number; dueDate: string }[]; nextCursor: string | null } = await ok(
        await ip(`/v1/ip/deadlines?withinDays=3650&limit=5${cursor ? `&cursor=${cursor}` : ""}`, { tenant: t }),
      );
      expect(res.items.length).toBeLessThanOrEqual(5);
      seen.push(...res.items.map((d) => `${d.dueDate} ${d.assetId} ${d.ruleId} ${d.occurrence}`));
      cursor = res.nextCursor;
      pages += 1;
    }
    expect(pages).toBe(Math.ceil(whole.items.length / 5));
    expect(seen).toEqual(whole.items.map((d: { assetId: string; ruleId: string; occurrence: number; dueDate: string }) => `${d.dueDate} ${d.assetId} ${d.ruleId} ${d.occurrence}`));
    expect((await problem(await ip("/v1/ip/deadlines?limit=101", { tenant: t }), 400)).errors?.[0]?.path).toBe("query.limit");
    expect((await problem(await ip("/v1/ip/deadlines?cursor=eyJ4IjoxfQ", { tenant: t }), 400)).code).toBe("invalid_cursor");
  });
});
