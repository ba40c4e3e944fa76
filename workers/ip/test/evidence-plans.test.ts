import { describe, expect, it } from "vitest";
import { byRequestKeys, evidenceByIds, getEvidence, listEvidence } from "../src/store/ledger";
import { evidence, tenant } from "./helpers";
import { plan, recording } from "./query-plans";

// Which index each read of ip_evidence takes (EXPLAIN QUERY PLAN on the statements the store sends): every one is a
// search, none a scan. ip_evidence_tenant (tenant_id, id) no longer pages the list (the leaf index does, ip_evidence_leaf),
// but it still serves the lookup of several ids at once (cases' evidence, a counter-notice's), so it stays. Without it
// that lookup would take the primary key, one probe per id (`sqlite_autoindex_ip_evidence_1 (id=?)`), as one id does.
describe("the evidence reads", () => {
  it("each search an index of ip_evidence", async () => {
    const t = tenant();
    const ids = [await evidence(t), await evidence(t)];
    const { db, seen } = recording();
    const planOf = async (read: () => Promise<unknown>) => {
      const from = seen.length;
      await read();
      expect(seen.length - from).toBe(1);
      return plan(seen[from]!);
    };
    expect(await planOf(() => getEvidence(db, t, ids[0]!))).toEqual(["SEARCH ip_evidence USING INDEX sqlite_autoindex_ip_evidence_1 (id=?)"]);
    expect(await planOf(() => listEvidence(db, t, 10))).toEqual(["SEARCH ip_evidence USING INDEX ip_evidence_leaf (tenant_id=?)"]);
    expect(await planOf(() => listEvidence(db, t, 10, 0))).toEqual(["SEARCH ip_evidence USING INDEX ip_evidence_leaf (tenant_id=? AND leaf_index>?)"]);
    expect(await planOf(() => evidenceByIds(db, t, ids))).toEqual(["SEARCH ip_evidence USING INDEX ip_evidence_tenant (tenant_id=? AND id=?)"]);
    expect(await planOf(() => evidenceByIds(db, t, ids.slice(0, 1)))).toEqual(["SEARCH ip_evidence USING INDEX sqlite_autoindex_ip_evidence_1 (id=?)"]);
    expect(await planOf(() => byRequestKeys(db, t, ["a", "b"]))).toEqual(["SEARCH ip_evidence USING INDEX ip_evidence_request (tenant_id=? AND request_key=?)"]);
  });
});
