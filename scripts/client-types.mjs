// `npm run client:types`: starts the stack with fresh state, reads /openapi.json, and writes the typed
// client's declarations (shared/client/schema.d.ts). e2e/client.test.ts fails when they are stale.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CLIENT_TYPES, clientTypes } from "./lib/client-types.mjs";
import { freePort, prepare, startStack } from "./lib/stack.mjs";

const persistTo = mkdtempSync(path.join(os.tmpdir(), "ecp-client-"));
await prepare(persistTo);
const stack = await startStack({ port: await freePort(), persistTo, stdio: "ignore" });
try {
  const doc = await (await fetch(`${stack.base}/openapi.json`)).json();
  writeFileSync(CLIENT_TYPES, await clientTypes(doc));
  console.log(`wrote ${path.relative(process.cwd(), CLIENT_TYPES)}`);
} finally {
  await stack.stop();
  rmSync(persistTo, { recursive: true, force: true });
}
