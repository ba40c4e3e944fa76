import { createRoute, z } from "@hono/zod-openapi";
import { ProblemError } from "../../../../shared/http/problem";
import { requireCaller } from "../../../../shared/http/service";
import { problemResponses } from "../../../../shared/schemas/common";
import { consistencyRanges, inclusionRanges } from "../domain/merkle";
import { ledgerKey, signTreeHead } from "../ledger-key";
import { TreeHeadSchema } from "../schemas/evidence";
import { db } from "../store/db";
import { rangeHashes } from "../store/ledger";
import { signingKeys } from "../store/ledger-keys";
import { caughtUpHead } from "../ledger-sync";
import type { IpApp } from "./app";

const Hex = z.string().regex(/^[0-9a-f]{64}$/);
const Size = (name: string) => z.coerce.number().int().min(0).max(2 ** 40).openapi({ type: "integer", param: { name, in: "query" } });

const sth = createRoute({
  method: "get",
  path: "/v1/ip/ledger",
  operationId: "getLedgerHead",
  tags: ["IP"],
  summary: "The tenant's signed tree head (RFC 9162 style, Ed25519)",
  middleware: [requireCaller()],
  responses: { 200: { description: "Signed tree head", content: { "application/json": { schema: TreeHeadSchema } } }, ...problemResponses(401, 403, 503) },
});

const keys = createRoute({
  method: "get",
  path: "/v1/ip/ledger/keys",
  operationId: "listLedgerKeys",
  tags: ["IP"],
  summary: "Every public key that ever signed a tree head (JWK set), with its validity; no credential needed",
  description:
    "A head's `keyId` names its key; `validFrom` is when the key first signed and `validUntil` when the next key took over (absent for the current key). A head is genuine when its signature verifies with that key and its `timestamp` falls in the key's validity.",
  responses: {
    200: {
      description: "JWK set",
      content: {
        "application/json": {
          schema: z.object({
            keys: z.array(z.object({ kty: z.string(), crv: z.string(), x: z.string(), kid: z.string(), alg: z.string(), use: z.string(), validFrom: z.string(), validUntil: z.string().optional(), current: z.boolean() })),
          }),
        },
      },
    },
  },
});

const inclusion = createRoute({
  method: "get",
  path: "/v1/ip/ledger/proofs/inclusion",
  operationId: "getInclusionProof",
  tags: ["IP"],
  summary: "Inclusion proof of the leaf at `index` in the tree of `treeSize` leaves (default: the current size)",
  middleware: [requireCaller()],
  request: { query: z.object({ index: Size("index"), treeSize: Size("treeSize").optional() }) },
  responses: {
    200: {
      description: "Audit path, leaf side first",
      content: { "application/json": { schema: z.object({ index: z.number().int(), treeSize: z.number().int(), leafHash: Hex, rootHash: Hex, path: z.array(Hex) }) } },
    },
    ...problemResponses(400, 401, 403, 503),
  },
});

const consistency = createRoute({
  method: "get",
  path: "/v1/ip/ledger/proofs/consistency",
  operationId: "getConsistencyProof",
  tags: ["IP"],
  summary: "Consistency proof that the tree of `first` leaves is a prefix of the tree of `second` leaves",
  middleware: [requireCaller()],
  request: { query: z.object({ first: Size("first"), second: Size("second").optional() }) },
  responses: {
    200: {
      description: "Consistency path",
      content: { "application/json": { schema: z.object({ first: z.number().int(), second: z.number().int(), firstRoot: Hex, secondRoot: Hex, path: z.array(Hex) }) } },
    },
    ...problemResponses(400, 401, 403, 503),
  },
});

const beyond = (field: string, size: number, current: number) =>
  new ProblemError(400, "tree_size_out_of_range", `The ledger has ${current} entries; ${field} ${size} is beyond it.`, [{ path: `query.${field}`, message: `must be at most ${current}` }]);

export function registerLedger(app: IpApp) {
  app.openapi(sth, async (c) => {
    const tenantId = c.get("caller").tenantId;
    return c.json(await signTreeHead(c.env, tenantId, await caughtUpHead(c.env, db(c.env.DB), tenantId)), 200);
  });
  app.openapi(keys, async (c) => {
    const key = await ledgerKey(c.env);
    const rows = await signingKeys(db(c.env.DB));
    // The current key is listed even before its first signature; validity runs from each key's first signature to the next key's.
    if (!rows.some((r) => r.kid === key.kid)) rows.push({ kid: key.kid, jwk: key.publicJwk, firstSignedAt: new Date().toISOString() });
    const items = rows.map((r, i) => {
      const next = rows[i + 1];
      const current = r.kid === key.kid;
      return { ...r.jwk, kid: r.kid, alg: "EdDSA", use: "sig", validFrom: r.firstSignedAt, ...(next && !current ? { validUntil: next.firstSignedAt } : {}), current };
    });
    return c.json({ keys: items }, 200, { "cache-control": "public, max-age=300" });
  });
  app.openapi(inclusion, async (c) => {
    const tenantId = c.get("caller").tenantId;
    const d = db(c.env.DB);
    const current = (await caughtUpHead(c.env, d, tenantId)).treeSize;
    const { index, treeSize = current } = c.req.valid("query");
    if (treeSize > current) throw beyond("treeSize", treeSize, current);
    if (index >= treeSize) throw new ProblemError(400, "index_out_of_range", `Index ${index} is not a leaf of a tree of ${treeSize}.`, [{ path: "query.index", message: `must be below ${treeSize}` }]);
    const [leafHash, rootHash, ...path] = await rangeHashes(d, tenantId, [[index, index + 1], [0, treeSize], ...inclusionRanges(index, 0, treeSize)]);
    return c.json({ index, treeSize, leafHash: leafHash!, rootHash: rootHash!, path }, 200);
  });
  app.openapi(consistency, async (c) => {
    const tenantId = c.get("caller").tenantId;
    const d = db(c.env.DB);
    const current = (await caughtUpHead(c.env, d, tenantId)).treeSize;
    const { first, second = current } = c.req.valid("query");
    if (second > current) throw beyond("second", second, current);
    if (first > second) throw new ProblemError(400, "first_after_second", "`first` must not exceed `second`.", [{ path: "query.first", message: `must be at most ${second}` }]);
    const [firstRoot, secondRoot, ...path] = await rangeHashes(d, tenantId, [[0, first], [0, second], ...consistencyRanges(first, second)]);
    return c.json({ first, second, firstRoot: firstRoot!, secondRoot: secondRoot!, path }, 200);
  });
}
