// Prints the whole suite's total as one plain closing line ("N passed, N failed"), from the JSON
// reports the vitest runs of `npm test` wrote.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./lib/workers.mjs";

let passed = 0;
let failed = 0;
for (const name of ["workers", "e2e"]) {
  const report = JSON.parse(readFileSync(path.join(ROOT, "dist/test-results", `${name}.json`), "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
