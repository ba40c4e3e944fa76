// Regenerates each Worker's Env type from its own wrangler config (`wrangler types`).
// Each Worker is typed alone: its service bindings are plain `Fetcher`s, and a Worker that calls
// another's RPC methods narrows the binding with the interface in `shared/rpc/` (typing the binding
// from the target's source would compile that source against the caller's global `Env`).
import { WORKERS, WRANGLER, ensureDevVars, run } from "./lib/workers.mjs";

ensureDevVars();
await Promise.all(
  WORKERS.map(async (w) => {
    const dir = w.config === "wrangler.toml" ? "workers/gateway" : w.config.replace(/\/wrangler\.toml$/, "");
    await run(WRANGLER, ["types", `${dir}/worker-configuration.d.ts`, "--include-runtime=false", "-c", w.config], { quiet: true });
    console.log(`typed ${w.name}`);
  }),
);
