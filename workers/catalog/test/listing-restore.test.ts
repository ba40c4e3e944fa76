import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { db } from "../src/store/db";
import { getRead, readListings, type ReadShape } from "../src/store/listings";
import { call, createListing, etagVersion, newTenantId, problem, rpc } from "./helpers";

// A D1 Time Travel restore puts a listing back as it was, its version included, while clients still hold the ETags
// of the writes it discarded and isolates the records they decoded under `id:version` (docs/d1-restore.md).
const DB = (env as unknown as Env).DB;

type Row = Record<string, unknown>;
const CHILDREN = ["listing_translations", "listing_prices", "listing_markets", "listing_holds"];

/** Everything D1 holds of a listing and its tenant's catalog version: what a restore to now puts back. */
async function restorePoint(tenantId: string, id: string) {
  const [row, version, ...children] = await DB.batch([
    DB.prepare("SELECT * FROM listings WHERE id = ?").bind(id),
    DB.prepare("SELECT version FROM catalog_versions WHERE tenant_id = ?").bind(tenantId),
    ...CHILDREN.map((table) => DB.prepare(`SELECT * FROM ${table} WHERE listing_id = ?`).bind(id)),
  ]);
  return { tenantId, row: row!.results[0] as Row, version: (version!.results[0] as { version: number }).version, children: children.map((c) => c.results as Row[]) };
}

const insert = (table: string, row: Row) => {
  const columns = Object.keys(row);
  return DB.prepare(`INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`).bind(...Object.values(row));
};

/**
 * The restore, for one listing: a millisecond after the writes it discards (as restore.test.ts says why). Its rows go
 * back in as they were (the trigger on the version step refuses to take a version back, so the row is replaced), the
 * catalog version too, and last the stored document the triggers rebuilt on the way.
 */
async function restore(point: Awaited<ReturnType<typeof restorePoint>>) {
  await new Promise((r) => setTimeout(r, 2));
  await DB.batch([
    DB.prepare("DELETE FROM listings WHERE id = ?").bind(point.row.id),
    insert("listings", point.row),
    ...CHILDREN.flatMap((table, i) => point.children[i]!.map((row) => insert(table, row))),
    DB.prepare("UPDATE catalog_versions SET version = ? WHERE tenant_id = ?").bind(point.version, point.tenantId),
    DB.prepare("UPDATE listings SET doc = ?, sold_in = ? WHERE id = ?").bind(point.row.doc, point.row.sold_in, point.row.id),
  ]);
}

const stored = async (id: string) => (await DB.prepare("SELECT version, brand FROM listings WHERE id = ?").bind(id).first<{ version: number; brand: string }>())!;
const patch = (t: string, id: string, json: unknown, headers: Record<string, string> = {}) => call(`/v1/catalog/listings/${id}`, { method: "PATCH", tenant: t, json, headers });

describe("a listing's version after a D1 Time Travel restore", () => {
  it("is never one issued before the restore, so an If-Match from before it is refused", async () => {
    const t = newTenantId();
    const id = await createListing(t);
    const point = await restorePoint(t, id);
    const discarded = await patch(t, id, { brand: "Discarded" }, { "if-match": '"lv1"' });
    expect(discarded.status).toBe(200);

    await restore(point);
    expect(await stored(id)).toEqual({ version: 1, brand: "Acme" });
    const edited = await patch(t, id, { brand: "After the restore" });
    expect(edited.status).toBe(200);
    expect(etagVersion(edited)).toBeGreaterThan(etagVersion(discarded));

    // Its client saw "Discarded", never what is there now.
    const stale = await patch(t, id, { brand: "Overwritten" }, { "if-match": discarded.headers.get("etag")! });
    expect((await problem(stale, 412)).code).toBe("precondition_failed");
    expect(stale.headers.get("etag")).toBe(edited.headers.get("etag"));
    expect((await stored(id)).brand).toBe("After the restore");
    const current = await patch(t, id, { brand: "Current" }, { "if-match": edited.headers.get("etag")! });
    expect(current.status).toBe(200);
    expect((await patch(t, id, { brand: "Any" }, { "if-match": "*" })).status).toBe(200);
    expect((await stored(id)).brand).toBe("Any");
  });

  it("is never one issued before the restore when a hold is placed or lifted after it", async () => {
    const t = newTenantId();
    const id = await createListing(t);
    const created = await restorePoint(t, id);
    await rpc().hold(t, id, "complaint cmp_1");
    const held = await restorePoint(t, id);
    await rpc().release(t, id, "withdrawn");
    let issued = (await stored(id)).version;

    await restore(created);
    expect(await rpc().hold(t, id, "complaint cmp_2")).toMatchObject({ status: "held" });
    expect((await stored(id)).version).toBeGreaterThan(issued);
    issued = (await stored(id)).version;

    await restore(held);
    expect(await rpc().release(t, id, "withdrawn")).toMatchObject({ status: "active" });
    expect((await stored(id)).version).toBeGreaterThan(issued);
  });

  it("never names a record an isolate decoded before the restore", async () => {
    const t = newTenantId();
    const id = await createListing(t);
    const buyerDE: ReadShape = { skipLocales: [], country: "DE", owner: false };
    const titleInGermany = async () => (await readListings(db(DB), getRead(t, id, buyerDE)))[0]!.draft.translations.de!.title;
    const point = await restorePoint(t, id);
    expect((await patch(t, id, { translations: { de: { title: "Verworfen" } } })).status).toBe(200);
    expect(await titleInGermany()).toBe("Verworfen"); // this isolate now holds the record

    await restore(point);
    expect((await patch(t, id, { translations: { de: { title: "Nach der Wiederherstellung" } } })).status).toBe(200);
    expect(await titleInGermany()).toBe("Nach der Wiederherstellung");
  });
});
