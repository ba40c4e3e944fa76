import { readFileSync } from "node:fs";
import { inject, describe, expect, it } from "vitest";
import { api, DEMO, newTenant } from "./helpers";
import { createRoom, mintToken } from "./chat-helpers";

type Line = { service: string; requestId: string; route: string; status: number; tenant?: string; code?: string };

/** The stack's JSON request lines so far. */
function lines(): { raw: string; parsed: Line[] } {
  const raw = readFileSync(inject("stackLog"), "utf8");
  const parsed = raw.split("\n").flatMap((l) => {
    const start = l.indexOf('{"service":');
    if (start < 0) return [];
    try {
      return [JSON.parse(l.slice(start)) as Line];
    } catch {
      return [];
    }
  });
  return { raw, parsed };
}

/** Log lines reach the file a moment after the answer: poll briefly. */
async function linesFor(requestId: string, count: number): Promise<Line[]> {
  for (let i = 0; i < 50; i++) {
    const found = lines().parsed.filter((l) => l.requestId === requestId);
    if (found.length >= count) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${count} log lines for ${requestId}`);
}

describe("operator logs of the running stack", () => {
  it("finds a request's gateway and service lines by its X-Request-Id, with tenant, route and problem code", async () => {
    const t = await newTenant();
    const requestId = `e2e-log-${Date.now()}`;
    const res = await api("/v1/catalog/listings", { method: "POST", key: t.keys.secret, headers: { "x-request-id": requestId }, json: { sku: "" } });
    expect(res.status).toBe(400);
    const found = await linesFor(requestId, 2);
    expect(found.map((l) => l.service).sort()).toEqual(["catalog", "gateway"]);
    for (const l of found) expect(l).toMatchObject({ tenant: t.id, status: 400, code: "validation_failed" });
    expect(found.find((l) => l.service === "catalog")!.route).toBe("/v1/catalog/listings");
  });

  it("never logs a key, the admin token or a chat token it was sent", async () => {
    const t = await newTenant();
    const room = await createRoom(inject("baseUrl"), t.keys.secret);
    const token = await mintToken(inject("baseUrl"), t.keys.secret, "log-user", { rooms: [room] });
    const requestId = `e2e-log-secret-${Date.now()}`;
    await api(`/v1/chat/rooms/${room}/messages?token=${encodeURIComponent(token)}`, { headers: { "x-request-id": requestId } });
    await api("/v1/me", { key: t.keys.publishable });
    await linesFor(requestId, 1);
    const { raw } = lines();
    for (const secret of [t.keys.secret, t.keys.publishable, token, DEMO.secret, DEMO.publishable, DEMO.admin]) {
      expect(raw.includes(secret), `a log line contains ${secret.slice(0, 6)}…`).toBe(false);
    }
  });
});
