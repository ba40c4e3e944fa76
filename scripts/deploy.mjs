// `npm run deploy [-- --env staging] [-- --dry-run]`: a fresh Cloudflare account to a running platform,
// safe to run again. Creates what is missing (D1 database, R2 buckets, secrets), applies migrations
// remotely, and deploys every Worker in an order that satisfies its service bindings.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { deployOrder, environmentConfig, readConfigs, resources, suffixed } from "./lib/deploy-plan.mjs";
import { ROOT, SECRETS, WRANGLER, ensurePublicAssets, run } from "./lib/workers.mjs";

const { values: args } = parseArgs({ options: { env: { type: "string", default: "production" }, "dry-run": { type: "boolean", default: false } } });
const env = args.env;
const dry = args["dry-run"];
if (!/^[a-z][a-z0-9-]{0,20}$/.test(env)) throw new Error(`--env must be a short lower-case name, got "${env}"`);

const configs = readConfigs();
const plan = [];
const say = (line) => console.log(`${dry ? "[dry-run] " : ""}${line}`);

/** Runs wrangler for real, or (dry run) records and prints the command instead. */
async function wrangler(argv, { always = false, allowFail = false } = {}) {
  plan.push(["wrangler", ...argv].join(" "));
  if (dry && !always) {
    say(`would run: wrangler ${argv.join(" ")}`);
    return "";
  }
  try {
    return await run(WRANGLER, argv, { quiet: true });
  } catch (err) {
    if (allowFail) return null;
    throw err;
  }
}

const configPath = (c) => path.join(c.dir, `.deploy.${env}.wrangler.json`);
const rel = (p) => path.relative(ROOT, p);

// 1. The account: resources that must exist before any Worker refers to them.
if (!dry && (await wrangler(["whoami"], { allowFail: true })) === null) {
  throw new Error("wrangler is not logged in: run `npx wrangler login` (or set CLOUDFLARE_API_TOKEN) first");
}
const { d1, r2 } = resources(configs, env);
const [dbName] = d1;
let databaseId = configs.find((c) => c.raw.d1_databases)?.raw.d1_databases[0].database_id;
const listed = await wrangler(["d1", "list", "--json"]);
if (!dry) {
  const existing = JSON.parse(listed).find((d) => d.name === dbName);
  if (existing) {
    databaseId = existing.uuid;
    say(`D1 database ${dbName} exists (${databaseId})`);
  } else {
    const out = await wrangler(["d1", "create", dbName]);
    databaseId = /"?database_id"?\s*[:=]\s*"([0-9a-f-]{36})"/.exec(out)?.[1];
    if (!databaseId) throw new Error(`could not read the new database's id from:\n${out}`);
    say(`created D1 database ${dbName} (${databaseId})`);
  }
} else {
  await wrangler(["d1", "create", dbName, "# only when `d1 list` lacks it"]);
}
for (const bucket of r2) {
  // Creating is the existence check: an existing bucket refuses, and the list confirms it is ours.
  if ((await wrangler(["r2", "bucket", "create", bucket], { allowFail: true })) === null) {
    const buckets = await wrangler(["r2", "bucket", "list"]);
    if (!buckets.includes(bucket)) throw new Error(`could not create R2 bucket ${bucket}`);
    say(`R2 bucket ${bucket} exists`);
  }
}

// 2. Each Worker's config for this environment, beside its committed one (relative paths stay valid).
const steps = deployOrder(configs);
const write = (c, omit) => {
  const file = omit.length ? path.join(c.dir, `.deploy.${env}.bootstrap.wrangler.json`) : configPath(c);
  writeFileSync(file, JSON.stringify(environmentConfig(c.raw, env, { databaseId, omit }), null, 2) + "\n");
  return file;
};
for (const c of configs) say(`config ${rel(write(c, []))}`);
await ensurePublicAssets();

// 3. Schema and reference data: the migrations carry both.
const gateway = configs.find((c) => c.name === "gateway");
await wrangler(["d1", "migrations", "apply", "DB", "--remote", "-c", configPath(gateway)]);

// 4. Workers, targets before the Workers that bind them; missing secrets generated and set with the deploy.
const secretsDir = path.join(os.tmpdir(), `ecp-deploy-${process.pid}`);
mkdirSync(secretsDir, { recursive: true, mode: 0o700 });
const exists = async (name) => (await wrangler(["deployments", "list", "--name", name, "--json"], { allowFail: true })) !== null;
const created = {};
const unset = [];
let gatewayUrl = null;
try {
  for (const step of steps) {
    const c = configs.find((x) => x.name === step.worker);
    if (step.bootstrap && !dry) {
      const targets = (c.raw.services ?? []).filter((s) => step.omit.includes(s.binding)).map((s) => suffixed(s.service, env));
      if ((await Promise.all(targets.map(exists))).every(Boolean)) {
        say(`${c.name}: every binding target exists; no bootstrap pass needed`);
        continue;
      }
    }
    const file = write(c, step.omit);
    const argv = ["deploy", "-c", file];
    const wanted = SECRETS[c.name] ?? {};
    if (Object.keys(wanted).length > 0 && !step.bootstrap) {
      const listedSecrets = dry ? null : await wrangler(["secret", "list", "-c", file, "--format", "json"], { allowFail: true });
      const have = new Set((listedSecrets ? JSON.parse(listedSecrets) : []).map((s) => s.name));
      // Generated when missing; operator-supplied ones (null) taken from this process's environment.
      const missing = Object.entries(wanted)
        .filter(([name]) => !have.has(name))
        .flatMap(([name, make]) => (make ? [[name, make]] : process.env[name] ? [[name, () => process.env[name]]] : (unset.push(`${suffixed(c.raw.name, env)}: ${name}`), [])));
      if (missing.length > 0) {
        const secretsFile = path.join(secretsDir, `${c.name}.json`);
        const values = Object.fromEntries(missing.map(([name, make]) => [name, make()]));
        writeFileSync(secretsFile, JSON.stringify(values), { mode: 0o600 });
        if (values.ADMIN_TOKEN) created.ADMIN_TOKEN = values.ADMIN_TOKEN;
        say(`${c.name}: setting secrets ${missing.map(([n]) => n).join(", ")}`);
        argv.push("--secrets-file", secretsFile);
      }
    }
    say(`deploy ${suffixed(c.raw.name, env)}${step.bootstrap ? ` (bootstrap pass without ${step.omit.join(", ")}: its target does not exist yet)` : ""}`);
    if (dry) {
      const outdir = path.join(ROOT, "dist/deploy", env, c.name + (step.bootstrap ? "-bootstrap" : ""));
      await wrangler(["deploy", "--dry-run", "-c", file, "--outdir", outdir], { always: true });
      say(`  bundled → ${rel(outdir)}`);
    } else {
      const out = await wrangler(argv);
      gatewayUrl = /https:\/\/\S+\.workers\.dev/.exec(out)?.[0] ?? gatewayUrl;
    }
  }
} finally {
  rmSync(secretsDir, { recursive: true, force: true });
}

// 5. What the operator does next.
if (unset.length > 0) {
  console.log(`\nSecrets only you can supply (from the provider's dashboard) are not set yet:\n  ${unset.join("\n  ")}`);
  console.log("Set them with `npx wrangler secret put <NAME> -c <worker config>` or export them and run the deploy again.");
}
if (dry) {
  mkdirSync(path.join(ROOT, "dist/deploy", env), { recursive: true });
  const planFile = path.join(ROOT, "dist/deploy", env, "plan.json");
  writeFileSync(planFile, JSON.stringify({ env, resources: { d1, r2 }, steps, commands: plan }, null, 2));
  say(`plan written to ${rel(planFile)}; nothing was sent to Cloudflare`);
} else {
  const url = gatewayUrl ?? `https://${suffixed("ecp-gateway", env)}.<your-subdomain>.workers.dev`;
  console.log(`\nThe platform is live at ${url}\n`);
  console.log(created.ADMIN_TOKEN ? `ADMIN_TOKEN (shown once, keep it): ${created.ADMIN_TOKEN}\n` : "ADMIN_TOKEN: unchanged (set on an earlier run).\n");
  console.log(`First step: create a tenant and keep its keys (shown once):
  curl -X POST ${url}/v1/admin/tenants -H "Authorization: Bearer <ADMIN_TOKEN>" -H "Content-Type: application/json" -d '{"name":"My shop"}'`);
}
