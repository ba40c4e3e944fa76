import { beforeAll, describe, expect, it } from "vitest";
import { accessFor } from "../workers/gateway/src/policy";
import { api, DEMO, expectProblem } from "./helpers";

type Operation = { method: string; path: string };

/**
 * One security suite for every route: the operations come from the live
 * OpenAPI document, so a route added tomorrow is covered tomorrow.
 */
let operations: Operation[] = [];
beforeAll(async () => {
  const doc = (await (await api("/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
  operations = Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.keys(ops)
      .filter((m) => ["get", "post", "put", "patch", "delete"].includes(m))
      .map((m) => ({ method: m.toUpperCase(), path: p.replace(/\{[^}]+\}/g, "x_probe") })),
  );
});

const apiOps = () => operations.filter((o) => o.path.startsWith("/v1/") && o.path !== "/v1/me");

describe("every route's guard", () => {
  it("lists the API's operations", () => {
    expect(apiOps().length).toBeGreaterThan(0);
  });

  it("answers a request without credentials with 401 (admin and private routes alike)", async () => {
    for (const op of apiOps()) {
      if (accessFor(op.method, op.path) === "anonymous") continue;
      const res = await api(op.path, { method: op.method, ...(op.method === "GET" ? {} : { json: {} }) });
      await expectProblem(res, 401).catch((e) => {
        throw new Error(`${op.method} ${op.path}: ${e.message}`);
      });
    }
  });

  it("answers a wrong key with 401", async () => {
    for (const op of apiOps()) {
      const access = accessFor(op.method, op.path);
      if (access === "anonymous") continue;
      const res = await api(op.path, { method: op.method, key: access === "admin" ? "not-the-admin-token" : "sk_live_wrongwrongwrong", ...(op.method === "GET" ? {} : { json: {} }) });
      await expectProblem(res, 401).catch((e) => {
        throw new Error(`${op.method} ${op.path}: ${e.message}`);
      });
    }
  });

  it("keeps publishable keys off every private route with 403", async () => {
    for (const op of apiOps()) {
      const access = accessFor(op.method, op.path);
      if (access !== "secret" && access !== "secret-or-token") continue;
      const res = await api(op.path, { method: op.method, key: DEMO.publishable, ...(op.method === "GET" ? {} : { json: {} }) });
      await expectProblem(res, 403).catch((e) => {
        throw new Error(`${op.method} ${op.path}: ${e.message}`);
      });
    }
  });

  it("lets publishable keys through to the public reads", async () => {
    for (const op of apiOps().filter((o) => accessFor(o.method, o.path) === "publishable")) {
      const res = await api(op.path, { method: op.method, key: DEMO.publishable });
      expect([401, 403], `${op.method} ${op.path}`).not.toContain(res.status);
      expect(res.status, `${op.method} ${op.path}`).toBeLessThan(500);
    }
  });
});
