// The platform's Workers and where their configs live; scripts share this one list.
import { spawn } from "node:child_process";
import { existsSync, writeFileSync, mkdirSync, readFileSync } from "node:fs";
import { randomBytes, generateKeyPairSync } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Services first, gateway last: the deploy order (a binding's target must exist). */
export const WORKERS = [
  { name: "catalog", config: "workers/catalog/wrangler.toml" },
  // The payment providers' stand-in for local runs and tests: never deployed (`npm run deploy` skips it).
  { name: "provider-sim", config: "workers/provider-sim/wrangler.toml", localOnly: true },
  { name: "payments", config: "workers/payments/wrangler.toml" },
  { name: "media", config: "workers/media/wrangler.toml" },
  { name: "chat", config: "workers/chat/wrangler.toml" },
  { name: "ip", config: "workers/ip/wrangler.toml" },
  // Pages for buyers and sellers; it and the gateway bind each other (the deploy plan bootstraps the cycle).
  { name: "storefront", config: "workers/storefront/wrangler.toml" },
  { name: "gateway", config: "wrangler.toml" },
];

export const WRANGLER = path.join(ROOT, "node_modules/.bin/wrangler");

/** The environment every wrangler run gets here: no telemetry, no cf fetch (no internet). */
export const WRANGLER_ENV = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  NO_D1_WARNING: "true",
};

/** Runs a command, inheriting stdio unless `quiet`, and rejects on a non-zero exit. */
export function run(cmd, args, { quiet = false, env = WRANGLER_ENV } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit" });
    let out = "";
    child.stdout?.on("data", (d) => (out += d));
    child.stderr?.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}\n${out}`)),
    );
  });
}

const ed25519Jwk = () => JSON.stringify(generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" }));

/**
 * Every secret a Worker needs, with how to make a fresh one. `npm start` writes them to `.dev.vars`
 * once per clone; `npm run deploy` sets the ones a Worker lacks in its account.
 */
export const SECRETS = {
  gateway: { ADMIN_TOKEN: () => `admin_${randomBytes(24).toString("base64url")}` },
  // Provider credentials come from the provider's dashboard, not from us: null = the operator supplies
  // them (as environment variables of the deploy, or later with `wrangler secret put`). Locally the
  // simulator's test values are plain vars in workers/payments/wrangler.toml.
  payments: { STRIPE_SECRET_KEY: null, STRIPE_WEBHOOK_SECRET: null, ADYEN_API_KEY: null, ADYEN_HMAC_KEY: null },
  chat: { CHAT_TOKEN_SECRET: () => randomBytes(32).toString("base64url") },
  ip: { LEDGER_SIGNING_KEY: ed25519Jwk },
  // The storefront's tenant keys come from that tenant (the operator supplies them); the session key is ours.
  storefront: { STOREFRONT_PUBLISHABLE_KEY: null, STOREFRONT_SECRET_KEY: null, SESSION_SECRET: () => randomBytes(32).toString("base64url") },
};

/** Local values that must be known in advance (README and the e2e tests use the admin token; the storefront sells for the demo tenant). */
const LOCAL_FIXED = { ADMIN_TOKEN: "admin_test_demo", STOREFRONT_PUBLISHABLE_KEY: "pk_test_demo", STOREFRONT_SECRET_KEY: "sk_test_demo" };

/**
 * Local secrets, one `.dev.vars` beside each config that needs them. Made once
 * per clone with fresh random values; never committed.
 */
export function ensureDevVars() {
  for (const w of WORKERS) {
    const secrets = Object.fromEntries(Object.entries(SECRETS[w.name] ?? {}).filter(([k, make]) => make || k in LOCAL_FIXED));
    if (Object.keys(secrets).length === 0) continue;
    const target = path.join(ROOT, path.dirname(w.config), ".dev.vars");
    if (existsSync(target)) continue;
    const vars = Object.entries(secrets).map(([k, make]) => [k, LOCAL_FIXED[k] ?? make()]);
    // Single quotes: dotenv takes the value literally (a JWK is full of double quotes).
    writeFileSync(target, vars.map(([k, v]) => `${k}='${v}'`).join("\n") + "\n");
  }
}

/** esbuild options for a script that runs in browsers: one minified ES module with its imports. */
const BROWSER_BUNDLE = { bundle: true, format: "esm", platform: "browser", target: "es2022", minify: true, logLevel: "error" };

/**
 * The gateway's static assets (not committed, made from sources): Swagger UI's files for /docs from the
 * installed package, and the chat demo page with the chat SDK bundled for browsers.
 */
export async function ensurePublicAssets() {
  const pub = path.join(ROOT, "workers/gateway/public");
  for (const f of ["swagger-ui-bundle.js", "swagger-ui.css"]) {
    writeIfChanged(path.join(pub, "docs", f), readFileSync(path.join(ROOT, "node_modules/swagger-ui-dist", f)));
  }
  writeIfChanged(path.join(pub, "demo/chat.html"), readFileSync(path.join(ROOT, "workers/gateway/demo/chat.html")));
  const { build } = await import("esbuild");
  await writeBuild(build, { ...BROWSER_BUNDLE, entryPoints: [path.join(ROOT, "workers/gateway/demo/chat.ts")], outfile: path.join(pub, "demo/chat.js") });
  await ensureStorefrontAssets(build);
}

/**
 * Writes only what differs: a running `wrangler dev` watches the gateway's assets and restarts the
 * runtime on any write, dropping in-flight requests (a test preparing a second state directory, or the
 * bench, must not restart the stack it is measuring).
 */
function writeIfChanged(file, bytes) {
  if (existsSync(file) && Buffer.compare(readFileSync(file), Buffer.from(bytes)) === 0) return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
}

/** An esbuild run whose output files go through `writeIfChanged`. */
async function writeBuild(build, options) {
  const { outputFiles } = await build({ ...options, write: false });
  for (const out of outputFiles) writeIfChanged(out.path, out.contents);
}

/**
 * The storefront's per-page scripts: each `workers/storefront/client/<page>.ts` → `/sf/<page>.js`, served
 * from the gateway's assets (a secondary Worker's `[assets]` are not served by a multi-config `wrangler dev`).
 */
export const STOREFRONT_PAGES = ["listing", "evidence", "room"];

async function ensureStorefrontAssets(build) {
  await writeBuild(build, {
    ...BROWSER_BUNDLE,
    entryPoints: STOREFRONT_PAGES.map((p) => path.join(ROOT, "workers/storefront/client", `${p}.ts`)),
    outdir: path.join(ROOT, "workers/gateway/public/sf"),
  });
}
