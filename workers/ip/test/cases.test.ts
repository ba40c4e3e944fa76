import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MAX_CASE_EVIDENCE } from "../src/routes/cases";
import { attachEvidence, caseMove, changedSince, getCase } from "../src/store/cases";
import { db } from "../src/store/db";
import { checkMove, MOVES, STAGES, type CaseFacts, type Stage } from "../src/domain/case-process";
import { ip, ok, problem, tenant, trademark, verifyOwnership } from "./helpers";

const ready: CaseFacts = {
  stage: "evidence",
  evidenceCount: 1,
  infringer: { name: "Fake Shop", email: "x@fake.example", platform: "Marketplace", listingUrl: "https://m.example/l/1" },
  right: { registrationNumber: "018000001", status: "registered", ownership: "verified" },
  history: ["evidence"],
};

async function setup(infringer: Record<string, string> = { name: "Fake Shop", email: "legal@fake.example", platform: "ShopMarket", listingUrl: "https://shopmarket.example/item/9", language: "de-AT" }, verified = true) {
  const t = tenant();
  const asset = await ok(await ip("/v1/ip/assets", { tenant: t, json: trademark() }), 201);
  if (verified) await verifyOwnership(asset.id);
  const evidence = await ok(await ip("/v1/ip/evidence", { tenant: t, json: { url: "https://shopmarket.example/item/9", capturedAt: "2026-01-10T09:30:00Z" } }), 201);
  const created = await ok(await ip("/v1/ip/cases", { tenant: t, json: { assetId: asset.id, infringer } }), 201);
  return { t, asset, evidence, created };
}

const advance = (t: string, id: string, json: unknown) => ip(`/v1/ip/cases/${id}/advance`, { tenant: t, json });

describe("the enforcement process as data", () => {
  it("refuses every move the table does not list, and every move out of a finished case", () => {
    for (const from of STAGES) {
      for (const to of STAGES) {
        const listed = MOVES.some((m) => m.from === from && m.to === to);
        const check = checkMove({ ...ready, stage: from, history: [...STAGES] }, to);
        expect(check.allowed, `${from} → ${to}`).toBe(listed);
        if (!check.allowed) expect(check.reason.length).toBeGreaterThan(10);
      }
    }
  });

  it.each<[string, Partial<CaseFacts>, Stage, RegExp]>([
    ["a letter without anchored evidence", { evidenceCount: 0 }, "warning_letter", /ledger-anchored evidence/],
    ["a letter for an unregistered right", { right: { registrationNumber: null, status: "filed", ownership: "unverified" } }, "warning_letter", /registered/],
    ["a letter citing a right the operator found is not the tenant's", { right: { ...ready.right, ownership: "rejected" } }, "warning_letter", /ownership rejected/],
    ["a letter citing a right nobody verified is the tenant's", { right: { ...ready.right, ownership: "unverified" } }, "warning_letter", /ownership unverified\): ask the platform operator to verify/],
    ["a platform complaint citing a right nobody verified", { stage: "warning_letter", right: { ...ready.right, ownership: "unverified" } }, "platform_complaint", /ownership unverified/],
    ["a letter with nobody to send it to", { infringer: { name: "X" } }, "warning_letter", /email or postal address/],
    ["a platform complaint without the listing", { stage: "warning_letter", infringer: { name: "X", email: "a@b.c" } }, "platform_complaint", /listing's URL/],
    ["litigation with no letter sent", { stage: "administrative_complaint", history: ["evidence", "administrative_complaint"] }, "litigation", /warning letter sent first/],
    ["skipping the letter", {}, "platform_complaint", /cannot move to platform_complaint/],
    ["going back", { stage: "platform_complaint" }, "warning_letter", /cannot move to warning_letter/],
    ["advancing a closed case", { stage: "closed" }, "litigation", /finished case/],
    ["advancing a resolved case", { stage: "resolved" }, "closed", /finished case/],
  ])("refuses %s and says why", (_, over, to, why) => {
    const check = checkMove({ ...ready, ...over }, to);
    expect(check.allowed).toBe(false);
    expect(!check.allowed && check.reason).toMatch(why);
  });
});

describe("enforcement cases over HTTP", () => {
  it("runs evidence → litigation with its letter, packet, timeline and due dates", async () => {
    const { t, evidence, created } = await setup();
    expect(created).toMatchObject({ stage: "evidence", evidenceIds: [], timeline: [{ from: null, to: "evidence" }] });
    expect(created.nextMoves.find((m: { to: string }) => m.to === "warning_letter")).toMatchObject({ allowed: false });

    const refused = await problem(await advance(t, created.id, { to: "warning_letter" }), 409);
    expect(refused.detail).toMatch(/ledger-anchored evidence/);
    await problem(await ip(`/v1/ip/cases/${created.id}/letter`, { tenant: t }), 409);

    const letter = await ok(await advance(t, created.id, { to: "warning_letter", evidenceIds: [evidence.id], note: "sent by email" }));
    expect(letter).toMatchObject({ stage: "warning_letter", evidenceIds: [evidence.id] });
    expect(letter.nextDueAt).toBe(new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10));

    const rendered = await ok(await ip(`/v1/ip/cases/${created.id}/letter`, { tenant: t }));
    expect(rendered.language).toBe("de");
    expect(rendered.subject).toContain("018000001");
    expect(rendered.body).toContain(evidence.sha256);
    expect(rendered.body).toContain("Fake Shop");
    const english = await ok(await ip(`/v1/ip/cases/${created.id}/letter?lang=en`, { tenant: t }));
    expect(english.body).toMatch(/registered in EU under number 018000001/);

    await ok(await advance(t, created.id, { to: "platform_complaint" }));
    const packet = await ok(await ip(`/v1/ip/cases/${created.id}/packet`, { tenant: t }));
    expect(packet).toMatchObject({
      right: { registrationNumber: "018000001", registrationOffice: "EU", niceClasses: [9, 35] },
      infringement: { platform: "ShopMarket", listingUrls: ["https://shopmarket.example/item/9"] },
      evidence: [{ sha256: evidence.sha256, ledgerIndex: 0, leafHash: evidence.leafHash }],
    });
    expect(packet.declarations).toHaveLength(2);

    await ok(await advance(t, created.id, { to: "administrative_complaint" }));
    const litigation = await ok(await advance(t, created.id, { to: "litigation", note: "filed at court" }));
    expect(litigation.timeline.map((e: { to: string }) => e.to)).toEqual(["evidence", "warning_letter", "platform_complaint", "administrative_complaint", "litigation"]);
    expect(litigation.timeline[4].note).toBe("filed at court");

    const closed = await ok(await advance(t, created.id, { to: "closed" }));
    expect(closed.nextMoves).toEqual([]);
    const again = await problem(await advance(t, created.id, { to: "resolved" }), 409);
    expect(again.detail).toMatch(/closed/);
  });

  it("cites 99, 100 and 150 evidence items in its letter and packet (D1 binds at most 100 parameters a statement)", async () => {
    const { t, created } = await setup();
    const all: { id: string; sha256: string }[] = [];
    for (let i = 0; i < 150; i += 25) {
      const batch = await Promise.all(Array.from({ length: 25 }, (_, j) => ip("/v1/ip/evidence", { tenant: t, json: { url: `https://shopmarket.example/item/${i + j}` } }).then((r) => ok(r, 201))));
      all.push(...batch);
    }
    const ids = all.map((e) => e.id);
    const cited = async (n: number) => {
      const letter = await ok(await ip(`/v1/ip/cases/${created.id}/letter?lang=en`, { tenant: t }));
      const packet = await ok(await ip(`/v1/ip/cases/${created.id}/packet`, { tenant: t }));
      expect(packet.evidence).toHaveLength(n);
      return letter.body as string;
    };
    // The schema's own maximum, one short of it, and past it by attaching more later.
    expect((await ok(await advance(t, created.id, { to: "warning_letter", evidenceIds: ids.slice(0, 99) }))).evidenceIds).toHaveLength(99);
    await cited(99);
    await ok(await ip(`/v1/ip/cases/${created.id}/evidence`, { tenant: t, json: { evidenceIds: ids.slice(99, 100) } }));
    await cited(100);
    await ok(await ip(`/v1/ip/cases/${created.id}/evidence`, { tenant: t, json: { evidenceIds: ids.slice(100, 150) } }));
    const body = await cited(150);
    expect(body).toContain(all[149]!.sha256);
    const whole = await ok(await ip("/v1/ip/cases", { tenant: t, json: { assetId: created.assetId, infringer: { name: "Another Shop" }, evidenceIds: ids.slice(0, 100) } }), 201);
    expect(whole.evidenceIds).toHaveLength(100);
  });

  it("never cites a right the operator rejected the tenant's claim to: no move, letter or packet", async () => {
    const { t, asset, evidence, created } = await setup();
    await ok(await ip(`/v1/ip/cases/${created.id}/evidence`, { tenant: t, json: { evidenceIds: [evidence.id] } }));
    await ok(await advance(t, created.id, { to: "warning_letter" }));
    await ok(await ip(`/v1/admin/ip/assets/${asset.id}/ownership`, { admin: true, method: "PUT", json: { status: "rejected", note: "the office names another holder" } }));
    for (const to of ["platform_complaint", "administrative_complaint", "litigation"]) {
      expect((await problem(await advance(t, created.id, { to }), 409)).detail).toMatch(/ownership rejected/);
    }
    expect((await problem(await ip(`/v1/ip/cases/${created.id}/letter`, { tenant: t }), 409)).code).toBe("case_not_ready");
    expect((await problem(await ip(`/v1/ip/cases/${created.id}/packet`, { tenant: t }), 409)).code).toBe("case_not_ready");
    // Ending the case stays open.
    expect((await ok(await advance(t, created.id, { to: "closed" }))).stage).toBe("closed");
  });

  it("cites only a right the operator verified is the tenant's: no move past evidence, letter or packet for an unverified claim", async () => {
    // A claim to someone else's famous mark: its number and owner are public, and nobody verified it.
    const { t, asset, evidence, created } = await setup(undefined, false);
    expect(asset.ownership.status).toBe("unverified");
    await ok(await ip(`/v1/ip/cases/${created.id}/evidence`, { tenant: t, json: { evidenceIds: [evidence.id] } }));
    const refused = await problem(await advance(t, created.id, { to: "warning_letter" }), 409);
    expect(refused.code).toBe("move_not_allowed");
    expect(refused.detail).toMatch(/ownership unverified\): ask the platform operator to verify the ownership claim/);
    for (const path of ["letter", "packet"]) {
      const blocked = await problem(await ip(`/v1/ip/cases/${created.id}/${path}`, { tenant: t }), 409);
      expect(blocked.code).toBe("case_not_ready");
      expect(blocked.detail).toMatch(/ask the platform operator to verify/);
    }
    expect((await ok(await ip(`/v1/ip/cases/${created.id}`, { tenant: t }))).nextMoves.find((m: { to: string }) => m.to === "warning_letter")).toMatchObject({ allowed: false, reason: expect.stringMatching(/ownership unverified/) });
    // Once the operator verifies the claim, the same case moves and renders.
    await verifyOwnership(asset.id);
    expect((await ok(await advance(t, created.id, { to: "warning_letter" }))).stage).toBe("warning_letter");
    await ok(await ip(`/v1/ip/cases/${created.id}/letter`, { tenant: t }));
  });

  it("falls back to English when there is no template in the infringer's language", async () => {
    const { t, evidence, created } = await setup({ name: "Loja", email: "a@b.example", language: "pt-BR" });
    await ok(await ip(`/v1/ip/cases/${created.id}/evidence`, { tenant: t, json: { evidenceIds: [evidence.id] } }));
    expect((await ok(await ip(`/v1/ip/cases/${created.id}/letter`, { tenant: t }))).language).toBe("en");
    await problem(await ip(`/v1/ip/cases/${created.id}/packet`, { tenant: t }), 409);
  });

  it("hides another tenant's case and refuses another tenant's evidence or asset", async () => {
    const { t, asset, evidence, created } = await setup();
    const other = tenant();
    await problem(await ip(`/v1/ip/cases/${created.id}`, { tenant: other }), 404);
    await problem(await advance(other, created.id, { to: "closed" }), 404);
    await problem(await ip("/v1/ip/cases", { tenant: other, json: { assetId: asset.id, infringer: { name: "x" } } }), 404);
    const otherEvidence = await ok(await ip("/v1/ip/evidence", { tenant: other, json: { url: "https://x.example/o" } }), 201);
    await problem(await advance(t, created.id, { to: "warning_letter", evidenceIds: [otherEvidence.id] }), 404);
    const still = await ok(await ip(`/v1/ip/cases/${created.id}`, { tenant: t }));
    expect(still).toMatchObject({ stage: "evidence", evidenceIds: [] });
    expect(evidence.id).not.toBe(otherEvidence.id);
  });

  it("validates input", async () => {
    const { t, created } = await setup();
    await problem(await advance(t, created.id, { to: "appeal" }), 400);
    await problem(await ip("/v1/ip/cases", { tenant: t, json: { assetId: "ipa_x", infringer: { name: "" } } }), 400);
    await problem(await ip("/v1/ip/cases", { tenant: t, json: { assetId: "ipa_x", infringer: { name: "x", listingUrl: "not a url" } } }), 400);
  });
});

describe("the case list", () => {
  it("lists the tenant's cases newest first with stage and next deadline, paged, filtered by stage, never another tenant's", async () => {
    const { t, asset, evidence, created } = await setup();
    const second = await ok(await ip("/v1/ip/cases", { tenant: t, json: { assetId: asset.id, infringer: { name: "Copy Shop", email: "x@copy.example" }, evidenceIds: [evidence.id] } }), 201);
    await ok(await advance(t, second.id, { to: "warning_letter" }));
    await setup(); // another tenant's case

    const all = await ok(await ip("/v1/ip/cases", { tenant: t }));
    expect(all.items.map((k: { id: string }) => k.id)).toEqual([second.id, created.id]);
    expect(all.items[0]).toMatchObject({ stage: "warning_letter", infringer: { name: "Copy Shop" } });
    expect(all.items[0].nextDueAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(all.items[0]).not.toHaveProperty("timeline");
    expect(all.nextCursor).toBeNull();

    const one = await ok(await ip("/v1/ip/cases?limit=1", { tenant: t }));
    expect(one.items.map((k: { id: string }) => k.id)).toEqual([second.id]);
    expect((await ok(await ip(`/v1/ip/cases?limit=1&cursor=${one.nextCursor}`, { tenant: t }))).items.map((k: { id: string }) => k.id)).toEqual([created.id]);
    expect((await ok(await ip("/v1/ip/cases?stage=evidence", { tenant: t }))).items.map((k: { id: string }) => k.id)).toEqual([created.id]);
    const bad = await problem(await ip("/v1/ip/cases?stage=trial", { tenant: t }), 400);
    expect(bad.errors?.[0]).toMatchObject({ path: "query.stage" });
  });
});

describe("concurrent writes to a case", () => {
  it("refuses a write from a stale read even within the same millisecond as the last write", async () => {
    const { t, evidence, created } = await setup();
    const d = db(env.DB);
    const read = (await getCase(d, t, created.id))!.row;
    // Two writers read the same case; the clock has not moved between their writes.
    const now = new Date(read.updatedAt);
    expect(await attachEvidence(d, read, [evidence.id], now)).toBe(true);
    expect(await attachEvidence(d, read, ["evd_other"], now)).toBe(false);
    // A stale move fails its whole batch: neither the case nor its timeline is written.
    expect(await changedSince(d, read)).toBe(true);
    await expect(d.batch(caseMove(d, read, "closed", [], null, undefined, now).writes)).rejects.toThrow();
    const after = (await getCase(d, t, created.id))!;
    expect(after.row).toMatchObject({ stage: "evidence", evidenceIds: [evidence.id], version: 1 });
    expect(after.events).toHaveLength(1);
    // The version is the store's condition, not part of the API.
    expect(await ok(await ip(`/v1/ip/cases/${created.id}`, { tenant: t }))).not.toHaveProperty("version");
    expect((await ok(await ip("/v1/ip/cases", { tenant: t }))).items[0]).not.toHaveProperty("version");
  });

  it("caps the evidence one case cites, and says how many it has", async () => {
    const { t, evidence, created } = await setup();
    const d = db(env.DB);
    const read = (await getCase(d, t, created.id))!.row;
    const full = Array.from({ length: MAX_CASE_EVIDENCE }, (_, i) => `evd_${String(i).padStart(26, "0")}`);
    expect(await attachEvidence(d, read, full, new Date())).toBe(true);
    const refused = await problem(await ip(`/v1/ip/cases/${created.id}/evidence`, { tenant: t, json: { evidenceIds: ["evd_01JDEMO00000000000000000009"] } }), 409);
    expect(refused).toMatchObject({ code: "case_evidence_full" });
    expect(refused.detail).toMatch(`${MAX_CASE_EVIDENCE}`);
    expect((await getCase(d, t, created.id))!.row.evidenceIds).toHaveLength(MAX_CASE_EVIDENCE);
    // Evidence brought along with a move counts too: the move is refused and the case stays where it was.
    const moved = await problem(await advance(t, created.id, { to: "warning_letter", evidenceIds: [evidence.id] }), 409);
    expect(moved).toMatchObject({ code: "case_evidence_full" });
    expect((await getCase(d, t, created.id))!.row).toMatchObject({ stage: "evidence", evidenceIds: full });
  });
});

describe("opening a case under an Idempotency-Key", () => {
  it("stores the answer with the case, so a failure after the write cannot free the key for a second case", async () => {
    const { app } = await import("../src/http");
    const { createExecutionContext, waitOnExecutionContext } = await import("cloudflare:test");
    const t = tenant();
    const asset = await ok(await ip("/v1/ip/assets", { tenant: t, json: trademark() }), 201);
    // A D1 whose reads of cases fail: before, the route read the new case back after writing it, failed, and released the key.
    const real = (env as unknown as Env).DB;
    const failingReads = new Proxy(real, {
      get(target, prop) {
        if (prop === "prepare") return (sql: string) => (/^select/i.test(sql) && sql.includes('"ip_cases"') ? (() => { throw new Error("read failed"); })() : target.prepare(sql));
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }) as D1Database;
    const post = async (database: D1Database) => {
      const ctx = createExecutionContext();
      const req = new Request("https://ip.internal/v1/ip/cases", {
        method: "POST",
        headers: { "x-ecp-tenant": t, "x-ecp-key-kind": "secret", "content-type": "application/json", "idempotency-key": "open-once" },
        body: JSON.stringify({ assetId: asset.id, infringer: { name: "Fake Shop", email: "legal@fake.example" } }),
      });
      const res = await app.fetch(req, { ...(env as unknown as Env), DB: database }, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    const first = await post(failingReads);
    expect(first.status).toBe(201);
    const again = await post(real);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
    const { results } = await real.prepare("SELECT id FROM ip_cases WHERE tenant_id = ?").bind(t).all();
    expect(results).toHaveLength(1);
  });
});

describe("advancing a case under an Idempotency-Key", () => {
  it("stores the answer with the move, so a failure after the write cannot leave the retry a 409 for a move that happened", async () => {
    const { app } = await import("../src/http");
    const { createExecutionContext, waitOnExecutionContext } = await import("cloudflare:test");
    const { t, evidence, created } = await setup();
    // A D1 whose reads of the case fail once anything was written: before, the route moved the case, read it back, failed and released the key.
    const real = (env as unknown as Env).DB;
    let wrote = false;
    const failingReadsAfterWrite = new Proxy(real, {
      get(target, prop) {
        if (prop === "batch") return (stmts: D1PreparedStatement[]) => target.batch(stmts).finally(() => (wrote = true));
        if (prop === "prepare") return (sql: string) => (wrote && /^select/i.test(sql) && sql.includes('"ip_case') ? (() => { throw new Error("read failed"); })() : target.prepare(sql));
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }) as D1Database;
    const post = async (database: D1Database) => {
      const ctx = createExecutionContext();
      const req = new Request(`https://ip.internal/v1/ip/cases/${created.id}/advance`, {
        method: "POST",
        headers: { "x-ecp-tenant": t, "x-ecp-key-kind": "secret", "content-type": "application/json", "idempotency-key": "move-once" },
        body: JSON.stringify({ to: "warning_letter", evidenceIds: [evidence.id], note: "letter sent" }),
      });
      const res = await app.fetch(req, { ...(env as unknown as Env), DB: database }, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    const first = await post(failingReadsAfterWrite);
    expect(first.status).toBe(200);
    const moved = await first.json();
    expect(moved).toMatchObject({ stage: "warning_letter", evidenceIds: [evidence.id], timeline: [{ to: "evidence" }, { from: "evidence", to: "warning_letter", note: "letter sent" }] });
    const again = await post(real);
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(moved);
    // What the answer said is what was stored: one move, the case at its new stage.
    expect(await ok(await ip(`/v1/ip/cases/${created.id}`, { tenant: t }))).toEqual(moved);
  });

  it("still answers a move from a stale read with a 409, and writes nothing", async () => {
    const { app } = await import("../src/http");
    const { t, evidence, created } = await setup();
    const real = (env as unknown as Env).DB;
    // Another writer gets in between the route's read of the case and its batch.
    let raced = false;
    const racing = new Proxy(real, {
      get(target, prop) {
        if (prop === "batch")
          return async (stmts: D1PreparedStatement[]) => {
            if (!raced) await target.prepare("UPDATE ip_cases SET version = version + 1 WHERE id = ?").bind(created.id).run();
            raced = true;
            return target.batch(stmts);
          };
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }) as D1Database;
    const post = (database: D1Database) =>
      app.fetch(
        new Request(`https://ip.internal/v1/ip/cases/${created.id}/advance`, {
          method: "POST",
          headers: { "x-ecp-tenant": t, "x-ecp-key-kind": "secret", "content-type": "application/json", "idempotency-key": "move-raced" },
          body: JSON.stringify({ to: "warning_letter", evidenceIds: [evidence.id] }),
        }),
        { ...(env as unknown as Env), DB: database },
      );
    expect((await problem(await post(racing), 409)).code).toBe("case_changed");
    expect((await getCase(db(real), t, created.id))!).toMatchObject({ row: { stage: "evidence", evidenceIds: [] }, events: [{ toStage: "evidence" }] });
    // Nothing was moved: the case moves once it is read again (a new request; the same key replays its 409, as it did before).
    expect(await ok(await advance(t, created.id, { to: "warning_letter", evidenceIds: [evidence.id] }))).toMatchObject({ stage: "warning_letter", evidenceIds: [evidence.id] });
  });
});
