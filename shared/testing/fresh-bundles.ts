import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

/**
 * Fails loudly when an auxiliary Worker's bundle is missing or older than any
 * file it was built from (its esbuild inputs and its wrangler config): tests
 * must never run last build's code after an edit.
 */
export function assertFreshBundle(name: string, root = ROOT): void {
  const dir = path.join(root, "dist", name);
  const bundle = path.join(dir, "index.js");
  const meta = path.join(dir, "bundle-meta.json");
  const rebuild = "run `npm run build` (npm test does it first)";
  if (!existsSync(bundle) || !existsSync(meta)) throw new Error(`dist/${name} is missing or has no bundle-meta.json: ${rebuild}.`);
  const builtAt = statSync(bundle).mtimeMs;
  const inputs = Object.keys((JSON.parse(readFileSync(meta, "utf8")) as { inputs: Record<string, unknown> }).inputs);
  const config = name === "gateway" ? "wrangler.toml" : `workers/${name}/wrangler.toml`;
  // esbuild names inputs relative to the config's directory.
  const newer = [path.resolve(root, config), ...inputs.filter((i) => !i.includes("node_modules/") && !i.includes(":")).map((i) => path.resolve(root, path.dirname(config), i))]
    .filter((file) => existsSync(file) && statSync(file).mtimeMs > builtAt);
  if (newer.length > 0) {
    const shown = newer.slice(0, 3).map((f) => path.relative(root, f));
    throw new Error(`dist/${name} is older than ${shown.join(", ")}${newer.length > 3 ? ` and ${newer.length - 3} more` : ""}: the tests would run a stale build; ${rebuild}.`);
  }
}

/** Runs in Node before a Worker project's tests: a stale auxiliary bundle fails the run at once, naming the file. */
export default function freshBundles(project: TestProject) {
  for (const name of project.config.provide?.auxiliaryBundles ?? []) assertFreshBundle(name);
}

/** What a Worker project provides this setup (vitest.workers.ts). */
export interface FreshBundlesContext {
  /** The auxiliary Workers of a Worker project, checked for freshness here. */
  auxiliaryBundles: string[];
}

declare module "vitest" {
  export interface ProvidedContext extends FreshBundlesContext {}
}
