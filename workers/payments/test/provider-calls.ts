import type { Connector, ModResult } from "../src/connectors/types";
import { depsOf, iso, type Deps } from "../src/service/deps";
import { ENV } from "./helpers";

// What the tests of calls left pending share: a day, an answer that never came, connectors changed in one place,
// and a claim moved back in time (past the provider's key window).

export const DAY = 24 * 60 * 60 * 1000;

/** A provider call whose answer never came: its outcome is unknown. */
export const lost: ModResult = { ok: false, code: "timeout", message: "no answer in time", failure: "unknown" };

/** Deps whose `provider` connector is the real one changed by `change`. */
export const connectorWith = (provider: "stripe" | "adyen", change: (real: Connector) => Partial<Connector>): Deps => {
  const d = depsOf(ENV);
  return { ...d, connectors: { ...d.connectors, [provider]: { ...d.connectors[provider], ...change(d.connectors[provider]) } } };
};

/** Deps whose Stripe connector is the real one changed by `change`. */
export const stripeWith = (change: (real: Connector) => Partial<Connector>): Deps => connectorWith("stripe", change);

/** Deps whose Stripe connector fails the test if a capture or cancel is sent (`change` may add more). */
export const noModificationSent = (change: (real: Connector) => Partial<Connector> = () => ({})) =>
  stripeWith((real) => ({
    capture: async () => {
      throw new Error("a capture was sent");
    },
    cancel: async () => {
      throw new Error("a cancel was sent");
    },
    ...change(real),
  }));

/** Moves a claim's start back `ms` (one sent two days ago is past every key window). */
export const claimedAgo = (id: string, ms: number) => ENV.DB.prepare("UPDATE payment_intents SET pending_since = ? WHERE id = ?").bind(iso(Date.now() - ms), id).run();
