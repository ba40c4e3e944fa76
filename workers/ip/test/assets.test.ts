import { describe, expect, it } from "vitest";
import { ip, ok, problem, tenant, trademark } from "./helpers";

describe("rights registry", () => {
  it("creates, reads and pages a tenant's rights", async () => {
    const t = tenant();
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await ok(await ip("/v1/ip/assets", { tenant: t, json: trademark({ name: `Mark ${i}` }) }), 201));
    expect(created[0]).toMatchObject({ kind: "trademark", jurisdiction: "EU", niceClasses: [9, 35], designations: [], filedAt: "2020-03-02" });
    expect(await ok(await ip(`/v1/ip/assets/${created[2].id}`, { tenant: t }))).toEqual(created[2]);
    const seen: string[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const pageRes: { items: { id: string }[]; nextCursor: string | null } = await ok(await ip(`/v1/ip/assets?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { tenant: t }));
      seen.push(...pageRes.items.map((a) => a.id));
      cursor = pageRes.nextCursor;
    }
    expect(seen).toEqual(created.map((a) => a.id));
  });

  it("keeps WIPO designations and patents without classes", async () => {
    const t = tenant();
    const wipo = await ok(await ip("/v1/ip/assets", { tenant: t, json: trademark({ jurisdiction: "WIPO", designations: ["JP", "EU", "CN"] }) }), 201);
    expect(wipo.designations).toEqual(["CN", "EU", "JP"]);
    const patent = await ok(
      await ip("/v1/ip/assets", { tenant: t, json: { kind: "invention_patent", jurisdiction: "US", name: "Hinge", owner: "X", status: "granted", filedAt: "2019-01-15", registeredAt: "2021-06-01T10:00:00Z" } }),
      201,
    );
    expect(patent.registeredAt).toBe("2021-06-01");
  });

  it("hides another tenant's right behind a 404", async () => {
    const a = await ok(await ip("/v1/ip/assets", { tenant: tenant(), json: trademark() }), 201);
    expect((await problem(await ip(`/v1/ip/assets/${a.id}`, { tenant: tenant() }), 404)).code).toBe("not_found");
    const other = await ok(await ip("/v1/ip/assets", { tenant: tenant() }));
    expect(other.items).toEqual([]);
  });

  it.each([
    ["an unknown jurisdiction", { jurisdiction: "XX" }, "jurisdiction"],
    ["an unknown kind", { kind: "patent" }, "kind"],
    ["Nice class 0", { niceClasses: [0] }, "niceClasses.0"],
    ["Nice class 46", { niceClasses: [9, 46] }, "niceClasses.1"],
    ["a trademark without classes", { niceClasses: [] }, "niceClasses"],
    ["expiresAt before filedAt", { expiresAt: "2019-01-01" }, "expiresAt"],
    ["a WIPO mark without designations", { jurisdiction: "WIPO" }, "designations"],
    ["designations outside WIPO", { designations: ["US"] }, "designations"],
    ["a date that is not a date", { filedAt: "last year" }, "filedAt"],
  ])("refuses %s with a 400 naming the field", async (_, over, path) => {
    const t = tenant();
    const body = await problem(await ip("/v1/ip/assets", { tenant: t, json: trademark(over) }), 400);
    expect(body.errors?.map((e) => e.path)).toContain(path);
    expect((await ok(await ip("/v1/ip/assets", { tenant: t }))).items).toEqual([]);
  });

  it("needs a secret key", async () => {
    await problem(await ip("/v1/ip/assets"), 401);
    const res = await ip("/v1/ip/assets", { headers: { "x-ecp-tenant": "ten_x", "x-ecp-key-kind": "publishable" } });
    await problem(res, 403);
  });

  it("refuses a forged cursor with a 400", async () => {
    await problem(await ip("/v1/ip/assets?cursor=nope", { tenant: tenant() }), 400);
  });
});

describe("service surface", () => {
  it("documents every IP route in its OpenAPI document", async () => {
    const doc = await ok(await ip("/openapi.json"));
    for (const path of ["/v1/ip/assets", "/v1/ip/deadlines.ics", "/v1/ip/clearance", "/v1/admin/marks", "/v1/ip/evidence", "/v1/ip/ledger/proofs/consistency", "/v1/ip/cases/{id}/advance", "/v1/ip/complaints/{id}/response"]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});

describe("every route's guard", () => {
  const ROUTES: [string, string][] = [
    ["POST", "/v1/ip/assets"], ["GET", "/v1/ip/assets"], ["GET", "/v1/ip/assets/ipa_x"], ["GET", "/v1/ip/deadlines"], ["GET", "/v1/ip/deadlines.ics"],
    ["POST", "/v1/ip/clearance"], ["POST", "/v1/ip/evidence"], ["GET", "/v1/ip/evidence"], ["GET", "/v1/ip/evidence/evd_x"], ["GET", "/v1/ip/ledger"],
    ["GET", "/v1/ip/ledger/proofs/inclusion?index=0"], ["GET", "/v1/ip/ledger/proofs/consistency?first=0"], ["POST", "/v1/ip/cases"], ["GET", "/v1/ip/cases/case_x"],
    ["POST", "/v1/ip/cases/case_x/advance"], ["POST", "/v1/ip/cases/case_x/evidence"], ["GET", "/v1/ip/cases/case_x/letter"], ["GET", "/v1/ip/cases/case_x/packet"],
    ["POST", "/v1/ip/complaints"], ["GET", "/v1/ip/complaints/cmp_x"], ["POST", "/v1/ip/complaints/cmp_x/response"],
  ];

  it.each(ROUTES)("%s %s needs a caller (401) with a secret key (403)", async (method, path) => {
    const body = method === "POST" ? "{}" : undefined;
    const headers = { "content-type": "application/json" };
    await problem(await ip(path, { method, body, headers }), 401);
    await problem(await ip(path, { method, body, headers: { ...headers, "x-ecp-tenant": "ten_x", "x-ecp-key-kind": "publishable" } }), 403);
  });

  it("keeps the operator's import behind the admin flag", async () => {
    await problem(await ip("/v1/admin/marks", { tenant: tenant(), json: { items: [] } }), 401);
  });
});

describe("path ids", () => {
  // Every id the service makes is `<prefix>_` and 26 Crockford base32 characters; anything else is the client's mistake, said as such.
  it.each([
    ["GET", "/v1/ip/assets/ipa_x"],
    ["GET", "/v1/ip/assets/case_01JABCDEFGHJKMNPQRSTVWXYZ0"],
    ["GET", "/v1/ip/evidence/evd_%27%20OR%201%3D1"],
    ["GET", "/v1/ip/cases/case_01jabcdefghjkmnpqrstvwxyz0"],
    ["POST", "/v1/ip/cases/case_x/advance"],
    ["POST", "/v1/ip/cases/case_x/evidence"],
    ["GET", "/v1/ip/cases/case_x/letter"],
    ["GET", "/v1/ip/cases/case_x/packet"],
    ["GET", "/v1/ip/complaints/cmp_x"],
    ["POST", "/v1/ip/complaints/cmp_x/response"],
    ["DELETE", "/v1/ip/deadlines/feeds/fdt_x"],
  ])("%s %s with a malformed id is a 400 naming the parameter", async (method, path) => {
    const json = method === "POST" ? { to: "closed", evidenceIds: ["evd_x"], action: "accept" } : undefined;
    const p = await problem(await ip(path, { tenant: tenant(), method, json }), 400);
    expect(p.errors?.map((e) => e.path)).toContain("param.id");
  });
});
