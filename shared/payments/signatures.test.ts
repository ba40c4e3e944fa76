import { describe, expect, it } from "vitest";
import { signAdyen, signStripe, verifyAdyen, verifyStripe, type AdyenItem } from "./signatures";

const enc = new TextEncoder();
const SECRET = "whsec_test_secret";
const HEX = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";

describe("Stripe-Signature", () => {
  const body = '{"id":"evt_1","type":"payment_intent.succeeded"}';

  it("verifies a signature made as Stripe documents it (hex HMAC-SHA256 of `t.body`)", async () => {
    const header = await signStripe(body, SECRET, 1_700_000_000);
    expect(await verifyStripe(header, enc.encode(body), SECRET, 1_700_000_100)).toEqual({ ok: true });
    // Several v1 (secret rotation): one matching is enough.
    expect(await verifyStripe(`${header},v1=${"00".repeat(32)}`, enc.encode(body), SECRET, 1_700_000_100)).toEqual({ ok: true });
  });

  it("refuses a flipped body bit, another secret, a stale timestamp and a malformed header", async () => {
    const header = await signStripe(body, SECRET, 1_700_000_000);
    const flipped = enc.encode(body);
    flipped[5]! ^= 1;
    expect(await verifyStripe(header, flipped, SECRET, 1_700_000_000)).toMatchObject({ reason: "bad_signature" });
    expect(await verifyStripe(header, enc.encode(body), "whsec_other", 1_700_000_000)).toMatchObject({ reason: "bad_signature" });
    expect(await verifyStripe(header, enc.encode(body), SECRET, 1_700_000_301)).toMatchObject({ reason: "stale" });
    expect(await verifyStripe("v1=abc", enc.encode(body), SECRET, 0)).toMatchObject({ reason: "malformed" });
    expect(await verifyStripe(null, enc.encode(body), SECRET, 0)).toMatchObject({ reason: "malformed" });
  });
});

describe("Adyen HMAC", () => {
  const item: AdyenItem = {
    pspReference: "7914073381342284", merchantAccountCode: "TestMerchant", merchantReference: "TestPayment-1407325143704",
    amount: { value: 1130, currency: "EUR" }, eventCode: "AUTHORISATION", success: "true",
  };

  it("verifies its own signature and refuses any changed field", async () => {
    const signed = { ...item, additionalData: { hmacSignature: await signAdyen(item, HEX) } };
    expect(await verifyAdyen(signed, HEX)).toEqual({ ok: true });
    expect(await verifyAdyen({ ...signed, amount: { value: 1131, currency: "EUR" } }, HEX)).toMatchObject({ reason: "bad_signature" });
    expect(await verifyAdyen({ ...signed, success: "false" }, HEX)).toMatchObject({ reason: "bad_signature" });
    expect(await verifyAdyen(item, HEX)).toMatchObject({ reason: "malformed" });
  });
});
