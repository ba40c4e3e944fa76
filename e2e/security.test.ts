import { beforeAll, describe, expect, it } from "vitest";
import { api, DEMO, expectProblem } from "./helpers";

/**
 * Which credential each public operation accepts, written down here and NOT
 * read from the product (workers/gateway/src/policy.ts): a route the product
 * wrongly marks public must fail this suite, not be skipped by it. Every
 * operation of the live OpenAPI document that is not listed here must refuse
 * anything but a secret key.
 *
 * To add one (e.g. payments' anonymous `POST /v1/payments/webhooks/{provider}`,
 * media's routes): one line, method + path pattern as in the OpenAPI document.
 */
type Accepts = "anonymous" | "publishable" | "token" | "admin" | "signature";
const PUBLIC_OPERATIONS: { method: string; path: RegExp; accepts: Accepts }[] = [
  { method: "GET", path: /^\/v1\/ip\/ledger\/keys$/, accepts: "anonymous" },
  { method: "GET", path: /^\/v1\/me$/, accepts: "publishable" },
  { method: "GET", path: /^\/v1\/catalog\/listings$/, accepts: "publishable" },
  { method: "GET", path: /^\/v1\/catalog\/listings\/\{id\}$/, accepts: "publishable" },
  { method: "GET", path: /^\/v1\/payments\/methods$/, accepts: "publishable" },
  { method: "GET", path: /^\/v1\/media\/nearest$/, accepts: "publishable" },
  { method: "GET", path: /^\/v1\/(catalog|payments|media|chat|ip)\/ping(\/db)?$/, accepts: "publishable" },
  // A secret key, or a `?token=` the service verifies itself (chat tokens, calendar feed tokens).
  { method: "GET", path: /^\/v1\/chat\/rooms\/\{id\}\/(connect|messages)$/, accepts: "token" },
  { method: "GET", path: /^\/v1\/ip\/deadlines\.ics$/, accepts: "token" },
  // No key at the gateway: the provider's own signature, verified by the payments service.
  { method: "POST", path: /^\/v1\/payments\/webhooks\/\{provider\}$/, accepts: "signature" },
  // The platform operator's ADMIN_TOKEN; tenant keys are refused.
  { method: "*", path: /^\/v1\/admin(\/|$)/, accepts: "admin" },
];

type Operation = { method: string; template: string; path: string; accepts: Accepts | "secret" };

const accepts = (method: string, template: string): Accepts | "secret" =>
  PUBLIC_OPERATIONS.find((o) => (o.method === "*" || o.method === method) && o.path.test(template))?.accepts ?? "secret";

let operations: Operation[] = [];
beforeAll(async () => {
  const doc = (await (await api("/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
  operations = Object.entries(doc.paths).flatMap(([template, ops]) =>
    Object.keys(ops)
      .filter((m) => ["get", "post", "put", "patch", "delete"].includes(m))
      .map((m) => ({ method: m.toUpperCase(), template, path: template.replace(/\{[^}]+\}/g, "x_probe"), accepts: accepts(m.toUpperCase(), template) })),
  );
});

// Signed webhooks take a provider name from a fixed list: probed by their own test, with real provider names.
const apiOps = () => operations.filter((o) => o.path.startsWith("/v1/") && o.accepts !== "signature");
const send = (op: Operation, init: { key?: string; query?: string } = {}) =>
  api(`${op.path}${init.query ?? ""}`, { method: op.method, ...(init.key ? { key: init.key } : {}), ...(op.method === "GET" ? {} : { json: {} }) });

async function expectEach(ops: Operation[], status: number, init: { key?: string; query?: string }) {
  for (const op of ops) {
    await expectProblem(await send(op, init), status).catch((e) => {
      throw new Error(`${op.method} ${op.template} (${op.accepts}): ${e.message}`);
    });
  }
}

describe("every route's guard", () => {
  it("lists the API's operations, most of them private", () => {
    expect(apiOps().length).toBeGreaterThan(20);
    expect(apiOps().filter((o) => o.accepts === "secret").length).toBeGreaterThan(15);
  });

  it("answers a request without credentials with 401 everywhere but the anonymous operations", async () => {
    await expectEach(apiOps().filter((o) => o.accepts !== "anonymous"), 401, {});
  });

  it("answers a wrong key or admin token with 401", async () => {
    const ops = apiOps().filter((o) => o.accepts !== "anonymous");
    await expectEach(ops.filter((o) => o.accepts === "admin"), 401, { key: "not-the-admin-token" });
    await expectEach(ops.filter((o) => o.accepts !== "admin"), 401, { key: "sk_live_wrongwrongwrong" });
  });

  it("keeps publishable keys off every operation not listed as publishable (403), and tenant keys off admin (401)", async () => {
    await expectEach(apiOps().filter((o) => o.accepts === "secret" || o.accepts === "token"), 403, { key: DEMO.publishable });
    await expectEach(apiOps().filter((o) => o.accepts === "admin"), 401, { key: DEMO.secret });
  });

  it("accepts a `?token=` in place of a key only on the token operations", async () => {
    await expectEach(apiOps().filter((o) => o.accepts === "secret"), 401, { query: "?token=anything" });
  });

  it("lets publishable keys through to the publishable operations", async () => {
    for (const op of apiOps().filter((o) => o.accepts === "publishable")) {
      const res = await send(op, { key: DEMO.publishable });
      expect([401, 403], `${op.method} ${op.template}`).not.toContain(res.status);
      expect(res.status, `${op.method} ${op.template}`).toBeLessThan(500);
    }
  });

  it("refuses an unsigned or wrongly signed provider webhook with 401 from the service", async () => {
    const ops = operations.filter((o) => o.accepts === "signature");
    expect(ops.length).toBeGreaterThan(0);
    const item = { pspReference: "PSP1", merchantAccountCode: "M", merchantReference: "pi_x", amount: { value: 100, currency: "EUR" }, eventCode: "AUTHORISATION", success: "true", additionalData: { hmacSignature: "AAAA" } };
    const bodies = { stripe: { id: "evt_probe", type: "payment_intent.succeeded", data: { object: {} } }, adyen: { live: "false", notificationItems: [{ NotificationRequestItem: item }] } };
    for (const op of ops) {
      for (const [provider, json] of Object.entries(bodies)) {
        const res = await api(op.template.replace("{provider}", provider), { method: "POST", headers: { "stripe-signature": `t=${Math.floor(Date.now() / 1000)},v1=00` }, json });
        const body = await expectProblem(res, 401);
        expect(body.code, `${op.method} ${op.template} ${provider}`).not.toBe("unauthorized");
      }
    }
  });

  it("answers the anonymous operations without a credential", async () => {
    for (const op of apiOps().filter((o) => o.accepts === "anonymous")) {
      expect((await send(op)).status, `${op.method} ${op.template}`).toBeLessThan(400);
    }
  });
});
