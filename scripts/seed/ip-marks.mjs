// The reference register's well-known marks, expanded from ip-marks.json. Pure: the seed and the tests share it.
import DATA from "./ip-marks.json" with { type: "json" };

/**
 * The register as `POST /v1/admin/marks` items: each mark in each office of its
 * set, plus WIPO registrations with designations. Numbers are stable placeholders.
 */
export function referenceMarks() {
  const items = [];
  DATA.marks.forEach(([name, owner, niceClasses, set], i) => {
    for (const jurisdiction of DATA.jurisdictionSets[set]) {
      items.push({ name, owner, jurisdiction, niceClasses, registrationNumber: `SEED-${jurisdiction}-${String(i).padStart(4, "0")}`, status: "registered" });
    }
  });
  DATA.international.forEach(([name, owner, niceClasses, designations], i) => {
    items.push({ name, owner, jurisdiction: "WIPO", niceClasses, designations, registrationNumber: `SEED-WIPO-${String(i).padStart(4, "0")}`, status: "registered" });
  });
  return items;
}
