// What `npm run deploy` decides, as pure functions of the committed wrangler configs: each Worker's
// config for an environment, and an order that satisfies every service binding (cycles resolved).
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { ROOT, WORKERS } from "./workers.mjs";

/** Each deployable Worker's committed config, parsed. */
export function readConfigs() {
  return WORKERS.filter((w) => !w.localOnly).map((w) => ({ ...w, dir: path.dirname(path.join(ROOT, w.config)), raw: parse(readFileSync(path.join(ROOT, w.config), "utf8")) }));
}

/** `ecp-catalog` in production, `ecp-catalog-staging` in staging: environments never share a resource. */
export const suffixed = (name, env) => (env === "production" ? name : `${name}-${env}`);

/** Keys wrangler does not inherit into an environment: a config with an env section states them there. */
const NOT_INHERITED = ["vars", "services", "d1_databases", "r2_buckets", "durable_objects", "kv_namespaces", "analytics_engine_datasets", "ratelimits", "queues"];

/**
 * A Worker's config for one environment: the top level (local defaults), or, when the config has an
 * `[env.<env>]` (else `[env.production]`) section, that section over it with wrangler's own rule (bindings
 * and vars come from the section alone); every name suffixed for the environment, and the environment's
 * D1 id wired in. `omit` drops service bindings (the first pass of a binding cycle).
 */
export function environmentConfig(raw, env, { databaseId, omit = [] }) {
  const { env: sections, ...top } = raw;
  const section = sections?.[env] ?? sections?.production;
  const base = section ? Object.fromEntries(Object.entries(top).filter(([k]) => !NOT_INHERITED.includes(k))) : top;
  const cfg = structuredClone({ ...base, ...section });
  cfg.name = suffixed(top.name, env);
  cfg.services = (cfg.services ?? [])
    .filter((s) => !omit.includes(s.binding))
    .map((s) => ({ ...s, service: suffixed(s.service, env) }));
  if (cfg.services.length === 0) delete cfg.services;
  cfg.d1_databases = cfg.d1_databases?.map((d) => ({ ...d, database_name: suffixed(d.database_name, env), database_id: databaseId }));
  cfg.r2_buckets = cfg.r2_buckets?.map((b) => ({ ...b, bucket_name: suffixed(b.bucket_name, env) }));
  for (const key of Object.keys(cfg)) if (cfg[key] === undefined) delete cfg[key];
  return cfg;
}

/** The D1 database and R2 buckets an environment needs. */
export function resources(configs, env) {
  const d1 = new Set();
  const r2 = new Set();
  for (const { raw } of configs) {
    for (const d of raw.d1_databases ?? []) d1.add(suffixed(d.database_name, env));
    for (const b of raw.r2_buckets ?? []) r2.add(suffixed(b.bucket_name, env));
  }
  return { d1: [...d1], r2: [...r2] };
}

/**
 * Deploy steps in an order where every service binding's target exists first. A cycle (catalog ↔ ip)
 * is broken by deploying one member without its bindings to the rest of the cycle, then deploying the
 * others, then that member again in full. Ties keep the WORKERS order, so the plan is deterministic.
 */
export function deployOrder(configs) {
  const ours = new Map(configs.map((c) => [c.raw.name, c.name]));
  const deps = new Map(
    configs.map((c) => [c.name, (c.raw.services ?? []).filter((s) => ours.has(s.service)).map((s) => ({ binding: s.binding, target: ours.get(s.service) }))]),
  );
  const done = new Set();
  const steps = [];
  const reruns = [];
  const pending = configs.map((c) => c.name);
  while (pending.length > 0) {
    const ready = pending.find((n) => deps.get(n).every((d) => done.has(d.target)));
    if (ready) {
      steps.push({ worker: ready, omit: [] });
      done.add(ready);
      pending.splice(pending.indexOf(ready), 1);
      continue;
    }
    // Every remaining Worker waits on another: bootstrap the one with the fewest missing targets.
    const missing = (n) => deps.get(n).filter((d) => !done.has(d.target));
    const pick = pending.reduce((a, b) => (missing(b).length < missing(a).length ? b : a));
    steps.push({ worker: pick, omit: missing(pick).map((d) => d.binding), bootstrap: true });
    done.add(pick);
    pending.splice(pending.indexOf(pick), 1);
    reruns.push({ worker: pick, omit: [] });
  }
  return [...steps, ...reruns];
}
