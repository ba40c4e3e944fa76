// Regenerates each Worker's Env type from its wrangler config (`wrangler types`).
import { WORKERS, WRANGLER, ensureDevVars, run } from "./lib/workers.mjs";

ensureDevVars();
for (const w of WORKERS) {
  const dir = w.config === "wrangler.toml" ? "workers/gateway" : w.config.replace(/\/wrangler\.toml$/, "");
  // Every config is passed so service bindings are typed with their target's RPC surface.
  const others = WORKERS.filter((o) => o !== w).flatMap((o) => ["-c", o.config]);
  await run(WRANGLER, ["types", `${dir}/worker-configuration.d.ts`, "--include-runtime=false", "-c", w.config, ...others], { quiet: true });
  console.log(`typed ${w.name}`);
}
