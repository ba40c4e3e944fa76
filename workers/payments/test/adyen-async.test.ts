import { describe, expect, it } from "vitest";
import { depsOf } from "../src/service/deps";
import { reconcileModifications, reconcileRefunds } from "../src/service/reconcile";
import { ENV, adyenNotifies, call, confirm, createIntent, json, newTenantId, simCharges, type Intent } from "./helpers";

// Adyen answers a capture, cancel or refund with 201 "received"; its outcome comes later, as a notification.
type Seen = Intent & { pending: { action: string; amount: number | null } | null; lastError: string | null; refunds: { status: string; amount: number }[] };

async function authorizedAtAdyen(captureMethod: "manual" | "automatic") {
  const tenant = newTenantId();
  await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider: "adyen" } }] } }), 200);
  const intent = await createIntent(tenant, { amount: 5000, captureMethod });
  await json(await confirm(tenant, intent.id), 200);
  return { tenant, id: intent.id };
}

const capture = (tenant: string, id: string, amountToCapture: number) => call(`/v1/payments/intents/${id}/capture`, { method: "POST", tenant, json: { amountToCapture } });
const refund = (tenant: string, id: string, amount: number) => call(`/v1/payments/intents/${id}/refunds`, { method: "POST", tenant, key: crypto.randomUUID(), json: { amount } });
const read = async (tenant: string, id: string) => json<Seen>(await call(`/v1/payments/intents/${id}`, { tenant }), 200);
const reconcileOpts = (tenantId: string) => ({ olderThanMs: 0, limit: 10, tenantId });

describe("Adyen's asynchronous modifications", () => {
  it("a received capture is pending (202) until Adyen's CAPTURE notification; asking again or reconciling does not settle it", async () => {
    const { tenant, id } = await authorizedAtAdyen("manual");
    const accepted = await json<Seen>(await capture(tenant, id, 3000), 202);
    expect([accepted.status, accepted.amountCaptured, accepted.pending]).toEqual(["requires_capture", 0, expect.objectContaining({ action: "capture", amount: 3000 })]);
    expect((await simCharges(id)).map((c) => c.captured)).toEqual([0]);
    // The same capture again only hears "received" again; another one waits for it.
    expect((await json<Seen>(await capture(tenant, id, 3000), 202)).pending).toMatchObject({ action: "capture" });
    expect(((await json<{ code: string }>(await capture(tenant, id, 1000), 409)).code)).toBe("modification_pending");
    expect(await reconcileModifications(depsOf(ENV), reconcileOpts(tenant))).toEqual([{ id, action: "capture", outcome: "held" }]);

    expect(await adyenNotifies(id, "success")).toEqual([200]);
    const captured = await read(tenant, id);
    expect([captured.status, captured.amountCaptured, captured.pending]).toEqual(["succeeded", 3000, null]);
    expect((await simCharges(id)).map((c) => c.captured)).toEqual([3000]);
  });

  it("a CAPTURE with success=false lets the claim go and says why; a new capture can then be made", async () => {
    const { tenant, id } = await authorizedAtAdyen("manual");
    await json(await capture(tenant, id, 5000), 202);
    expect(await adyenNotifies(id, "failure")).toEqual([200]);
    const released = await read(tenant, id);
    expect([released.status, released.amountCaptured, released.pending]).toEqual(["requires_capture", 0, null]);
    expect(released.lastError).toMatch(/capture/i);

    await json(await capture(tenant, id, 4000), 202);
    expect(await adyenNotifies(id, "success")).toEqual([200]);
    expect(await read(tenant, id)).toMatchObject({ status: "succeeded", amountCaptured: 4000, pending: null });
  });

  it("a received cancel is pending until Adyen's CANCELLATION notification", async () => {
    const { tenant, id } = await authorizedAtAdyen("manual");
    const accepted = await json<Seen>(await call(`/v1/payments/intents/${id}/cancel`, { method: "POST", tenant }), 202);
    expect([accepted.status, accepted.pending?.action]).toEqual(["requires_capture", "cancel"]);
    expect(await adyenNotifies(id, "success")).toEqual([200]);
    expect(await read(tenant, id)).toMatchObject({ status: "canceled", pending: null });
  });

  it("a received refund stays pending with its amount held; REFUND settles it, a later REFUND_FAILED gives the amount back", async () => {
    const { tenant, id } = await authorizedAtAdyen("automatic");
    const pending = await json<{ status: string }>(await refund(tenant, id, 2000), 202);
    expect(pending.status).toBe("pending");
    expect((await read(tenant, id)).amountRefunded).toBe(2000);
    expect(await reconcileRefunds(depsOf(ENV), reconcileOpts(tenant))).toMatchObject([{ outcome: "held" }]);
    expect((await simCharges(id)).map((c) => c.refunded)).toEqual([0]);

    expect(await adyenNotifies(id, "success")).toEqual([200]);
    let now = await read(tenant, id);
    expect([now.amountRefunded, now.refunds.map((r) => r.status)]).toEqual([2000, ["succeeded"]]);

    expect(await adyenNotifies(id, "failed_later")).toEqual([200]);
    now = await read(tenant, id);
    expect([now.amountRefunded, now.refunds.map((r) => r.status)]).toEqual([0, ["failed"]]);
    expect((await simCharges(id)).map((c) => c.refunded)).toEqual([0]);

    // Refundable again: the whole capture, and a REFUND with success=false gives that back too.
    await json(await refund(tenant, id, 5000), 202);
    expect(await adyenNotifies(id, "failure")).toEqual([200]);
    now = await read(tenant, id);
    expect([now.amountRefunded, now.refunds.map((r) => r.status)]).toEqual([0, ["failed", "failed"]]);
  });
});
