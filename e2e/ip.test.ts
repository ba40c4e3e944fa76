import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { api, DEMO, expectProblem, newTenant } from "./helpers";

const run = promisify(execFile);
type Json = Record<string, any>;

const post = async (key: string, p: string, json: unknown, status = 201): Promise<Json> => {
  const res = await api(p, { method: "POST", key, json });
  const text = await res.text();
  if (res.status !== status) throw new Error(`${p}: expected ${status}, got ${res.status} ${text}`);
  return JSON.parse(text);
};
const get = async (key: string, p: string): Promise<Json> => {
  const res = await api(p, { key });
  if (res.status !== 200) throw new Error(`${p}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Json>;
};

/** Runs `npm run verify-proof`'s script with only the public key set and one bundle; resolves its exit code and output. */
async function verifyCli(keys: unknown, bundle: unknown) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ecp-proof-"));
  writeFileSync(path.join(dir, "keys.json"), JSON.stringify(keys));
  writeFileSync(path.join(dir, "bundle.json"), JSON.stringify(bundle));
  try {
    const { stdout } = await run("node", ["scripts/verify-proof.mjs", "--key", path.join(dir, "keys.json"), "--bundle", path.join(dir, "bundle.json")]);
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

describe("IP protection through the gateway", () => {
  let tenant: Awaited<ReturnType<typeof newTenant>>;
  let sk: string;

  beforeAll(async () => {
    tenant = await newTenant();
    sk = tenant.keys.secret;
  });

  it("clears against the seeded reference register and imports marks as the operator", async () => {
    const blocked = await post(sk, "/v1/ip/clearance", { text: "Аpple watch band", markets: ["US"] }, 200);
    expect(blocked.status).toBe("blocked");
    expect(blocked.findings[0]).toMatchObject({ mark: "Apple", owner: "Apple Inc.", reasons: ["confusable", "embedded"] });
    await expectProblem(await api("/v1/admin/marks", { method: "POST", key: sk, json: { items: [] } }), 401);
    const csv = "name,owner,jurisdiction,niceClasses,registrationNumber,status,designations\nQuorvex,Quorvex GmbH,EU,9;35,E2E-1,registered,\n";
    const imported = await api("/v1/admin/marks", { method: "POST", key: DEMO.admin, headers: { "content-type": "text/csv" }, body: csv });
    expect(imported.status).toBe(200);
    expect(await imported.json()).toMatchObject({ imported: expect.any(Number) });
    const found = await post(sk, "/v1/ip/clearance", { text: "Quorvex speaker", markets: ["AT"] }, 200);
    expect(found.findings.map((f: Json) => f.mark)).toContain("Quorvex");
  });

  it("lets a claimed register mark clear the tenant's text only after the operator verifies the claim", async () => {
    const text = { text: "Quorvex speaker", markets: ["AT"] };
    const claim = await post(sk, "/v1/ip/assets", { kind: "trademark", jurisdiction: "EU", name: "Quorvex", niceClasses: [9], owner: "Quorvex GmbH", status: "registered" });
    expect((await post(sk, "/v1/ip/clearance", text, 200)).findings[0].reasons).toContain("ownership_unverified");
    const decide = (key: string) => api(`/v1/admin/ip/assets/${claim.id}/ownership`, { method: "PUT", key, json: { status: "verified" } });
    await expectProblem(await decide(sk), 401);
    expect((await decide(DEMO.admin)).status).toBe(200);
    // Another isolate may hold the tenant's marks for a second.
    await expect.poll(async () => (await post(sk, "/v1/ip/clearance", text, 200)).status, { timeout: 5000 }).toBe("clear");
  });

  it("runs a case from evidence to litigation, rendering its letter and packet", async () => {
    const asset = await post(sk, "/v1/ip/assets", {
      kind: "trademark", jurisdiction: "EU", name: "Brightwell", niceClasses: [11], registrationNumber: "018765432", owner: "Brightwell GmbH", status: "registered", filedAt: "2021-02-01", registeredAt: "2021-06-15",
    });
    // A case cites only a right the operator verified is the tenant's.
    const verified = await api(`/v1/admin/ip/assets/${asset.id}/ownership`, { method: "PUT", key: DEMO.admin, json: { status: "verified" } });
    expect(verified.status).toBe(200);
    const form = new FormData();
    form.set("file", new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a])], "test-buy.pdf", { type: "application/pdf" }));
    form.set("title", "Test purchase invoice");
    const evidence = (await (await api("/v1/ip/evidence", { method: "POST", key: sk, body: form })).json()) as Json;
    expect(evidence).toMatchObject({ source: "file", contentType: "application/pdf", ledger: { index: 0, treeSize: 1 } });

    const created = await post(sk, "/v1/ip/cases", {
      assetId: asset.id,
      infringer: { name: "Lampen Outlet", email: "shop@outlet.example", language: "de", platform: "MarketHub", listingUrl: "https://markethub.example/p/42" },
    });
    const refused = await expectProblem(await api(`/v1/ip/cases/${created.id}/advance`, { method: "POST", key: sk, json: { to: "warning_letter" } }), 409);
    expect(refused.detail).toMatch(/ledger-anchored evidence/);
    for (const [to, extra] of [["warning_letter", { evidenceIds: [evidence.id] }], ["platform_complaint", {}], ["administrative_complaint", {}], ["litigation", {}]] as const) {
      const moved = await post(sk, `/v1/ip/cases/${created.id}/advance`, { to, ...extra }, 200);
      expect(moved.stage).toBe(to);
    }
    const letter = await get(sk, `/v1/ip/cases/${created.id}/letter`);
    expect(letter.language).toBe("de");
    expect(letter.body).toContain("018765432");
    expect(letter.body).toContain(evidence.sha256);
    const packet = await get(sk, `/v1/ip/cases/${created.id}/packet`);
    expect(packet.infringement.listingUrls).toEqual(["https://markethub.example/p/42"]);
    const done = await get(sk, `/v1/ip/cases/${created.id}`);
    expect(done.timeline.map((e: Json) => e.to)).toEqual(["evidence", "warning_letter", "platform_complaint", "administrative_complaint", "litigation"]);
    const other = await newTenant();
    await expectProblem(await api(`/v1/ip/cases/${created.id}`, { key: other.keys.secret }), 404);
  });

  it("serves a signed tree head whose proof the CLI verifies with only the public key", async () => {
    for (let i = 0; i < 4; i++) await post(sk, "/v1/ip/evidence", { url: `https://markethub.example/p/${i}`, capturedAt: "2026-02-01T10:00:00Z" });
    const sth = await get(sk, "/v1/ip/ledger");
    expect(sth.treeSize).toBeGreaterThanOrEqual(5);
    const keysRes = await api("/v1/ip/ledger/keys");
    expect(keysRes.status).toBe(200);
    const keys = await keysRes.json();
    const list = await get(sk, "/v1/ip/evidence?limit=3");
    const bundle = await get(sk, `/v1/ip/evidence/${list.items[2].id}`);
    const ok = await verifyCli(keys, bundle);
    expect(ok.stdout).toContain("verified");
    expect(ok.code).toBe(0);
    const forged = { ...bundle, ledger: { ...bundle.ledger, inclusionProof: bundle.ledger.inclusionProof.map((h: string, i: number) => (i === 0 ? `${h[0] === "0" ? "1" : "0"}${h.slice(1)}` : h)) } };
    expect((await verifyCli(keys, forged)).code).toBe(1);
    const truncated = { ...bundle, ledger: { ...bundle.ledger, inclusionProof: bundle.ledger.inclusionProof.slice(1) } };
    expect((await verifyCli(keys, truncated)).code).toBe(1);
    const consistency = await get(sk, `/v1/ip/ledger/proofs/consistency?first=2&second=${sth.treeSize}`);
    expect(consistency.path.length).toBeGreaterThan(0);
  });

  it("refuses an evidence file over the limit with 413 and a disguised one with 415", async () => {
    const big = new FormData();
    big.set("file", new File([new Uint8Array(600 * 1024)], "big.png", { type: "image/png" }));
    expect((await expectProblem(await api("/v1/ip/evidence", { method: "POST", key: sk, body: big }), 413)).code).toBe("file_too_large");
    const fake = new FormData();
    fake.set("file", new File(["MZ\u0090\u0000"], "shot.png", { type: "image/png" }));
    await expectProblem(await api("/v1/ip/evidence", { method: "POST", key: sk, body: fake }), 415);
  });

  it("holds a listing on a complaint and files a counter-notice", async () => {
    const created = await api("/v1/catalog/listings", {
      method: "POST",
      key: sk,
      json: { sku: "LAMP-IP-1", brand: "Brightwell", defaultLocale: "en", translations: { en: { title: "Brass desk lamp" } }, price: { amount: 4900, currency: "EUR" }, markets: ["DE"] },
    });
    expect(created.status).toBe(201);
    const listing = (await created.json()) as Json;
    const complaint = await post(sk, "/v1/ip/complaints", {
      listingId: listing.id,
      complainant: { name: "Brightwell Lighting Ltd", email: "ip@bwl.example" },
      right: { mark: "Brightwell", jurisdiction: "GB", registrationNumber: "UK00003456789", filedAt: "2022-01-10" },
      reason: "Identical mark on lamps",
    });
    expect(complaint).toMatchObject({ status: "open", listing: { status: "held" } });
    const asOwner = await get(sk, `/v1/catalog/listings/${listing.id}?country=DE`);
    expect(asOwner.status).toBe("held");
    const evidence = await post(sk, "/v1/ip/evidence", { url: "https://archive.example/brightwell-2020", title: "Brightwell lamps, 2020 catalogue" });
    const countered = await post(
      sk,
      `/v1/ip/complaints/${complaint.id}/response`,
      { action: "counter_notice", reason: "prior_use", priorUseDate: "2020-04-01", evidence: [evidence.id], argument: "Sold as Brightwell in the EU since 2020." },
      200,
    );
    expect(countered.status).toBe("countered");
    expect(countered.history.map((h: Json) => h.status)).toEqual(["open", "countered"]);
    await expectProblem(await api(`/v1/ip/complaints/${complaint.id}/response`, { method: "POST", key: sk, json: { action: "accept" } }), 409);
  });

  it("lists deadlines as JSON and as an iCalendar feed", async () => {
    const deadlines = await get(sk, "/v1/ip/deadlines?withinDays=3650");
    expect(deadlines.items.some((d: Json) => d.type === "renewal" && d.jurisdiction === "EU")).toBe(true);
    const ics = await api("/v1/ip/deadlines.ics?withinDays=3650", { key: sk });
    expect(ics.headers.get("content-type")).toContain("text/calendar");
    expect(await ics.text()).toContain("BEGIN:VEVENT");
    // A calendar app subscribes to a URL with no Authorization header.
    const { url } = await post(sk, "/v1/ip/deadlines/feeds", { label: "e2e" });
    const subscribed = await api(`${url}&withinDays=3650`);
    expect(subscribed.status).toBe(200);
    expect(await subscribed.text()).toContain("BEGIN:VEVENT");
    await expectProblem(await api("/v1/ip/deadlines.ics?token=ten_x.forged"), 401);
  });
});
