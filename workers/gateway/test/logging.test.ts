import { afterEach, describe, expect, it, vi } from "vitest";
import { call, newTenant } from "./helpers";

type Line = Record<string, unknown>;
/** The JSON request lines logged while `run` ran. */
async function logged(run: () => Promise<unknown>): Promise<{ lines: Line[]; raw: string }> {
  const out: string[] = [];
  const spy = (...args: unknown[]) => void out.push(args.map(String).join(" "));
  vi.spyOn(console, "log").mockImplementation(spy);
  vi.spyOn(console, "error").mockImplementation(spy);
  await run();
  vi.restoreAllMocks();
  const lines = out.flatMap((l) => {
    try {
      return [JSON.parse(l) as Line];
    } catch {
      return [];
    }
  });
  return { lines, raw: out.join("\n") };
}

afterEach(() => vi.restoreAllMocks());

describe("request logs", () => {
  it("writes one JSON line per request with request id, tenant, route pattern, status and duration", async () => {
    const t = await newTenant();
    const { lines } = await logged(() => call("/v1/me", { key: t.keys.secret, headers: { "x-request-id": "req-log-1" } }));
    const mine = lines.filter((l) => l.requestId === "req-log-1");
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ service: "gateway", method: "GET", route: "/v1/me", status: 200, tenant: t.id, keyKind: "secret" });
    expect(typeof mine[0]!.durationMs).toBe("number");
  });

  it("names the problem code of a failed request, in the gateway's line and the service's", async () => {
    const t = await newTenant();
    const { lines } = await logged(() =>
      call("/v1/catalog/listings", { method: "POST", key: t.keys.secret, headers: { "x-request-id": "req-log-2", "content-type": "application/json" }, body: "{}" }),
    );
    const mine = lines.filter((l) => l.requestId === "req-log-2");
    expect(mine.find((l) => l.service === "gateway")).toMatchObject({ status: 400, code: "validation_failed", route: "/v1/:service/*", tenant: t.id });
  });

  it("never writes a key, an admin token or a query-string token", async () => {
    const t = await newTenant();
    const { raw } = await logged(async () => {
      await call("/v1/me", { key: t.keys.publishable });
      await call("/v1/ip/deadlines.ics?token=feedtoken_secret_value", {});
      await call("/v1/admin/tenants", { method: "POST", headers: { authorization: "Bearer admin_test_secret", "content-type": "application/json" }, body: '{"name":"x"}' });
    });
    expect(raw.length).toBeGreaterThan(0);
    for (const secret of [t.keys.publishable, "feedtoken_secret_value", "admin_test_secret"]) expect(raw).not.toContain(secret);
  });
});
