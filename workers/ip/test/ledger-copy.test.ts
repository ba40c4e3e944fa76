import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { verifyConsistency, verifyInclusion, verifyTreeHead } from "../../../shared/ledger/verify.mjs";
import { newId } from "../../../shared/ids";
import { callWorker } from "../../../shared/testing/call-worker";
import { restoreLapsed } from "../src/complaint-cron";
import type { LedgerWriter } from "../src/do/ledger-writer";
import IpService from "../src/index";
import { d1With, ip, ok, problem, tenant } from "./helpers";

const E = () => env as Env;
const writerOf = (t: string) => E().LEDGER.get(E().LEDGER.idFromName(t));
const record = (t: string, i: number) => ({
  id: newId("evd"), tenantId: t, sha256: "ab".repeat(32), source: "url" as const, contentType: null, size: null, filename: null,
  url: `https://copy.example/${i}`, title: null, capturedAt: null, receivedAt: new Date().toISOString(),
});
/** The writer's env, which its copies to D1 read: swapped to fail D1 as a test needs. */
const envOf = (w: LedgerWriter) => w as unknown as { env: Env };
const keys = async () => (await ok(await ip("/v1/ip/ledger/keys"))).keys as Parameters<typeof verifyTreeHead>[1][];
const evidenceRows = async (t: string) => (await E().DB.prepare("SELECT count(*) AS n FROM ip_evidence WHERE tenant_id = ?").bind(t).first<{ n: number }>())!.n;

describe("the ledger writer's copy to D1", () => {
  it("catches up after a copy that landed in D1 but failed for the writer while another batch arrived", async () => {
    const t = tenant();
    const writer = writerOf(t);
    const c = record(t, 2);
    await runInDurableObject(writer, async (w: LedgerWriter) => {
      const real = envOf(w).env;
      let landed!: () => void;
      const lost = new Promise<void>((r) => (landed = r));
      // The first copy commits, then a batch is appended before D1's answer is lost: the writer notes nothing.
      envOf(w).env = {
        ...real,
        DB: d1With(real.DB, {
          async batch(db, stmts) {
            await db.batch(stmts);
            envOf(w).env = real;
            await w.append({ record: c, requestKey: null });
            landed();
            throw new Error("D1_ERROR: Network connection lost.");
          },
        }),
      };
      // Two batches, merged into one copy unless the copy timer falls between them.
      for (const i of [0, 1]) expect(await w.append({ record: record(t, i), requestKey: null })).toHaveProperty("evidence");
      await lost;
    });
    // Every later copy merges from the oldest batch, while D1's head sits at a batch end inside it.
    const sth = await ok(await ip("/v1/ip/ledger", { tenant: t }));
    expect(sth.treeSize).toBe(3);
    const [key] = await keys();
    expect(await verifyTreeHead(sth, key!)).toBe(true);
    const one = await ok(await ip(`/v1/ip/evidence/${c.id}`, { tenant: t }));
    expect(one.ledger).toMatchObject({ index: 2, treeSize: 3, rootHash: sth.rootHash });
    expect(await verifyInclusion({ leafHash: one.leafHash, index: 2, treeSize: 3, path: one.ledger.inclusionProof, rootHash: sth.rootHash })).toBe(true);
    for (const first of [1, 2]) expect(await verifyConsistency(await ok(await ip(`/v1/ip/ledger/proofs/consistency?first=${first}&second=3`, { tenant: t })))).toBe(true);
    expect(await evidenceRows(t)).toBe(3);
    // And appends go on being copied.
    expect((await ok(await ip("/v1/ip/evidence", { tenant: t, json: { url: "https://copy.example/3" } }), 201)).ledger.treeSize).toBe(4);
    expect((await ok(await ip("/v1/ip/ledger", { tenant: t }))).treeSize).toBe(4);
  });

  it("answers 503 ledger_catching_up, not a 500 or an older head, while D1 lacks leaves already answered", async () => {
    const t = tenant();
    const body = { url: "https://copy.example/retried", title: "Retried" };
    const send = () => ip("/v1/ip/evidence", { tenant: t, json: body, headers: { "idempotency-key": "copy-retry" } });
    const first = await ok(await send(), 201);
    expect((await ok(await ip("/v1/ip/ledger", { tenant: t }))).treeSize).toBe(1);
    const writer = writerOf(t);
    let real!: Env;
    // D1 refuses every copy now, and the writer answers one more append: D1 is behind it.
    await runInDurableObject(writer, async (w: LedgerWriter) => {
      real = envOf(w).env;
      envOf(w).env = { ...real, DB: d1With(real.DB, { batch: () => Promise.reject(new Error("D1_ERROR: Network connection lost.")) }) };
      expect(await w.append({ record: record(t, 1), requestKey: null })).toMatchObject({ head: { treeSize: 2 } });
    });
    // The retry outlives its key's record, so the writer answers it with the first leaf and its own head.
    await E().DB.prepare("DELETE FROM idempotency_keys WHERE idem_key = ?").bind("copy-retry").run();
    const retried = await send();
    expect(retried.headers.get("retry-after")).toBe("2");
    expect((await problem(retried, 503)).code).toBe("ledger_catching_up");
    const head = await ip("/v1/ip/ledger", { tenant: t });
    expect(head.headers.get("retry-after")).toBe("2");
    expect((await problem(head, 503)).code).toBe("ledger_catching_up");
    expect((await problem(await ip("/v1/ip/ledger/proofs/consistency?first=1&second=2", { tenant: t }), 503)).code).toBe("ledger_catching_up");

    await runInDurableObject(writer, (w: LedgerWriter) => void (envOf(w).env = real));
    const again = await ok(await send(), 201);
    expect(again).toMatchObject({ id: first.id, ledger: { index: 0, treeSize: 2 } });
    const sth = await ok(await ip("/v1/ip/ledger", { tenant: t }));
    expect(sth.treeSize).toBe(2);
    expect(await verifyInclusion({ leafHash: again.leafHash, index: 0, treeSize: 2, path: again.ledger.inclusionProof, rootHash: sth.rootHash })).toBe(true);
  }, 60_000); // three reads wait out the writer's 5 s catch-up
});

describe("an evidence upload", () => {
  const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7, 7, 7]);
  const upload = (t: string, EVIDENCE: R2Bucket) => {
    const form = new FormData();
    form.set("file", new File([PNG], "shot.png", { type: "image/png" }));
    const headers = { "x-ecp-tenant": t, "x-ecp-key-kind": "secret" };
    return callWorker(IpService, new Request("https://ip.internal/v1/ip/evidence", { method: "POST", headers, body: form }), { EVIDENCE });
  };

  it("stores its file before the leaf: a failed store writes no leaf, and a plain retry makes the only one", async () => {
    const t = tenant();
    let puts = 0;
    const failing = new Proxy(E().EVIDENCE, {
      get: (target, prop) => (prop === "put" ? () => (puts++, Promise.reject(new Error("R2 unavailable"))) : (Reflect.get(target, prop, target) as (...a: unknown[]) => unknown).bind(target)),
    });
    expect((await upload(t, failing)).status).toBe(500);
    expect(puts).toBe(1);
    expect((await ok(await ip("/v1/ip/ledger", { tenant: t }))).treeSize).toBe(0);
    expect(await evidenceRows(t)).toBe(0);

    const stored = await ok(await upload(t, E().EVIDENCE), 201);
    expect(stored.ledger).toMatchObject({ index: 0, treeSize: 1 });
    expect(await E().EVIDENCE.head(`tenants/${t}/sha256/${stored.sha256}`)).not.toBeNull();
    expect((await ok(await ip("/v1/ip/ledger", { tenant: t }))).treeSize).toBe(1);
  });
});

describe("the lapsed counter-notice cron", () => {
  /** `n` countered complaints of `t`'s whose window closed on consecutive days from `from` on. */
  async function lapsed(t: string, n: number, from: string) {
    await E()
      .DB.prepare(
        `WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?2)
         INSERT INTO ip_complaints (id, tenant_id, listing_id, status, complaint, response, due_at, received_at)
         SELECT printf('cmp_%s_%03d', ?1, i), ?1, printf('lst_gone_%s_%03d', ?1, i), 'countered', '{}', '{}', date(?3, '+' || i || ' days'), '2019-01-01T00:00:00.000Z' FROM k`,
      )
      .bind(t, n, from)
      .run();
  }
  const statuses = async (t: string) =>
    (await E().DB.prepare("SELECT status, count(*) AS n FROM ip_complaints WHERE tenant_id = ? GROUP BY status").bind(t).all<{ status: string; n: number }>()).results.reduce<Record<string, number>>(
      (o, r) => ({ ...o, [r.status]: r.n }),
      {},
    );

  it("restores every lapsed counter-notice in one run, tenants in turn, so one tenant's backlog delays no other's", async () => {
    await restoreLapsed(E()); // others' leftovers, so the budget below is this test's alone
    const [big, small] = [tenant(), tenant()];
    await lapsed(big, 70, "2020-01-01");
    await lapsed(small, 3, "2021-06-01"); // due after every one of the big tenant's
    // A run with room for 10 restores: the small tenant's 3 are among them, though 70 older ones wait.
    const short = await restoreLapsed(E(), { queries: 31, ms: 60_000 });
    expect(short.failed).toEqual([]);
    expect(short.done).toHaveLength(10);
    expect(await statuses(small)).toEqual({ restored: 3 });
    expect(await statuses(big)).toEqual({ countered: 63, restored: 7 });
    // A full run does not stop at a fixed batch: all the rest, in one go.
    const full = await restoreLapsed(E());
    expect(full.done.filter((id) => id.includes(big))).toHaveLength(63);
    expect(await statuses(big)).toEqual({ restored: 70 });
  });
});
