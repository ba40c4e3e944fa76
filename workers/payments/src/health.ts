import type { HealthSnapshot, ProviderHealth } from "./do/provider-health";
import { PROVIDERS, type ProviderName } from "./domain/methods-data";
import type { Outcome } from "./domain/window";

/** What routing and the confirm chain need from provider health. */
export interface HealthPort {
  snapshot(): Promise<Record<ProviderName, HealthSnapshot>>;
  record(provider: ProviderName, outcome: Outcome & { reachable: boolean }): Promise<void>;
}

/** This isolate's last reading, trusted for HEALTH_TTL_MS; a record refreshes its provider's entry at once. */
let cached: { at: number; snap: Record<ProviderName, HealthSnapshot> } | null = null;

const stub = (env: Env, p: ProviderName) => env.HEALTH.get(env.HEALTH.idFromName(p)) as unknown as DurableObjectStub<ProviderHealth>;

/** Provider health through the ProviderHealth objects, with a short per-isolate cache of their snapshots. */
export function healthPort(env: Env): HealthPort {
  const ttl = Number(env.HEALTH_TTL_MS) || 0;
  return {
    async snapshot() {
      const now = Date.now();
      if (cached && now - cached.at < ttl) return cached.snap;
      const snaps = await Promise.all(PROVIDERS.map((p) => stub(env, p).snapshot(p)));
      const snap = Object.fromEntries(PROVIDERS.map((p, i) => [p, snaps[i] as unknown as HealthSnapshot])) as Record<ProviderName, HealthSnapshot>;
      cached = { at: now, snap };
      return snap;
    },
    async record(provider, outcome) {
      const fresh = await stub(env, provider).record(provider, [outcome]);
      if (cached) cached = { at: cached.at, snap: { ...cached.snap, [provider]: fresh } };
    },
  };
}

/** Drops this isolate's cached reading (after a reset). */
export const forgetHealth = () => {
  cached = null;
};

/** A provider with no data and a closed breaker: what routing assumes when health cannot be read. */
const unseen = (provider: ProviderName, at: number): HealthSnapshot => ({
  provider, breaker: "closed", consecutiveFailures: 0, attempts: 0, authorized: 0, successRate: null, p50Ms: null, p95Ms: null, byKey: {}, at,
});

/**
 * Health for a routing decision. A ProviderHealth object throws on every deploy and when overloaded: a payment then
 * routes as if no provider had data (the tenant's rules still apply), rather than fail.
 */
export async function healthOrUnseen(port: HealthPort, now: number): Promise<Record<ProviderName, HealthSnapshot>> {
  try {
    return await port.snapshot();
  } catch (err) {
    console.error("provider health not read; routing without it", err);
    return Object.fromEntries(PROVIDERS.map((p) => [p, unseen(p, now)])) as Record<ProviderName, HealthSnapshot>;
  }
}
