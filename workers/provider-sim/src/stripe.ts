import type { ProviderScenario } from "./scenario";
import { once, randomRef, type Answer, type Charge, type Ledger, type SimRefund } from "./ledger";
import { pixCode } from "./pix";

/**
 * Stripe's PaymentIntents wire format: form-encoded requests with
 * `Authorization: Bearer sk_…` and `Idempotency-Key`; PaymentIntent objects
 * and `{ error: { type, code, decline_code, message } }` errors.
 */
const err = (status: number, type: string, message: string, extra: Record<string, unknown> = {}): Answer => ({ status, body: { error: { type, message, ...extra } } });

/** The `metadata[name]` fields of a form body. */
const metadataOf = (f: URLSearchParams) =>
  Object.fromEntries([...f].flatMap(([k, v]) => {
    const name = /^metadata\[(.+)\]$/.exec(k)?.[1];
    return name ? [[name, v]] : [];
  }));

/** The clauses of a search query this simulator understands (`metadata['k']:'v'` joined by AND); null for any other. */
function searchClauses(query: string): [string, string][] | null {
  const clauses = query.split(/\s+AND\s+/).map((q) => /^metadata\['([^']+)'\]:'([^']*)'$/.exec(q.trim()));
  return clauses.every(Boolean) ? clauses.map((m) => [m![1]!, m![2]!]) : null;
}

const refundObject = (c: Charge, r: SimRefund) => ({ id: r.id, object: "refund", amount: r.amount, currency: c.currency.toLowerCase(), payment_intent: c.ref, status: r.status, metadata: r.metadata });

/** A Stripe refund by its id, with the charge it was made on; undefined when Stripe made none by that id. */
function refundById(ledger: Ledger, id: string): { c: Charge; r: SimRefund } | undefined {
  for (const c of ledger.allCharges()) {
    const r = c.provider === "stripe" ? c.refunds?.find((x) => x.id === id) : undefined;
    if (r) return { c, r };
  }
  return undefined;
}

/** How long a Pix code stays payable: Stripe's default `expires_after_seconds` (one day). */
const PIX_EXPIRES_AFTER_S = 86_400;

/**
 * What the buyer must do for a PaymentIntent in `requires_action` (docs.stripe.com/api/payment_intents/object#payment_intent_object-next_action):
 * Pix shows a QR code (`pix_display_qr_code`); the rest go to a page (`redirect_to_url`) that sends the buyer back to
 * the `return_url` the confirm carried, echoed as Stripe does (null when none was sent).
 */
function nextAction(c: Charge) {
  if (c.method === "pix") {
    const expiresAt = c.createdAt ? c.createdAt + PIX_EXPIRES_AFTER_S : null;
    return {
      type: "pix_display_qr_code",
      pix_display_qr_code: {
        data: pixCode(`pix.stripe.sim/qr/v2/${c.ref}`, c.amount),
        expires_at: expiresAt,
        image_url_png: `https://qr.stripe.sim/pix/${c.ref}.png`,
        image_url_svg: `https://qr.stripe.sim/pix/${c.ref}.svg`,
        hosted_instructions_url: `https://payments.stripe.sim/pix/instructions/${c.ref}`,
      },
    };
  }
  return { type: "redirect_to_url", redirect_to_url: { url: `https://hooks.stripe.sim/redirect/${c.ref}`, return_url: c.returnUrl ?? null } };
}

function intentObject(c: Charge) {
  return {
    id: c.ref,
    object: "payment_intent",
    ...(c.createdAt ? { created: c.createdAt } : {}),
    amount: c.amount,
    amount_capturable: c.status === "requires_capture" ? c.amount : 0,
    amount_received: c.captured,
    currency: c.currency.toLowerCase(),
    status: c.status === "failed" ? "requires_payment_method" : c.status,
    capture_method: c.manual || c.status === "requires_capture" ? "manual" : "automatic",
    metadata: c.metadata ?? { intent_id: c.reference },
    next_action: c.status === "requires_action" ? nextAction(c) : null,
  };
}

/** A 500 after the work was done: Stripe's own wording for an indeterminate outcome. */
export const stripeServerError = err(500, "api_error", "An unknown error occurred with Stripe's servers.");

const notFound = (id: string, object = "payment_intent", param = "intent") => err(404, "invalid_request_error", `No such ${object}: '${id}'`, { code: "resource_missing", param });

/** Stripe's own limits on an amount (docs.stripe.com/currencies), so a connector that sends ISO units where Stripe's differ is refused here as there. */
function amountRefusal(amount: number, currency: string) {
  if (amount > 99_999_999) return err(400, "invalid_request_error", "Amount must be no more than 99999999.", { code: "amount_too_large", param: "amount" });
  if (currency === "isk" && amount % 100 !== 0) return err(400, "invalid_request_error", "Currency ISK has become effectively zero-decimal and charged amounts must be evenly divisible by 100.", { code: "invalid_charge_amount_no_decimal_compatible", param: "amount" });
  if (["bhd", "jod", "kwd", "omr", "tnd"].includes(currency) && amount % 10 !== 0) return err(400, "invalid_request_error", "Amounts in three-decimal currencies must end in 0.", { code: "invalid_amount", param: "amount" });
  return null;
}

/** One Stripe API call against the ledger; null when the path is not Stripe's. */
export async function stripe(ledger: Ledger, sc: ProviderScenario, req: Request, path: string): Promise<Answer | null> {
  if (!path.startsWith("/v1/")) return null;
  if (!/^Bearer sk_/.test(req.headers.get("authorization") ?? "")) return err(401, "invalid_request_error", "Invalid API Key provided.");
  if (sc.mode === "outage") return err(503, "api_error", "Stripe is temporarily unavailable. Please try again later.");
  const raw = req.method === "POST" ? await req.text() : "";
  const f = new URLSearchParams(raw);
  const key = req.headers.get("idempotency-key");
  const conflict = err(400, "idempotency_error", `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`);
  const fp = `${req.method} ${path}\n${raw}`;

  if (req.method === "POST" && path === "/v1/payment_intents") {
    return once(ledger, "stripe", key, fp, conflict, async () => {
      const amount = Number(f.get("amount"));
      if (!Number.isInteger(amount) || amount < 1) return err(400, "invalid_request_error", "Invalid positive integer", { code: "parameter_invalid_integer", param: "amount" });
      const refused = amountRefusal(amount, f.get("currency") ?? "");
      if (refused) return refused;
      const manual = f.get("capture_method") === "manual";
      const c: Charge = {
        ...(manual ? { manual } : {}),
        provider: "stripe", ref: randomRef("pi_"), reference: f.get("metadata[intent_id]") ?? "", amount,
        currency: (f.get("currency") ?? "").toUpperCase(), status: "succeeded", captured: 0, refunded: 0, idempotencyKey: key ?? "", metadata: metadataOf(f),
        method: f.get("payment_method_types[]") ?? "card", createdAt: Math.floor(Date.now() / 1000), ...(f.get("return_url") ? { returnUrl: f.get("return_url")! } : {}),
      };
      if (sc.mode === "soft_decline" || sc.mode === "hard_decline") {
        c.status = "failed";
        await ledger.save(c);
        const decline = sc.mode === "soft_decline" ? "try_again_later" : "insufficient_funds";
        return err(402, "card_error", sc.mode === "soft_decline" ? "Your card was declined. Try again later." : "Your card has insufficient funds.", {
          code: "card_declined", decline_code: decline, payment_intent: { ...intentObject(c), last_payment_error: { code: "card_declined", decline_code: decline } },
        });
      }
      // A card's 3-D Secure at Stripe is a redirect too, which Stripe completes by itself.
      const action = sc.mode === "requires_action" || (sc.mode === "three_ds" && c.method === "card");
      c.status = action ? "requires_action" : manual ? "requires_capture" : "succeeded";
      c.captured = c.status === "succeeded" ? amount : 0;
      await ledger.save(c);
      return { status: 200, body: intentObject(c) };
    });
  }

  if (req.method === "GET" && path === "/v1/payment_intents/search") {
    const wanted = searchClauses(new URL(req.url).searchParams.get("query") ?? "");
    if (!wanted) return err(400, "invalid_request_error", "This simulator searches by `metadata['name']:'value'` clauses joined by AND.");
    const data = [...ledger.allCharges()].filter((c) => c.provider === "stripe" && wanted.every(([k, v]) => c.metadata?.[k] === v)).map(intentObject);
    return { status: 200, body: { object: "search_result", data, has_more: false } };
  }

  if (req.method === "GET" && path === "/v1/refunds") {
    const c = ledger.charge(new URL(req.url).searchParams.get("payment_intent") ?? "");
    return { status: 200, body: { object: "list", data: c?.provider === "stripe" ? (c.refunds ?? []).map((r) => refundObject(c, r)) : [], has_more: false } };
  }

  // Retrieve a refund: as it stands now, whoever made it and whatever its creation's answer was (a saved 500 is the
  // answer replayed to its key, never what the refund is). A GET is not idempotent-keyed: a key sent with it is
  // ignored, neither kept nor answered from (Stripe: "Don't send idempotency keys in GET and DELETE requests").
  const refundPath = /^\/v1\/refunds\/([^/]+)$/.exec(path);
  if (refundPath && req.method === "GET") {
    const id = decodeURIComponent(refundPath[1]!);
    const found = refundById(ledger, id);
    return found ? { status: 200, body: refundObject(found.c, found.r) } : notFound(id, "refund", "id");
  }

  const m = /^\/v1\/payment_intents\/([^/]+)(?:\/(capture|cancel))?$/.exec(path);
  if (m) {
    const c = ledger.charge(m[1]!);
    if (!c || c.provider !== "stripe") return notFound(m[1]!);
    if (req.method === "GET" && !m[2]) return { status: 200, body: intentObject(c) };
    if (req.method !== "POST" || !m[2]) return err(405, "invalid_request_error", "Unrecognized request URL.");
    return once(ledger, "stripe", key, fp, conflict, async () => {
      if (m[2] === "capture") {
        if (c.status !== "requires_capture") return err(400, "invalid_request_error", `This PaymentIntent could not be captured because it has a status of ${c.status}.`, { code: "payment_intent_unexpected_state" });
        const amt = f.has("amount_to_capture") ? Number(f.get("amount_to_capture")) : c.amount;
        if (!(amt >= 1 && amt <= c.amount)) return err(400, "invalid_request_error", "amount_to_capture exceeds the amount capturable.", { code: "amount_too_large" });
        Object.assign(c, { status: "succeeded", captured: amt });
      } else {
        if (!["requires_capture", "requires_action"].includes(c.status)) return err(400, "invalid_request_error", `You cannot cancel this PaymentIntent because it has a status of ${c.status}.`, { code: "payment_intent_unexpected_state" });
        c.status = "canceled";
      }
      await ledger.save(c);
      return { status: 200, body: intentObject(c) };
    });
  }

  if (req.method === "POST" && path === "/v1/refunds") {
    return once(ledger, "stripe", key, fp, conflict, async () => {
      const c = ledger.charge(f.get("payment_intent") ?? "");
      if (!c || c.provider !== "stripe") return notFound(f.get("payment_intent") ?? "");
      const amt = f.has("amount") ? Number(f.get("amount")) : c.captured - c.refunded;
      if (!(amt >= 1 && c.refunded + amt <= c.captured)) return err(400, "invalid_request_error", `Refund amount (${amt}) is greater than unrefunded amount on charge.`, { code: "amount_too_large" });
      c.refunded += amt;
      const refund: SimRefund = { id: randomRef("re_"), amount: amt, status: "succeeded", metadata: metadataOf(f) };
      c.refunds = [...(c.refunds ?? []), refund];
      await ledger.save(c);
      return { status: 200, body: refundObject(c, refund) };
    });
  }
  return err(404, "invalid_request_error", `Unrecognized request URL (${req.method}: ${path}).`);
}
