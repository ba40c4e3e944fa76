import { describe, expect, it } from "vitest";
import { call, json, SAME, signedIn, type ApiStub } from "./helpers";

const LIVE = "live_01JAAAAAAAAAAAAAAAAAAAAAAA";
const DIRECT = "room_01JAAAAAAAAAAAAAAAAAAAAAAA";

/** The platform answering every room read with `status` (and the gateway's Retry-After when given). */
const answering = (status: number, retryAfter?: string): ApiStub =>
  () => json({ status, code: status === 429 ? "rate_limited" : "unavailable", detail: "The platform answered." }, status, retryAfter ? { "retry-after": retryAfter } : {});

/** Every console page and endpoint that reads a room of the seller's shop first. */
const readers = async () => {
  const page: RequestInit = { headers: await signedIn({ accept: "text/html" }) };
  return [
    [`/console/live/${LIVE}`, page],
    [`/console/ask/${DIRECT}`, page],
    [`/console/chat/open?room=${LIVE}`, page],
    [`/console/live/${LIVE}/pin`, { method: "POST", body: new URLSearchParams({ listing: "lst_01JAAAAAAAAAAAAAAAAAAAAAAA" }), headers: { ...SAME, ...(await signedIn({ accept: "text/html" })), "content-type": "application/x-www-form-urlencoded" } }],
  ] as [string, RequestInit][];
};

describe("the console reading a room while the platform cannot answer", () => {
  it("says to try again (503 with the platform's Retry-After) on a 5xx or a 429, never that the room is gone", async () => {
    for (const [status, retryAfter] of [[503, "5"], [500, undefined], [502, undefined], [429, "7"]] as const) {
      for (const [path, init] of await readers()) {
        const res = await call(path, init, answering(status, retryAfter));
        const what = `${init.method ?? "GET"} ${path} on ${status}`;
        expect(res.status, what).toBe(503);
        // The platform's wait when it said one, else the window of its limits.
        expect(res.headers.get("retry-after"), what).toBe(retryAfter ?? "10");
        const html = await res.text();
        expect(html, what).toContain("Try again in a moment");
        expect(html, what).not.toMatch(/no such room|has this id/);
        expect(html, what).toContain('lang="en"');
      }
    }
  });

  it("answers the room script's token request with a 503 it can retry, not room_not_found", async () => {
    const res = await call(`/console/chat/token?room=${LIVE}`, { method: "POST", headers: { ...SAME, ...(await signedIn({ accept: "application/json" })) } }, answering(502));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("10");
    expect(await res.json()).toMatchObject({ status: 503, code: "unavailable" });
  });

  it("speaks the seller's language", async () => {
    const res = await call(`/console/live/${LIVE}`, { headers: await signedIn({ accept: "text/html", "accept-language": "zh-CN" }) }, answering(503));
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("请稍后重试");
  });

  it("still says a room the shop does not have is missing (404, or 400 for a malformed id)", async () => {
    for (const status of [404, 400]) {
      const res = await call(`/console/live/${LIVE}`, { headers: await signedIn({ accept: "text/html" }) }, answering(status));
      expect(res.status).toBe(404);
      expect(await res.text()).toContain("Your shop has no such room.");
      const token = await call(`/console/chat/token?room=${LIVE}`, { method: "POST", headers: { ...SAME, ...(await signedIn({ accept: "application/json" })) } }, answering(status));
      expect(token.status).toBe(404);
    }
  });

  it("ends the session when the platform refuses the seller's key, as every console page does", async () => {
    const res = await call(`/console/live/${LIVE}`, { headers: await signedIn({ accept: "text/html" }) }, answering(401));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/console?m=revoked");
    const token = await call(`/console/chat/token?room=${LIVE}`, { method: "POST", headers: { ...SAME, ...(await signedIn({ accept: "application/json" })) } }, answering(403));
    expect(token.status).toBe(401);
    expect(await token.json()).toMatchObject({ code: "session_revoked" });
  });
});
