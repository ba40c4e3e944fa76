// Type-checks every Worker against its own Env, then the Node-side code (e2e, bench, scripts).
import { ROOT, WORKERS, run } from "./lib/workers.mjs";
import path from "node:path";

const tsc = path.join(ROOT, "node_modules/.bin/tsc");
const projects = [...WORKERS.map((w) => `workers/${w.name}/tsconfig.json`), "tsconfig.json"];
await Promise.all(projects.map((p) => run(tsc, ["-p", p], { quiet: true }).then(() => console.log(`types ok: ${p}`))));
