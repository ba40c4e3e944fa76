import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { countingD1 } from "../../../shared/testing/counting-d1";
import { db } from "../src/store/db";
import { commitWrite, knownVersion, refreshVersionAhead, rememberVersion } from "../src/store/versions";
import { newTenantId } from "./helpers";

const d1 = countingD1((env as unknown as Env).DB);
const database = db(d1.db);
// The platform's reference-data version, as stored: other files' tests may have moved it.
let platform = 0;
beforeAll(async () => {
  platform = (await (env as unknown as Env).DB.prepare("SELECT version FROM catalog_versions WHERE tenant_id = '*'").first<{ version: number }>())!.version;
});
const v = (tenant: number) => ({ tenant, platform });
const storedVersion = async (tenantId: string) =>
  (await (env as unknown as Env).DB.prepare("SELECT version FROM catalog_versions WHERE tenant_id = ?").bind(tenantId).first<{ version: number }>())?.version;

describe("an isolate's reading of the catalog version", () => {
  it("is read again in the background past half its age limit, one read at a time, and so never expires under traffic", async () => {
    const t = newTenantId();
    // Written by another isolate: this one holds an old reading.
    await (env as unknown as Env).DB.prepare("INSERT INTO catalog_versions (tenant_id, version) VALUES (?, 7)").bind(t).run();
    rememberVersion(t, v(6), 1_000);
    d1.reset();
    const work: Promise<unknown>[] = [];
    const ahead = (now: number) => refreshVersionAhead(database, t, 250, now, (w) => work.push(w));

    ahead(1_100); // 100 ms old: still young
    expect(work).toHaveLength(0);
    ahead(1_130);
    ahead(1_131); // the first read is still in flight
    expect(work).toHaveLength(1);
    await Promise.all(work);
    expect(d1.trips).toHaveLength(1);
    // Read at 1,130: the reading that would have expired at 1,250 holds the stored version until 1,380.
    expect(knownVersion(t, 250, 1_300)).toEqual(v(7));
    expect(knownVersion(t, 250, 1_380)).toBeUndefined();

    ahead(1_300); // that read is done: the next one may go
    expect(work).toHaveLength(2);
    await Promise.all(work);
  });

  it("never goes back to an older version, nor to an older reading of the same one", () => {
    const t = newTenantId();
    rememberVersion(t, v(5), 100);
    rememberVersion(t, v(4), 200);
    expect(knownVersion(t, 1_000, 300)).toEqual(v(5));
    rememberVersion(t, v(5), 50);
    expect(knownVersion(t, 250, 300)).toEqual(v(5)); // still the reading at 100
    expect(knownVersion(t, 250, 350)).toBeUndefined();
  });

  it("is the version a write wrote, which a reading that left before the write cannot undo", async () => {
    const t = newTenantId();
    await commitWrite(database, t, []);
    const first = (await storedVersion(t))!;
    await commitWrite(database, t, []);
    const written = (await storedVersion(t))!;
    expect(written).toBeGreaterThan(first);
    expect(knownVersion(t, 60_000, Date.now())).toEqual(v(written));
    rememberVersion(t, v(first), Date.now() + 1); // a background read of the version from before the second write
    expect(knownVersion(t, 60_000, Date.now())).toEqual(v(written));
  });
});
