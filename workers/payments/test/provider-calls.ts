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

/**
 * Stripe's `GET /v1/refunds` for a charge with `total` refunds, newest first, 100 a page by `starting_after`, the
 * one made with `key` at `at` (0 the newest; null: none): a fetch answering it, and the query of each request.
 */
export function refundListing(total: number, at: number | null, key: string) {
  const asked: string[] = [];
  const refunds = Array.from({ length: total }, (_, i) => ({ id: `re_${String(i).padStart(5, "0")}`, status: "succeeded", metadata: { refund_key: i === at ? key : `other_${i}` } }));
  const fetch = (async (input: string) => {
    const url = new URL(input);
    asked.push(url.search);
    const after = url.searchParams.get("starting_after");
    const from = after ? refunds.findIndex((r) => r.id === after) + 1 : 0;
    const limit = Number(url.searchParams.get("limit"));
    return new Response(JSON.stringify({ object: "list", data: refunds.slice(from, from + limit), has_more: from + limit < refunds.length }), { status: 200 });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, asked };
}
