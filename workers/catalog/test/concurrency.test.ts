import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { changeHold } from "../src/holds";
import { db } from "../src/store/db";
import { getListing, isVersionConflict, replaceListing } from "../src/store/listings";
import { call, createListing, etagVersion, listingBody, newTenantId, problem, rpc } from "./helpers";

const DB = (env as unknown as Env).DB;

type Owned = { status: string; holdReason: string | null; holds: { source: string; reason: string }[]; version: number; brand: string; title: string };
const owned = async (t: string, id: string) => (await (await call(`/v1/catalog/listings/${id}?locale=en`, { tenant: t })).json()) as Owned;
const patch = (t: string, id: string, json: unknown, headers: Record<string, string> = {}) => call(`/v1/catalog/listings/${id}`, { method: "PATCH", tenant: t, json, headers });

/** A listing the IP register blocks (a confusable of a well-known mark), so it starts with a clearance hold. */
const blockedBody = () => listingBody({ brand: "Nlke", translations: { en: { title: "Nlke running shoes" } } });

/**
 * Runs `meanwhile` once, inside the next clearance call: exactly between an
 * edit's read and its write, where the old PATCH lost what happened.
 */
async function duringNextClearance<T>(meanwhile: () => Promise<unknown>, work: () => Promise<T>): Promise<T> {
  const testEnv = env as unknown as { IP: { clearance: (...args: unknown[]) => Promise<unknown> } };
  const real = testEnv.IP;
  let fired = false;
  testEnv.IP = {
    clearance: async (...args: unknown[]) => {
      if (!fired) {
        fired = true;
        await meanwhile();
      }
      return real.clearance(...args);
    },
  };
  try {
    return await work();
  } finally {
    testEnv.IP = real;
  }
}

describe("concurrent edits", () => {
  it("keeps both of two PATCHes that change different members when one lands while the other clears", async () => {
    const t = newTenantId();
    const id = await createListing(t);
    let inner: Response | undefined;
    const outer = await duringNextClearance(
      async () => (inner = await patch(t, id, { translations: { en: { title: "Stovetop brewer" } } })),
      () => patch(t, id, { brand: "Bialetti Clone" }),
    );
    expect([outer.status, inner?.status]).toEqual([200, 200]);
    const after = await owned(t, id);
    expect([after.brand, after.title]).toEqual(["Bialetti Clone", "Stovetop brewer"]);
    expect(after.version).toBe(etagVersion(outer));
    expect(after.version).toBeGreaterThan(etagVersion(inner!));
  });

  it("never undoes a complaint hold that lands while an edit waits on clearance", async () => {
    const t = newTenantId();
    const id = await createListing(t);
    const edited = await duringNextClearance(
      () => rpc().hold(t, id, "complaint cmp_9"),
      () => patch(t, id, { translations: { en: { title: "Moka brewer, 6 cups" } } }),
    );
    expect(edited.status).toBe(200);
    expect(((await edited.json()) as { status: string }).status).toBe("held");
    const after = await owned(t, id);
    expect(after.status).toBe("held");
    expect(after.title).toBe("Moka brewer, 6 cups");
    expect(after.holds.map((h) => h.source)).toEqual(["complaint"]);
  });

  it("answers ETag on writes and refuses a stale If-Match with 412", async () => {
    const t = newTenantId();
    const created = await call("/v1/catalog/listings", { method: "POST", tenant: t, json: listingBody() });
    expect(created.headers.get("etag")).toBe('"lv1"');
    const { id } = (await created.json()) as { id: string };
    const first = await patch(t, id, { brand: "One" }, { "if-match": '"lv1"' });
    expect(first.status).toBe(200);
    expect(etagVersion(first)).toBeGreaterThan(1);
    const stale = await patch(t, id, { brand: "Two" }, { "if-match": '"lv1"' });
    expect((await problem(stale, 412)).code).toBe("precondition_failed");
    expect(stale.headers.get("etag")).toBe(first.headers.get("etag"));
    expect((await owned(t, id)).brand).toBe("One");
    const current = await patch(t, id, { brand: "Three" }, { "if-match": first.headers.get("etag")! });
    expect(current.status).toBe(200);
    expect((await owned(t, id)).version).toBe(etagVersion(current));
    const any = await patch(t, id, { brand: "Four" }, { "if-match": "*" });
    expect(any.status).toBe(200);
    await problem(await patch(t, id, { brand: "Five" }, { "if-match": "not-an-etag" }), 400);
    // If-Match compares strongly (RFC 9110 13.1.1): a weak tag matches no version, not even the current one.
    const weak = await patch(t, id, { brand: "Six" }, { "if-match": `W/${any.headers.get("etag")}` });
    const refused = await problem(weak, 412);
    expect(refused.code).toBe("precondition_failed");
    // It says why (a weak tag never matches) and asks for the strong tag, not that the listing changed (it did not).
    expect(refused.detail).toMatch(/weak validator in If-Match never matches/);
    expect(refused.detail).toContain(`strong ETag of listing ${id}: it is now at ${any.headers.get("etag")}`);
    expect(refused.detail).not.toMatch(/changed since/);
    expect(refused.errors).toEqual([{ path: "header.if-match", message: expect.stringMatching(/weak tag .* never matches/) }]);
    expect(weak.headers.get("etag")).toBe(any.headers.get("etag"));
    expect((await owned(t, id)).brand).toBe("Four");
  });
});

describe("If-Match against a write in between", () => {
  it("answers an edit that lost the race to its If-Match with 412 naming the version now; under If-Match: * it is merged", async () => {
    const t = newTenantId();
    const id = await createListing(t);
    let inner: Response | undefined;
    const raced = await duringNextClearance(
      async () => (inner = await patch(t, id, { brand: "Inner" })),
      () => patch(t, id, { translations: { en: { title: "Outer" } } }, { "if-match": '"lv1"' }),
    );
    expect((await problem(raced, 412)).code).toBe("precondition_failed");
    expect(raced.headers.get("etag")).toBe(inner!.headers.get("etag"));
    expect((await owned(t, id)).title).toBe("Moka brewer");

    const any = await duringNextClearance(
      async () => (inner = await patch(t, id, { brand: "Inner again" })),
      () => patch(t, id, { translations: { en: { title: "Outer" } } }, { "if-match": "*" }),
    );
    expect(any.status).toBe(200);
    const after = await owned(t, id);
    expect([after.brand, after.title, after.version]).toEqual(["Inner again", "Outer", etagVersion(any)]);
  });

  it("refuses in D1 a write based on an older version, however far the clock moved since", async () => {
    const t = newTenantId();
    const id = await createListing(t);
    const read = (await getListing(db(DB), t, id))!;
    expect((await patch(t, id, { brand: "Newer" })).status).toBe(200);
    await expect(replaceListing(db(DB), t, id, read.draft, read.version, null, new Date().toISOString())).rejects.toSatisfy(isVersionConflict);
    expect((await owned(t, id)).brand).toBe("Newer");
  });

  it("deletes child rows only of the tenant's own listing, whatever the caller checked before", async () => {
    const t = newTenantId();
    const id = await createListing(t);
    const read = (await getListing(db(DB), t, id))!;
    const other = { ...read.draft, translations: { ...read.draft.translations, en: { title: "Not yours", description: "" } } };
    // Another tenant's id: its rows stay, so re-inserting the same locales collides and the batch writes nothing.
    await expect(replaceListing(db(DB), newTenantId(), id, other, read.version, null, new Date().toISOString())).rejects.toThrow();
    expect((await getListing(db(DB), t, id))!.draft.translations.en!.title).toBe("Moka brewer");
  });
});

describe("holds with sources", () => {
  it("a listing held by clearance and a complaint stays held until both are lifted, each by its own source", async () => {
    const t = newTenantId();
    const res = await call("/v1/catalog/listings", { method: "POST", tenant: t, json: blockedBody() });
    const { id, status } = (await res.json()) as { id: string; status: string };
    expect(status).toBe("held");
    expect((await owned(t, id)).holds.map((h) => h.source)).toEqual(["clearance"]);

    await rpc().hold(t, id, "complaint cmp_1");
    // Releasing the complaint leaves the clearance hold.
    expect(await rpc().release(t, id, "complaint withdrawn")).toMatchObject({ id, status: "held" });
    await rpc().hold(t, id, "complaint cmp_2");
    // A clean re-clearance lifts only the clearance hold.
    const fixed = await patch(t, id, { brand: "Lumbra", translations: { en: { title: "Running shoes" } } });
    expect(((await fixed.json()) as { status: string }).status).toBe("held");
    const after = await owned(t, id);
    expect(after.holds.map((h) => h.source)).toEqual(["complaint"]);
    expect(after.holdReason).toBe("complaint cmp_2");
    expect(await rpc().release(t, id, "counter-notice accepted")).toEqual({ id, status: "active", holdReason: null });
  });

  it("keeps two complaints apart by source, and refuses the catalog's own source over RPC", async () => {
    const t = newTenantId();
    const id = await createListing(t);
    await rpc().hold(t, id, "first", "complaint:cmp_A");
    await rpc().hold(t, id, "second", "complaint:cmp_B");
    expect(await rpc().release(t, id, "A withdrawn", "complaint:cmp_A")).toMatchObject({ status: "held", holdReason: "second" });
    await expect(changeHold(db(DB), t, id, false, "x", "clearance")).rejects.toThrow(/clearance/);
  });
});
