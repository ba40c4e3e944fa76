// temporary experiment (not committed)
import os from "node:os"; import path from "node:path"; import { mkdtempSync } from "node:fs";
import chatScenarios from "./scenarios/chat.mjs";
import { freePort, prepare, startStack } from "../scripts/lib/stack.mjs";
import { DEMO_KEYS } from "../scripts/seed/index.mjs";
const persistTo = mkdtempSync(path.join(os.tmpdir(), "ecp-exp-"));
await prepare(persistTo); const stack = await startStack({ port: await freePort(), persistTo, logLevel: "error", stdio: "ignore" });
const [room] = await chatScenarios({ base: stack.base, keys: DEMO_KEYS });
for (let i = 0; i < 3; i++) { const r = await room.run(); console.log(persistTo, JSON.stringify({ p50: r.p50.toFixed(1), p99: r.p99.toFixed(1), errors: r.errors, fl: r.extra.deliveredPerSec })); }
await stack.stop();
process.exit(0);
