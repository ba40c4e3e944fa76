// The platform's Workers and where their configs live; scripts share this one list.
import { spawn } from "node:child_process";
import { existsSync, writeFileSync, mkdirSync, copyFileSync } from "node:fs";
import { randomBytes, generateKeyPairSync } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Services first, gateway last: the deploy order (a binding's target must exist). */
export const WORKERS = [
  { name: "catalog", config: "workers/catalog/wrangler.toml" },
  { name: "provider-sim", config: "workers/provider-sim/wrangler.toml" },
  { name: "payments", config: "workers/payments/wrangler.toml" },
  { name: "media", config: "workers/media/wrangler.toml" },
  { name: "chat", config: "workers/chat/wrangler.toml" },
  { name: "ip", config: "workers/ip/wrangler.toml" },
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

/**
 * Local secrets, one `.dev.vars` beside each config that needs them. Made once
 * per clone with fresh random values; never committed.
 */
export function ensureDevVars() {
  const ed = generateKeyPairSync("ed25519");
  const jwk = JSON.stringify(ed.privateKey.export({ format: "jwk" }));
  const files = {
    ".dev.vars": { ADMIN_TOKEN: "admin_test_demo" },
    "workers/chat/.dev.vars": { CHAT_TOKEN_SECRET: randomBytes(32).toString("base64url") },
    "workers/ip/.dev.vars": { LEDGER_SIGNING_KEY: jwk },
  };
  for (const [file, vars] of Object.entries(files)) {
    const target = path.join(ROOT, file);
    if (existsSync(target)) continue;
    // Single quotes: dotenv takes the value literally (a JWK is full of double quotes).
    writeFileSync(target, Object.entries(vars).map(([k, v]) => `${k}='${v}'`).join("\n") + "\n");
  }
}

/**
 * The gateway's static assets (not committed, made from sources): Swagger UI's files for /docs from the
 * installed package, and the chat demo page with the chat SDK bundled for browsers.
 */
export async function ensurePublicAssets() {
  const pub = path.join(ROOT, "workers/gateway/public");
  mkdirSync(path.join(pub, "docs"), { recursive: true });
  mkdirSync(path.join(pub, "demo"), { recursive: true });
  for (const f of ["swagger-ui-bundle.js", "swagger-ui.css"]) {
    copyFileSync(path.join(ROOT, "node_modules/swagger-ui-dist", f), path.join(pub, "docs", f));
  }
  copyFileSync(path.join(ROOT, "workers/gateway/demo/chat.html"), path.join(pub, "demo/chat.html"));
  const { build } = await import("esbuild");
  await build({
    entryPoints: [path.join(ROOT, "workers/gateway/demo/chat.ts")],
    outfile: path.join(pub, "demo/chat.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    logLevel: "error",
  });
}
