import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { defineProject, type UserWorkspaceConfig } from "vitest/config";

const ROOT = path.dirname(new URL(import.meta.url).pathname);

/** Test secrets: fixed values so tests are repeatable; real ones come from `.dev.vars` or `wrangler secret`. */
export const TEST_SECRETS = {
  ADMIN_TOKEN: "admin_test_secret",
  CHAT_TOKEN_SECRET: "test-chat-secret-0123456789abcdef0123456789abcdef",
  /** An Ed25519 private JWK made for tests only: the IP ledger signs tree heads with it. */
  LEDGER_SIGNING_KEY: '{"crv":"Ed25519","d":"i8Si3Pb-iWjPdbs-FTDUD5rwGVGhhp31Lr2fX7yadVY","x":"UKABbpN-hdTx5_HiqYyxth50xsUgoGz7jwhRwbv0jz4","kty":"OKP"}',
};

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

/**
 * An auxiliary Worker as its own wrangler config describes it (bindings,
 * Durable Objects, D1 ids), running the bundle `npm run build` made. A binding
 * back to the Worker under test is dropped: the pool does not expose that
 * Worker by name, and the tests exercise calls in one direction only.
 */
function auxiliaryWorker(name: string, underTest: string) {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(path.join(ROOT, "workers", name, "wrangler.toml"));
  const { bindings, serviceBindings, ...rest } = workerOptions as typeof workerOptions & {
    bindings?: Record<string, unknown>;
    serviceBindings?: Record<string, unknown>;
  };
  const forward = Object.entries(serviceBindings ?? {}).filter(([, target]) => (target as { name?: string }).name !== `ecp-${underTest}`);
  return {
    ...rest,
    name: `ecp-${name}`,
    serviceBindings: Object.fromEntries(forward),
    bindings: { ...bindings, ...TEST_SECRETS },
    modules: true,
    modulesRoot: path.join(ROOT, "dist", name),
    scriptPath: path.join(ROOT, "dist", name, "index.js"),
  };
}

/**
 * The vitest project of one Worker: its tests run inside workerd with the
 * Worker's own wrangler config, the D1 migrations applied in setup, and any
 * auxiliary Workers (prebuilt by `npm run build`) it binds to.
 */
export function workerProject(
  name: string,
  opts: {
    configPath: string;
    auxiliary?: string[];
    bindings?: Record<string, unknown>;
    miniflare?: Record<string, unknown>;
    /** Tests of shared modules (beside them under shared/) that run in this Worker's project, once. */
    sharedTests?: string[];
  },
): UserWorkspaceConfig {
  return defineProject({
    plugins: [
      cloudflareTest(async () => ({
        wrangler: { configPath: path.join(ROOT, opts.configPath) },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: await readD1Migrations(path.join(ROOT, "migrations")),
            ...TEST_SECRETS,
            ...opts.bindings,
          },
          ...opts.miniflare,
          workers: (opts.auxiliary ?? []).map((aux) => auxiliaryWorker(aux, name)),
        },
      })),
    ],
    test: {
      name: `workers/${name}`,
      include: [`workers/${name}/test/**/*.test.ts`, `workers/${name}/src/**/*.test.ts`, ...(opts.sharedTests ?? [])],
      setupFiles: [path.join(ROOT, "shared/testing/apply-migrations.ts")],
      // Before any Worker starts: refuse auxiliary bundles older than their sources (fresh-bundles.ts).
      globalSetup: [path.join(ROOT, "shared/testing/fresh-bundles.ts")],
      provide: { auxiliaryBundles: opts.auxiliary ?? [] },
      root: ROOT,
      // One runtime per project rather than one per file: starting workerd with its auxiliary Workers is
      // most of this suite's time. Tests make their own tenants and ids, so they do not need fresh storage.
      isolate: false,
      // The machine is small and shared with the stack; correctness, not speed, is asserted here.
      testTimeout: 30_000,
    },
  });
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The auxiliary Workers of a Worker project, checked for freshness by shared/testing/fresh-bundles.ts. */
    auxiliaryBundles: string[];
  }
}
