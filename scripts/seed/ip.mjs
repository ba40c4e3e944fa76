// The IP reference register (well-known third-party marks: platform data, shipped in a migration by
// scripts/reference-data.mjs) and the demo seller's own rights (local seed only).
import { DEMO_TENANT, sqlLiteral as q } from "./index.mjs";
import { referenceMarks } from "./ip-marks.mjs";

const SEEDED_AT = "2026-01-01T00:00:00.000Z";

const DEMO_ASSETS = [
  { id: "ipa_01JDEMO00000000000000000001", name: "Lumora", jurisdiction: "EU", registrationNumber: "018000001", filedAt: "2016-07-01", registeredAt: "2016-11-15" },
  { id: "ipa_01JDEMO00000000000000000002", name: "Lumora", jurisdiction: "US", registrationNumber: "5123456", filedAt: "2018-02-01", registeredAt: "2020-08-04" },
];

/** The platform's reference register, the same for every tenant; idempotent. */
export function ipReferenceSql() {
  const marks = referenceMarks().map(
    (m, i) =>
      `INSERT OR IGNORE INTO ip_marks (id, jurisdiction, registration_number, name, owner, nice_classes, designations, status, updated_at) VALUES (${q(`mrk_01JSEED${String(i).padStart(19, "0")}`)}, ${q(m.jurisdiction)}, ${q(m.registrationNumber)}, ${q(m.name)}, ${q(m.owner)}, ${q(JSON.stringify(m.niceClasses))}, ${q(JSON.stringify(m.designations ?? []))}, ${q(m.status)}, ${q(SEEDED_AT)});`,
  );
  // A new version tells every isolate to reload its in-memory register.
  return [...marks, "INSERT INTO ip_register_version (id, version) VALUES (1, 1) ON CONFLICT(id) DO UPDATE SET version = version + 1;"];
}

/** The demo seller's own rights (local demo only). */
export function ipSql() {
  const assets = DEMO_ASSETS.map(
    (a) =>
      `INSERT OR IGNORE INTO ip_assets (id, tenant_id, kind, jurisdiction, name, nice_classes, designations, registration_number, owner, status, filed_at, registered_at, expires_at, created_at) VALUES (${q(a.id)}, ${q(DEMO_TENANT)}, 'trademark', ${q(a.jurisdiction)}, ${q(a.name)}, '[9,35]', '[]', ${q(a.registrationNumber)}, 'Demo Seller', 'registered', ${q(a.filedAt)}, ${q(a.registeredAt)}, NULL, ${q(SEEDED_AT)});`,
  );
  return assets.join("\n");
}
