import { describe, expect, it } from "vitest";
import { adyenConnector } from "../src/connectors/adyen";
import { stripeConnector } from "../src/connectors/stripe";
import type { ChargeRequest, Connector, Transport } from "../src/connectors/types";
import { METHODS } from "../src/domain/methods-data";

/** The body of the one charge request a connector sends for `method` (the fake provider answers a success). */
async function sentFor(make: (t: Transport) => Connector, method: string, answer: unknown): Promise<string> {
  let body = "";
  const fetchOnce = async (_url: RequestInfo | URL, init?: RequestInit) => {
    body = String(init?.body ?? "");
    return new Response(JSON.stringify(answer), { status: 200, headers: { "content-type": "application/json" } });
  };
  const transport = { baseUrl: "https://provider.test", secret: "sk_test", timeoutMs: 1000, merchantAccount: "M", fetch: fetchOnce as unknown as typeof fetch };
  const request: ChargeRequest = { key: "pi_test:1", reference: "pi_test", amount: 2500, currency: "EUR", method, capture: "automatic", returnUrl: null };
  expect(await make(transport).charge(request)).toMatchObject({ kind: "authorized" });
  return body;
}

const stripeType = async (method: string) => new URLSearchParams(await sentFor(stripeConnector, method, { id: "pi_1", status: "succeeded" })).get("payment_method_types[]");
const adyenType = async (method: string) => (JSON.parse(await sentFor(adyenConnector, method, { pspReference: "P1", resultCode: "Authorised" })) as { paymentMethod: { type: string } }).paymentMethod.type;

// A method a connector has no type for is sent as a card ("card", "scheme"): eps must go as itself.
describe("Austria's bank method goes to the providers as itself", () => {
  it("eps is Stripe's and Adyen's `eps`, offered by both", async () => {
    expect([...METHODS.eps.providers].sort()).toEqual(["adyen", "stripe"]);
    expect(await stripeType("eps")).toBe("eps");
    expect(await adyenType("eps")).toBe("eps");
  });
});
