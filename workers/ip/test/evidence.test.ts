import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { leafHash, toHex, verifyConsistency, verifyInclusion, verifyTreeHead } from "../../../shared/ledger/verify.mjs";
import { encodeCursor } from "../../../shared/cursor";
import { newId } from "../../../shared/ids";
import type { LedgerWriter } from "../src/do/ledger-writer";
import { copyToD1, head, integrate, MAX_APPEND_BATCH, readTip } from "../src/store/ledger";
import { db } from "../src/store/db";
import { ip, ok, problem, tenant } from "./helpers";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

function upload(t: string, bytes: Uint8Array, type: string, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.set("file", new File([bytes], "shot.png", { type }));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return ip("/v1/ip/evidence", { tenant: t, method: "POST", body: form });
}

const capture = (t: string, url: string) => ip("/v1/ip/evidence", { tenant: t, json: { url, title: "Listing", capturedAt: "2026-01-10T09:30:00Z" } });

describe("evidence ledger", () => {
  it("stores a file content-addressed in R2 under its tenant and anchors it with a verifiable proof", async () => {
    const t = tenant();
    const e = await ok(await upload(t, PNG, "image/png", { title: "Screenshot", url: "https://shop.example/x" }), 201);
    expect(e.sha256).toBe(toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", PNG))));
    expect(e).toMatchObject({ source: "file", contentType: "image/png", size: PNG.length, title: "Screenshot", ledger: { index: 0, treeSize: 1, inclusionProof: [] } });
    const stored = await (env as Env).EVIDENCE.get(`tenants/${t}/sha256/${e.sha256}`);
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(PNG);
    // Per tenant: the same file from another tenant is its own object, and nothing sits outside a tenant's prefix.
    const other = tenant();
    await ok(await upload(other, PNG, "image/png"), 201);
    const keys = (await (env as Env).EVIDENCE.list()).objects.map((o) => o.key);
    expect(keys).toContain(`tenants/${other}/sha256/${e.sha256}`);
    expect(keys.filter((k) => !k.startsWith("tenants/"))).toEqual([]);
    expect(e.leafHash).toBe(toHex(await leafHash(e.leaf)));
    expect(JSON.parse(e.leaf)).toMatchObject({ id: e.id, tenantId: t, index: 0, sha256: e.sha256 });
    expect(await verifyInclusion({ leafHash: e.leafHash, index: 0, treeSize: 1, path: [], rootHash: e.ledger.rootHash })).toBe(true);
  });

  it("signs tree heads, proves inclusion of every entry and consistency between sizes", async () => {
    const t = tenant();
    const entries = [];
    for (let i = 0; i < 7; i++) entries.push(await ok(await capture(t, `https://shop.example/listing/${i}`), 201));
    for (const e of entries) expect(await verifyInclusion({ leafHash: e.leafHash, index: e.ledger.index, treeSize: e.ledger.treeSize, path: e.ledger.inclusionProof, rootHash: e.ledger.rootHash })).toBe(true);

    const sth = await ok(await ip("/v1/ip/ledger", { tenant: t }));
    expect(sth).toMatchObject({ tenantId: t, treeSize: 7, rootHash: entries[6].ledger.rootHash });
    const keys = (await ok(await ip("/v1/ip/ledger/keys"))).keys.filter((k: { current: boolean }) => k.current);
    expect(keys[0]).toMatchObject({ kty: "OKP", crv: "Ed25519", kid: sth.keyId, alg: "EdDSA" });
    expect(keys[0].d).toBeUndefined();
    expect(await verifyTreeHead(sth, keys[0])).toBe(true);
    expect(await verifyTreeHead({ ...sth, treeSize: 8 }, keys[0])).toBe(false);
    expect(await verifyTreeHead({ ...sth, tenantId: tenant() }, keys[0])).toBe(false);

    for (let index = 0; index < 7; index++) {
      const p = await ok(await ip(`/v1/ip/ledger/proofs/inclusion?index=${index}`, { tenant: t }));
      expect(p.leafHash).toBe(entries[index].leafHash);
      expect(await verifyInclusion({ ...p, rootHash: sth.rootHash })).toBe(true);
    }
    const old = await ok(await ip("/v1/ip/ledger/proofs/inclusion?index=1&treeSize=3", { tenant: t }));
    expect(old.rootHash).toBe(entries[2].ledger.rootHash);
    for (const [first, second] of [[1, 7], [3, 7], [4, 7], [2, 5], [7, 7], [0, 7]]) {
      const p = await ok(await ip(`/v1/ip/ledger/proofs/consistency?first=${first}&second=${second}`, { tenant: t }));
      expect(await verifyConsistency(p), `${first}→${second}`).toBe(true);
    }
    const one = await ok(await ip(`/v1/ip/evidence/${entries[3].id}`, { tenant: t }));
    expect(one.ledger).toMatchObject({ index: 3, treeSize: 7, rootHash: sth.rootHash });
    expect(await verifyTreeHead(one.treeHead, keys[0])).toBe(true);
    expect(await verifyInclusion({ leafHash: one.leafHash, index: 3, treeSize: 7, path: one.ledger.inclusionProof, rootHash: one.treeHead.rootHash })).toBe(true);
  });

  it("publishes every key that ever signed a tree head, with its validity, so heads from before a rotation still verify", async () => {
    const t = tenant();
    await ok(await capture(t, "https://x.example/rotate"), 201);
    const current = await ok(await ip("/v1/ip/ledger", { tenant: t }));
    // Another key signs a head, as a rotated-in key would, then the secret goes back to the test key.
    const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
    const jwk = await crypto.subtle.exportKey("jwk", pair.privateKey);
    const { signTreeHead } = await import("../src/ledger-key");
    const rotated = await signTreeHead({ ...(env as Env), LEDGER_SIGNING_KEY: JSON.stringify(jwk) }, t, { treeSize: current.treeSize, rootHash: current.rootHash });
    expect(rotated.keyId).not.toBe(current.keyId);

    const { keys } = await ok(await ip("/v1/ip/ledger/keys"));
    const byKid = new Map(keys.map((k: { kid: string }) => [k.kid, k]));
    for (const head of [current, rotated]) {
      const key = byKid.get(head.keyId) as ({ validFrom: string } & Parameters<typeof verifyTreeHead>[1]) | undefined;
      expect(key, head.keyId).toBeDefined();
      expect(await verifyTreeHead(head, key!)).toBe(true);
      expect(key!.validFrom <= head.timestamp).toBe(true);
    }
    expect(keys.filter((k: { current: boolean }) => k.current).map((k: { kid: string }) => k.kid)).toEqual([current.keyId]);
    for (const k of keys) expect(k.d).toBeUndefined();
  });

  it("gives concurrent appends distinct, gap-free positions", async () => {
    const t = tenant();
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => capture(t, `https://x.example/${i}`).then((r) => ok(r, 201))));
    expect(results.map((r) => r.ledger.index).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const p = await ok(await ip("/v1/ip/ledger/proofs/consistency?first=2&second=6", { tenant: t }));
    expect(await verifyConsistency(p)).toBe(true);
  });

  it("serialises a burst of appends in the tenant's ledger writer: no 503, no gap, one head per batch", async () => {
    const t = tenant();
    const n = 120;
    // From the route and straight at the writer, as other isolates would reach it, all at once.
    const writer = (env as Env).LEDGER.get((env as Env).LEDGER.idFromName(t));
    const direct = (i: number) => ({ id: `evd_direct_${i}`, tenantId: t, sha256: "ab".repeat(32), source: "url" as const, contentType: null, size: null, filename: null, url: `https://r.example/${i}`, title: null, capturedAt: null, receivedAt: new Date().toISOString() });
    const [viaRoute, viaWriter] = await Promise.all([
      Promise.all(Array.from({ length: n }, (_, i) => capture(t, `https://burst.example/${i}`))),
      Promise.all(Array.from({ length: 10 }, (_, i) => writer.append({ record: direct(i), requestKey: null }))),
    ]);
    expect(viaRoute.map((r) => r.status)).toEqual(Array(n).fill(201));
    const answers = await Promise.all(viaRoute.map((r) => r.json() as Promise<any>));
    const indexes = [...answers.map((a) => a.ledger.index), ...viaWriter.map((r) => ("evidence" in r ? r.evidence.leafIndex : -1))];
    expect(indexes.sort((a, b) => a - b)).toEqual(Array.from({ length: n + 10 }, (_, i) => i));
    // Each answer's head is the head its batch wrote: at or past its own leaf, one root hash per tree size. How many
    // batches a burst over the route makes depends on how the requests happen to arrive (under load, one each).
    const rootAt = new Map<number, string>();
    for (const a of answers) {
      expect(a.ledger.treeSize).toBeGreaterThan(a.ledger.index);
      expect(rootAt.get(a.ledger.treeSize) ?? a.ledger.rootHash).toBe(a.ledger.rootHash);
      rootAt.set(a.ledger.treeSize, a.ledger.rootHash);
    }
    const sth = await ok(await ip("/v1/ip/ledger", { tenant: t }));
    expect(sth.treeSize).toBe(n + 10);
    for (const a of answers.slice(0, 5)) {
      expect(await verifyInclusion({ leafHash: a.leafHash, index: a.ledger.index, treeSize: a.ledger.treeSize, path: a.ledger.inclusionProof, rootHash: a.ledger.rootHash })).toBe(true);
    }
    const p = await ok(await ip(`/v1/ip/ledger/proofs/consistency?first=${answers[0].ledger.treeSize}&second=${n + 10}`, { tenant: t }));
    expect(await verifyConsistency(p)).toBe(true);

    // One head per batch, whatever the machine's load: appends that reach the writer in one turn are all queued
    // before its batch window can close, so 150 of them are exactly three batches (MAX_APPEND_BATCH each at most),
    // and every answer carries its batch's head. A writer that wrote a head per append would answer 150 heads.
    const m = 150;
    const burst = await runInDurableObject(writer, (instance: LedgerWriter) =>
      Promise.all(Array.from({ length: m }, (_, i) => instance.append({ record: direct(1000 + i), requestKey: null }))),
    );
    const done = burst.map((r) => ("evidence" in r ? r : expect.fail(`append ${JSON.stringify(r)}`)));
    expect(done.map((r) => r.evidence.leafIndex)).toEqual(Array.from({ length: m }, (_, i) => n + 10 + i));
    const batchEnds = [MAX_APPEND_BATCH, 2 * MAX_APPEND_BATCH, m].map((k) => n + 10 + k);
    expect([...new Set(done.map((r) => r.head.treeSize))]).toEqual(batchEnds);
    expect(done.map((r) => r.head.treeSize)).toEqual(done.map((_, i) => batchEnds[Math.floor(i / MAX_APPEND_BATCH)]));
    expect(new Set(done.map((r) => r.head.rootHash)).size).toBe(3);
    expect((await ok(await ip("/v1/ip/ledger", { tenant: t }))).treeSize).toBe(n + 10 + m);
  });

  it("copies long but valid records to D1 in pieces D1 accepts, so its read model never sticks", async () => {
    const t = tenant();
    // Every field within the route's bounds, yet 256 such leaves are more than D1 takes in one bound string (2 MB).
    const writer = (env as Env).LEDGER.get((env as Env).LEDGER.idFromName(t));
    const fat = (i: number) => ({ id: `evd_fat_${i}`, tenantId: t, sha256: "ef".repeat(32), source: "url" as const, contentType: "\u0001".repeat(100), size: null, filename: null, url: `https://x.example/${"€".repeat(2020)}${i}`, title: "\u0001".repeat(300), capturedAt: null, receivedAt: new Date().toISOString() });
    const n = 256;
    const answers = await Promise.all(Array.from({ length: n }, (_, i) => writer.append({ record: fat(i), requestKey: null })));
    expect(answers.filter((a) => "evidence" in a)).toHaveLength(n);
    expect((await ok(await ip("/v1/ip/ledger", { tenant: t }))).treeSize).toBe(n);
    const rows = await (env as Env).DB.prepare("SELECT count(*) AS n FROM ip_evidence WHERE tenant_id = ?").bind(t).first<{ n: number }>();
    expect(rows?.n).toBe(n);
  });

  it("continues a ledger that only D1 holds, and copies to D1 once, refusing a D1 tree that is not the writer's", async () => {
    const t = tenant();
    const d = db((env as Env).DB);
    // A leaf written to D1 before the tenant's writer kept its own state (as the previous writer did).
    const record = (n: number) => ({ id: `evd_d1_${n}_${crypto.randomUUID().slice(0, 8)}`, tenantId: t, sha256: "cd".repeat(32), source: "url" as const, contentType: null, size: null, filename: null, url: `https://tip.example/${n}`, title: null, capturedAt: null, receivedAt: new Date().toISOString() });
    const empty = await readTip(d, t);
    const old = await integrate(t, [{ record: record(0), requestKey: "old-request" }], empty, () => undefined);
    await copyToD1(d, t, 0, old.rows, old.written, old.tip);
    // Copying the same batch again (a writer that died before noting its copy) is recognised, not an error.
    await copyToD1(d, t, 0, old.rows, old.written, old.tip);
    // A copy that does not follow D1's tree is refused, and D1 is left as it was.
    const stray = await integrate(t, [{ record: record(1), requestKey: null }], empty, () => undefined);
    await expect(copyToD1(d, t, 0, stray.rows, stray.written, stray.tip)).rejects.toThrow(/not the writer's/);
    expect(await head(d, t)).toEqual({ treeSize: 1, rootHash: old.tip.rootHash });

    const next = await ok(await capture(t, "https://tip.example/2"), 201);
    expect(next.ledger).toMatchObject({ index: 1, treeSize: 2 });
    expect(await verifyInclusion({ leafHash: next.leafHash, index: 1, treeSize: 2, path: next.ledger.inclusionProof, rootHash: next.ledger.rootHash })).toBe(true);
    const p = await ok(await ip("/v1/ip/ledger/proofs/consistency?first=1&second=2", { tenant: t }));
    expect(p.firstRoot).toBe(old.tip.rootHash);
    expect(await verifyConsistency(p)).toBe(true);
    // A request key from before the writer's own state is still found (in D1): no second leaf.
    const writer = (env as Env).LEDGER.get((env as Env).LEDGER.idFromName(t));
    const again = await writer.append({ record: record(3), requestKey: "old-request" });
    expect("evidence" in again && again.evidence.id).toBe(old.rows[0]!.id);
    expect((await ok(await ip("/v1/ip/ledger", { tenant: t }))).treeSize).toBe(2);
  });

  it("shows every answered append to every reader at once, though D1 is written after the answer", async () => {
    const t = tenant();
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => capture(t, `https://seen.example/${i}`).then((r) => ok(r, 201))));
    // Straight after the answers: the head, a proof of the last leaf, the list, each record and a case citing them.
    expect((await ok(await ip("/v1/ip/ledger", { tenant: t }))).treeSize).toBe(12);
    const last = answers.find((a) => a.ledger.index === 11);
    expect((await ok(await ip("/v1/ip/ledger/proofs/inclusion?index=11", { tenant: t }))).leafHash).toBe(last.leafHash);
    expect((await ok(await ip("/v1/ip/evidence?limit=50", { tenant: t }))).items).toHaveLength(12);
    const fresh = await ok(await capture(t, "https://seen.example/fresh"), 201);
    expect((await ok(await ip(`/v1/ip/evidence/${fresh.id}`, { tenant: t }))).ledger.index).toBe(12);
    const rows = await (env as Env).DB.prepare("SELECT count(*) AS n FROM ip_evidence WHERE tenant_id = ?").bind(t).first<{ n: number }>();
    expect(rows?.n).toBe(13);
  });

  it("never writes a second leaf for a retried evidence request", async () => {
    const t = tenant();
    const send = (body: unknown, key: string) => ip("/v1/ip/evidence", { tenant: t, json: body, headers: { "idempotency-key": key } });
    const body = { url: "https://retry.example/1", title: "Listing" };
    const first = await ok(await send(body, "evd-retry-1"), 201);
    const again = await send(body, "evd-retry-1");
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((await ok(again, 201)).id).toBe(first.id);
    await problem(await send({ ...body, title: "Other" }, "evd-retry-1"), 409);
    // Concurrent duplicates: one runs, the others replay it.
    const burst = await Promise.all(Array.from({ length: 4 }, () => send({ url: "https://retry.example/2" }, "evd-retry-2").then((r) => ok(r, 201))));
    expect(new Set(burst.map((b) => b.id)).size).toBe(1);
    // Even when the key's record is gone (expired, or lost to a crash after the write), the ledger answers with the first leaf.
    await (env as Env).DB.prepare("DELETE FROM idempotency_keys WHERE scope = ?").bind(t).run();
    const late = await ok(await send(body, "evd-retry-1"), 201);
    expect(late).toMatchObject({ id: first.id, leafHash: first.leafHash, ledger: { index: first.ledger.index } });
    expect((await ok(await ip("/v1/ip/ledger", { tenant: t }))).treeSize).toBe(2);
    // A retry that resends a multipart upload's very bytes (boundary included) is the same request too.
    const f = new FormData();
    f.set("file", new File([PNG], "shot.png", { type: "image/png" }));
    const encoded = new Request("https://x.invalid", { method: "POST", body: f });
    const bytes = await encoded.arrayBuffer();
    const headers = { "idempotency-key": "evd-file", "content-type": encoded.headers.get("content-type")! };
    const up1 = await ok(await ip("/v1/ip/evidence", { tenant: t, method: "POST", body: bytes, headers }), 201);
    const up2 = await ok(await ip("/v1/ip/evidence", { tenant: t, method: "POST", body: bytes, headers }), 201);
    expect(up2.id).toBe(up1.id);
    expect((await ok(await ip("/v1/ip/ledger", { tenant: t }))).treeSize).toBe(3);
  });

  it("replays a multipart upload re-encoded with another boundary under the same key: one leaf, and another file is a 409", async () => {
    const t = tenant();
    /** A form as a client builds it afresh for each attempt (the storefront, an SDK retry): a new random boundary each time. */
    const encoded = async (bytes: Uint8Array) => {
      const f = new FormData();
      f.set("file", new File([bytes], "shot.png", { type: "image/png" }));
      f.set("title", "Screenshot");
      const req = new Request("https://x.invalid", { method: "POST", body: f });
      return { body: await req.arrayBuffer(), type: req.headers.get("content-type")! };
    };
    const send = (e: { body: ArrayBuffer; type: string }) =>
      ip("/v1/ip/evidence", { tenant: t, method: "POST", body: e.body, headers: { "idempotency-key": "evd-form", "content-type": e.type } });
    const [a, b] = [await encoded(PNG), await encoded(PNG)];
    expect(a.type).not.toBe(b.type);
    const first = await send(a);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const created = await ok(first, 201);
    const again = await send(b);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await ok(again, 201)).toMatchObject({ id: created.id, leafHash: created.leafHash });
    // The route still reads the form the middleware read: the file's bytes are what was sent.
    expect(created).toMatchObject({ source: "file", filename: "shot.png", title: "Screenshot", size: PNG.length });
    const otherFile = await problem(await send(await encoded(new Uint8Array([...PNG, 9]))), 409);
    expect(otherFile.code).toBe("idempotency_key_reused");
    expect((await ok(await ip("/v1/ip/ledger", { tenant: t }))).treeSize).toBe(1);
    expect((await ok(await ip("/v1/ip/evidence", { tenant: t }))).items).toHaveLength(1);
  });

  it("refuses oversize (413), unlisted or disguised types (415) and bad metadata (400), writing nothing", async () => {
    const t = tenant();
    const big = new Uint8Array(Number((env as Env).MAX_EVIDENCE_BYTES) + 1);
    big.set(PNG);
    expect((await problem(await upload(t, big, "image/png"), 413)).code).toBe("file_too_large");
    expect((await problem(await upload(t, new Uint8Array([0x4d, 0x5a, 0, 0]), "image/png"), 415)).code).toBe("unsupported_file_type");
    await problem(await upload(t, PNG, "application/x-msdownload"), 415);
    await problem(await ip("/v1/ip/evidence", { tenant: t, method: "POST", body: "x", headers: { "content-type": "text/plain" } }), 415);
    await problem(await ip("/v1/ip/evidence", { tenant: t, json: { url: "ftp://x" } }), 400);
    await problem(await upload(t, PNG, "image/png", { capturedAt: "yesterday" }), 400);
    const form = new FormData();
    form.set("title", "no file");
    await problem(await ip("/v1/ip/evidence", { tenant: t, method: "POST", body: form }), 400);
    // A leaf keeps the file's name forever: a long one is refused, naming the part.
    const named = new FormData();
    named.set("file", new File([PNG], `${"a".repeat(252)}.png`, { type: "image/png" }));
    expect(await problem(await ip("/v1/ip/evidence", { tenant: t, method: "POST", body: named }), 400)).toMatchObject({ code: "filename_too_long", errors: [{ path: "file" }] });
    expect((await ok(await ip("/v1/ip/ledger", { tenant: t }))).treeSize).toBe(0);
    expect((await ok(await ip("/v1/ip/evidence", { tenant: t }))).items).toEqual([]);
  });

  it("takes an upload whose media type is cased Multipart/Form-Data, as the validator does", async () => {
    const t = tenant();
    const form = new FormData();
    form.set("file", new File([PNG], "shot.png", { type: "image/png" }));
    const encoded = new Request("https://x/", { method: "POST", body: form });
    const type = encoded.headers.get("content-type")!.replace("multipart/form-data", "Multipart/Form-Data");
    const res = await ip("/v1/ip/evidence", { tenant: t, method: "POST", body: await encoded.arrayBuffer(), headers: { "content-type": type } });
    expect((await ok(res, 201)).filename).toBe("shot.png");
  });

  it("lists evidence in ledger order, a page at a time, so a leaf landing after its id's place is still listed", async () => {
    const t = tenant();
    const writer = (env as Env).LEDGER.get((env as Env).LEDGER.idFromName(t));
    // An id is drawn before its append, so one drawn early (minute 10) can land after leaves with later ids.
    const idAt = (minute: number) => newId("evd", Date.UTC(2026, 0, 1, 0, minute));
    const append = async (id: string) => {
      const r = await writer.append({ record: { id, tenantId: t, sha256: "aa".repeat(32), source: "url", contentType: null, size: null, filename: null, url: `https://late.example/${id}`, title: null, capturedAt: null, receivedAt: new Date().toISOString() }, requestKey: null });
      expect("evidence" in r && r.evidence.id).toBe(id);
    };
    const [a, b, d, e] = [idAt(0), idAt(10), idAt(20), idAt(30)];
    for (const id of [a, d, e]) await append(id);
    const pageAfter = async (cursor: string | null) => ok<{ items: { id: string }[]; nextCursor: string | null }>(await ip(`/v1/ip/evidence?limit=1${cursor ? `&cursor=${cursor}` : ""}`, { tenant: t }));
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 2; i++) {
      const p = await pageAfter(cursor);
      seen.push(...p.items.map((x) => x.id));
      cursor = p.nextCursor;
    }
    expect(seen).toEqual([a, d]);
    // The early id lands now, after the page that ended at d.
    await append(b);
    while (cursor !== null) {
      const p = await pageAfter(cursor);
      seen.push(...p.items.map((x) => x.id));
      cursor = p.nextCursor;
    }
    expect(seen).toEqual([a, d, e, b]);
    expect((await ok(await ip("/v1/ip/evidence?limit=100", { tenant: t }))).items.map((x: { id: string }) => x.id)).toEqual(seen);
    // The cursor is opaque and checked: an id cursor, a negative or fractional index, or garbage is a 400.
    for (const bad of [encodeCursor({ after: d }), encodeCursor({ afterIndex: -1 }), encodeCursor({ afterIndex: 1.5 }), encodeCursor({ afterIndex: "1" }), "garbage"]) {
      expect((await problem(await ip(`/v1/ip/evidence?cursor=${bad}`, { tenant: t }), 400)).code, bad).toBe("invalid_cursor");
    }
  });

  it("refuses proofs beyond the tree with a 400", async () => {
    const t = tenant();
    await ok(await capture(t, "https://x.example/1"), 201);
    await problem(await ip("/v1/ip/ledger/proofs/inclusion?index=1", { tenant: t }), 400);
    await problem(await ip("/v1/ip/ledger/proofs/inclusion?index=0&treeSize=2", { tenant: t }), 400);
    await problem(await ip("/v1/ip/ledger/proofs/consistency?first=2&second=1", { tenant: t }), 400);
    await problem(await ip("/v1/ip/ledger/proofs/inclusion?index=-1", { tenant: t }), 400);
  });

  it("keeps each tenant's ledger and evidence to itself", async () => {
    const a = tenant();
    const e = await ok(await capture(a, "https://x.example/a"), 201);
    const b = tenant();
    await problem(await ip(`/v1/ip/evidence/${e.id}`, { tenant: b }), 404);
    expect((await ok(await ip("/v1/ip/ledger", { tenant: b }))).treeSize).toBe(0);
    await problem(await ip("/v1/ip/ledger/proofs/inclusion?index=0", { tenant: b }), 400);
  });

  it("refuses UPDATE and DELETE of ledger rows at the database", async () => {
    const t = tenant();
    await ok(await capture(t, "https://x.example/tamper"), 201);
    // D1 is the ledger's read model, written just after the answer: read through the API once, which waits for it.
    await ok(await ip("/v1/ip/ledger", { tenant: t }));
    const d1 = (env as Env).DB;
    await expect(d1.prepare("UPDATE ip_evidence SET sha256 = 'x' WHERE tenant_id = ?").bind(t).run()).rejects.toThrow(/append-only/);
    await expect(d1.prepare("DELETE FROM ip_evidence WHERE tenant_id = ?").bind(t).run()).rejects.toThrow(/append-only/);
    await expect(d1.prepare("UPDATE ip_ledger_nodes SET hash = 'x' WHERE tenant_id = ?").bind(t).run()).rejects.toThrow(/append-only/);
    await expect(d1.prepare("DELETE FROM ip_ledger_nodes WHERE tenant_id = ?").bind(t).run()).rejects.toThrow(/append-only/);
    const row = await d1.prepare("SELECT count(*) AS n FROM ip_ledger_nodes WHERE tenant_id = ?").bind(t).first<{ n: number }>();
    expect(row?.n).toBe(1);
  });
});
