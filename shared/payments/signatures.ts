/**
 * Provider webhook signatures, verified in constant time by
 * `crypto.subtle.verify` over the raw body bytes.
 * - Stripe: `Stripe-Signature: t=<unix s>,v1=<hex HMAC-SHA256 of "t.body">`,
 *   keyed by the endpoint secret as UTF-8; stale beyond a tolerance.
 * - Adyen: `additionalData.hmacSignature`, base64 HMAC-SHA256 of the item's
 *   fields joined by ":", keyed by the hex-decoded HMAC key.
 * Shared: the payments Worker verifies them, the local provider simulator signs its notifications.
 */
export const STRIPE_TOLERANCE_S = 300;

const enc = new TextEncoder();

const hmacKey = (raw: Uint8Array, usages: ("sign" | "verify")[]) =>
  crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, usages);

function fromHex(hex: string): Uint8Array | null {
  if (!/^(?:[0-9a-f]{2})+$/i.test(hex)) return null;
  return Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
}

function fromBase64(b64: string): Uint8Array | null {
  try {
    return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

const toHex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");

function concat(a: Uint8Array, b: Uint8Array) {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export type Verdict = { ok: true } | { ok: false; reason: "malformed" | "bad_signature" | "stale" };

/** Verifies a Stripe-Signature header against the raw body; any one `v1` may match (secret rotation). */
export async function verifyStripe(header: string | null, body: Uint8Array, secret: string, nowS: number, toleranceS = STRIPE_TOLERANCE_S): Promise<Verdict> {
  if (!header) return { ok: false, reason: "malformed" };
  const parts = header.split(",").map((p) => p.trim().split("=", 2) as [string, string?]);
  const t = parts.find(([k]) => k === "t")?.[1];
  const sigs = parts.filter(([k, v]) => k === "v1" && v).map(([, v]) => fromHex(v!)).filter((s): s is Uint8Array => s !== null);
  if (!t || !/^\d+$/.test(t) || sigs.length === 0) return { ok: false, reason: "malformed" };
  const key = await hmacKey(enc.encode(secret), ["verify"]);
  const payload = concat(enc.encode(`${t}.`), body);
  let valid = false;
  for (const sig of sigs) valid = (await crypto.subtle.verify("HMAC", key, sig, payload)) || valid;
  if (!valid) return { ok: false, reason: "bad_signature" };
  if (Math.abs(nowS - Number(t)) > toleranceS) return { ok: false, reason: "stale" };
  return { ok: true };
}

/** Signs as Stripe does: for tests and the simulator's tooling. */
export async function signStripe(body: Uint8Array | string, secret: string, t: number): Promise<string> {
  const bytes = typeof body === "string" ? enc.encode(body) : body;
  const key = await hmacKey(enc.encode(secret), ["sign"]);
  return `t=${t},v1=${toHex(await crypto.subtle.sign("HMAC", key, concat(enc.encode(`${t}.`), bytes)))}`;
}

/** The fields of an Adyen notification item that its HMAC covers. */
export interface AdyenItem {
  pspReference: string;
  originalReference?: string;
  merchantAccountCode: string;
  merchantReference: string;
  amount: { value: number; currency: string };
  eventCode: string;
  success: string;
  /** Why it failed, when it did (not signed). */
  reason?: string;
  additionalData?: { hmacSignature?: string };
}

const adyenPayload = (i: AdyenItem) =>
  enc.encode([i.pspReference, i.originalReference ?? "", i.merchantAccountCode, i.merchantReference, i.amount.value, i.amount.currency, i.eventCode, i.success].join(":"));

/** Verifies one Adyen notification item's `hmacSignature` with the hex HMAC key. */
export async function verifyAdyen(item: AdyenItem, hexKey: string): Promise<Verdict> {
  const sig = fromBase64(item.additionalData?.hmacSignature ?? "");
  const raw = fromHex(hexKey);
  if (!sig || sig.length === 0 || !raw) return { ok: false, reason: "malformed" };
  const ok = await crypto.subtle.verify("HMAC", await hmacKey(raw, ["verify"]), sig, adyenPayload(item));
  return ok ? { ok: true } : { ok: false, reason: "bad_signature" };
}

/** Signs an Adyen notification item: for tests. */
export async function signAdyen(item: AdyenItem, hexKey: string): Promise<string> {
  const sig = await crypto.subtle.sign("HMAC", await hmacKey(fromHex(hexKey)!, ["sign"]), adyenPayload(item));
  return btoa(String.fromCharCode(...new Uint8Array(sig)));
}
