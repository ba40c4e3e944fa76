/** One simulated charge, whichever provider's format it was made in. */
export interface Charge {
  provider: "stripe" | "adyen";
  ref: string;
  /** The merchant's reference (our intent id). */
  reference: string;
  amount: number;
  currency: string;
  status: "succeeded" | "requires_capture" | "requires_action" | "failed" | "canceled";
  captured: number;
  refunded: number;
  idempotencyKey: string;
  /** Stripe's `metadata[...]` fields as sent (its search API reads them). */
  metadata?: Record<string, string>;
  /** Stripe refunds made on this charge, as `GET /v1/refunds` lists them. */
  refunds?: SimRefund[];
  /** The payment method type as sent (Stripe's `payment_method_types[]`, Adyen's `paymentMethod.type`). */
  method?: string;
  /** When it was made, in Unix seconds (Stripe's `created`). */
  createdAt?: number;
  /** Taken as an authorisation to capture later (Stripe's `capture_method=manual`, Adyen's `manualCapture`): a buyer's late payment leaves it `requires_capture`. */
  manual?: boolean;
  /** Adyen's merchant account it was made for (its notifications name it). */
  merchantAccount?: string;
  /** Where the buyer is sent back after a redirect, as sent (Stripe's `return_url`, Adyen's `returnUrl`); absent when none was. */
  returnUrl?: string;
  /**
   * Adyen, a card payment redirected for 3-D Secure (`three_ds` mode): `challenge` while the shopper is away, then
   * `authenticated` or `failed` as they came back; the payment is decided only when /payments/details is sent.
   */
  threeDs?: "challenge" | "authenticated" | "failed";
  /** What Adyen appended to the `returnUrl` when the shopper came back (`redirectResult`): /payments/details takes it. */
  redirectResult?: string;
}

/** One Stripe refund object. */
export interface SimRefund {
  id: string;
  amount: number;
  status: "succeeded" | "failed";
  metadata: Record<string, string>;
}

/**
 * A capture, cancel or refund Adyen received (its 201): `received` until decided, then `succeeded` or
 * `failed` as its notification says, and `failed_later` for a capture or refund failed after it succeeded.
 */
export interface SimModification {
  psp: string;
  kind: "captures" | "cancels" | "refunds";
  /** The payment's pspReference. */
  paymentPsp: string;
  /** The merchant's reference for the modification (our provider key). */
  reference: string;
  merchantAccount: string;
  value: number;
  currency: string;
  status: "received" | "succeeded" | "failed" | "failed_later";
}

/** A stored answer for an idempotency key: the same key and body get it again; another body is refused. */
export interface IdemRecord {
  fingerprint: string;
  status: number;
  body: unknown;
}

/** Where the provider formats keep their state: the SimLedger object implements it. */
export interface Ledger {
  charge(ref: string): Charge | undefined;
  allCharges(): Iterable<Charge>;
  save(c: Charge): Promise<void>;
  remembered(provider: string, key: string): IdemRecord | undefined;
  remember(provider: string, key: string, r: IdemRecord): Promise<void>;
  modifications(): Iterable<SimModification>;
  /** Saves a modification; a newly received one is then decided and notified (see `SimLedger`). */
  saveModification(m: SimModification): Promise<void>;
}

export type Answer = { status: number; body: unknown };

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const randomRef = (prefix: string, n = 24) =>
  prefix + Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => CROCKFORD[b % 32]).join("");

/**
 * Runs `compute` once per (provider, key): a retry with the same key and body
 * gets the stored answer, another body a conflict. Answers that are refusals
 * before any work (auth, outage) are not stored, as real providers do.
 */
export async function once(ledger: Ledger, provider: string, key: string | null, fingerprint: string, conflict: Answer, compute: () => Promise<Answer>): Promise<Answer> {
  if (!key) return compute();
  const seen = ledger.remembered(provider, key);
  if (seen) return seen.fingerprint === fingerprint ? { status: seen.status, body: seen.body } : conflict;
  // A concurrent duplicate waits for the first computation instead of running its own.
  const id = `${provider}:${key}`;
  const running = inflight.get(id);
  if (running) return running.fingerprint === fingerprint ? running.answer : conflict;
  const answer = (async () => {
    const a = await compute();
    if (a.status < 500) await ledger.remember(provider, key, { fingerprint, ...a });
    return a;
  })();
  inflight.set(id, { fingerprint, answer });
  try {
    return await answer;
  } finally {
    inflight.delete(id);
  }
}

const inflight = new Map<string, { fingerprint: string; answer: Promise<Answer> }>();
