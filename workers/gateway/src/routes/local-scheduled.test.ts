import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import gateway from "../index";
import { randomIp } from "../../test/helpers";
import { scheduledDispatcher } from "./local-scheduled";

const ADMIN = "Bearer admin_test_secret";

/** A binding that delivers scheduled events, as workerd's Fetcher does with `service_binding_extra_handlers`. */
class FakeDispatcher {
  readonly events: { scheduledTime?: Date; cron?: string }[] = [];
  constructor(private readonly outcome = "ok") {}
  async scheduled(options: { scheduledTime?: Date; cron?: string }) {
    this.events.push(options);
    return { outcome: this.outcome, noRetry: false };
  }
}

async function post(path: string, overrides: Record<string, unknown> = {}, authorization: string | null = ADMIN) {
  const headers = new Headers({ "cf-connecting-ip": randomIp() });
  if (authorization) headers.set("authorization", authorization);
  const ctx = createExecutionContext();
  const res = await gateway.fetch(new Request(`https://api.example.com${path}`, { method: "POST", headers }), { ...env, ...overrides } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("POST /v1/admin/local/scheduled/{service}: the local stack's cron trigger", () => {
  it("does not exist on a gateway as deployed: the same 404 as any unknown admin path", async () => {
    const unknown = await post("/v1/admin/no-such-thing/payments");
    expect(unknown.status).toBe(404);
    expect(await post("/v1/admin/local/scheduled/payments?cron=*+*+*+*+*")).toEqual(unknown);
    // Even with a dispatching binding, without the local stack's var.
    expect(await post("/v1/admin/local/scheduled/payments", { PAYMENTS: new FakeDispatcher() })).toEqual(unknown);
  });

  it("does not exist with the var alone: real bindings without the experimental flag cannot deliver an event", async () => {
    // `env.PAYMENTS.scheduled` is a function here too (an RPC stub's), which is why the prototype is what counts.
    expect(typeof (env.PAYMENTS as unknown as { scheduled?: unknown }).scheduled).toBe("function");
    expect(scheduledDispatcher(env.PAYMENTS)).toBeNull();
    expect(scheduledDispatcher(env.IP)).toBeNull();
    const res = await post("/v1/admin/local/scheduled/payments", { LOCAL_CRON_TRIGGER: "true" });
    expect(res).toMatchObject({ status: 404, body: { code: "route_not_found" } });
  });

  it("delivers the event with its cron and time when the local stack enabled it", async () => {
    const payments = new FakeDispatcher();
    const res = await post("/v1/admin/local/scheduled/payments?cron=*+*+*+*+*&time=1767225600000", { LOCAL_CRON_TRIGGER: "true", PAYMENTS: payments });
    expect(res).toEqual({ status: 200, body: { service: "payments", cron: "* * * * *", scheduledTime: "2026-01-01T00:00:00.000Z", outcome: "ok" } });
    expect(payments.events).toEqual([{ cron: "* * * * *", scheduledTime: new Date(1767225600000) }]);
  });

  it("answers a failed handler 502, a bad time 400 naming the field, and still needs the admin token", async () => {
    const on = { LOCAL_CRON_TRIGGER: "true", IP: new FakeDispatcher("exception") };
    expect(await post("/v1/admin/local/scheduled/ip?cron=x", on)).toMatchObject({ status: 502, body: { code: "scheduled_failed" } });
    const bad = await post("/v1/admin/local/scheduled/ip?time=yesterday", on);
    expect(bad).toMatchObject({ status: 400, body: { errors: [{ path: "query.time" }] } });
    expect((on.IP as FakeDispatcher).events).toHaveLength(1);
    expect(await post("/v1/admin/local/scheduled/ip", on, null)).toMatchObject({ status: 401 });
    expect(await post("/v1/admin/local/scheduled/ip", on, "Bearer sk_test_not_admin")).toMatchObject({ status: 401 });
    // Only the services behind the gateway: anything else goes on to the 404 as before.
    expect(await post("/v1/admin/local/scheduled/provider-sim", on)).toMatchObject({ status: 404, body: { code: "route_not_found" } });
  });
});
