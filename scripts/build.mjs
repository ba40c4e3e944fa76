// Bundles every Worker exactly as `wrangler deploy` would (--dry-run), into dist/<name>.
// This proves each one deploys, and gives the gateway's tests their auxiliary Workers. Each bundle's
// esbuild metafile (dist/<name>/bundle-meta.json) lists its inputs: shared/testing/fresh-bundles.ts refuses a bundle
// older than any of them.
import path from "node:path";
import { ROOT, WORKERS, WRANGLER, ensureDevVars, ensurePublicAssets, run } from "./lib/workers.mjs";

ensureDevVars();
await ensurePublicAssets();
await Promise.all(
  WORKERS.map(async (w) => {
    const outdir = path.join(ROOT, "dist", w.name);
    await run(WRANGLER, ["deploy", "--dry-run", "-c", w.config, "--outdir", outdir, "--metafile"], { quiet: true });
    console.log(`bundled ${w.name} → dist/${w.name}`);
  }),
);
