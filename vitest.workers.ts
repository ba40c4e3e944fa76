import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { defineProject, type UserWorkspaceConfig } from "vitest/config";
import type { FreshBundlesContext } from "./shared/testing/fresh-bundles.ts";

const ROOT = path.dirname(new URL(import.meta.url).pathname);

/** Test secrets: fixed values so tests are repeatable; real ones come from `.dev.vars` or `wrangler secret`. */
export const TEST_SECRETS = {
  ADMIN_TOKEN: "admin_test_secret",
  CHAT_TOKEN_SECRET: "test-chat-secret-0123456789abcdef0123456789abcdef",
  /** An Ed25519 private JWK made for tests only: the IP ledger signs tree heads with it. */
  LEDGER_SIGNING_KEY: '{"crv":"Ed25519","d":"i8Si3Pb-iWjPdbs-FTDUD5rwGVGhhp31Lr2fX7yadVY","x":"UKABbpN-hdTx5_HiqYyxth50xsUgoGz7jwhRwbv0jz4","kty":"OKP"}',
};

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
      // Before any Worker starts: refuse auxiliary bundles older than their sources. The file imports only
      // node:fs (a global setup runs through Vite's module runner, which transformed all of wrangler, 7 s a project, when
      // this check lived here beside the wrangler import).
      globalSetup: [path.join(ROOT, "shared/testing/fresh-bundles.ts")],
      provide: { auxiliaryBundles: opts.auxiliary ?? [] } satisfies FreshBundlesContext,
      root: ROOT,
      // One runtime per project rather than one per file: starting workerd with its auxiliary Workers is
      // most of this suite's time. Tests make their own tenants and ids, so they do not need fresh storage.
      isolate: false,
      // The machine is small and shared with the stack; correctness, not speed, is asserted here.
      testTimeout: 30_000,
    },
  });
}
