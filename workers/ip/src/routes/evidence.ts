import { createRoute, z } from "@hono/zod-openapi";
import { notFound, ProblemError } from "../../../../shared/http/problem";
import { requireCaller } from "../../../../shared/http/service";
import { idempotencyHeaders, idempotent } from "../../../../shared/idempotency/middleware";
import { sha256Hex } from "../../../../shared/crypto";
import { decodeCursor } from "../../../../shared/cursor";
import { newId } from "../../../../shared/ids";
import { CursorSchema, LimitSchema, listOf, problemResponses } from "../../../../shared/schemas/common";
import { acceptedType, EVIDENCE_TYPES } from "../domain/file-types";
import { inclusionRanges, nodesFor, rangeHash } from "../domain/merkle";
import { signTreeHead } from "../ledger-key";
import { mediaType } from "../media-type";
import { idParam } from "../schemas/common";
import { EvidenceSchema, FileMetaSchema, TreeHeadSchema, UrlCaptureSchema } from "../schemas/evidence";
import { db, type Db } from "../store/db";
import { canonicalLeaf, head, listEvidence, nodeHashes, type EvidenceRow, type Head, type NewEvidence } from "../store/ledger";
import { ledgerCatchingUp, ledgerCaughtUp, ledgerWriter, oneEvidenceCaughtUp } from "../ledger-sync";
import { pageBy, type IpApp } from "./app";

/**
 * An evidence record with its inclusion proof in the tree `h`. `known` holds
 * the node hashes the proof needs when the caller has them (a fresh append's
 * batch), and then `h.rootHash`, which the writer computed once for the
 * batch, is taken as the root rather than folded again for every append.
 */
async function withProof(d: Db, e: EvidenceRow, h: Head, known?: Map<string, string>) {
  const treeSize = h.treeSize;
  const ranges = inclusionRanges(e.leafIndex, 0, treeSize);
  const nodes = known ?? (await nodeHashes(d, e.tenantId, nodesFor([...ranges, [0, treeSize]])));
  const { tenantId: _t, leafIndex, leafHash, requestKey: _r, ...rest } = e;
  return {
    ...rest,
    leaf: canonicalLeaf(e),
    leafHash,
    ledger: {
      index: leafIndex,
      treeSize,
      rootHash: known ? h.rootHash : await rangeHash([0, treeSize], nodes),
      inclusionProof: await Promise.all(ranges.map((r) => rangeHash(r, nodes))),
    },
  };
}

/**
 * What identifies the request that made a leaf: its Idempotency-Key and what it recorded (not the id or
 * time the attempt drew). The ledger writer answers a second request with the same digest with the first leaf.
 */
async function requestDigest(key: string, r: NewEvidence): Promise<string> {
  const { id: _id, receivedAt: _at, tenantId: _t, ...content } = r;
  return sha256Hex(JSON.stringify([key, content]));
}

type Base = Pick<NewEvidence, "id" | "tenantId" | "receivedAt">;
type FileForm = z.infer<typeof FileFormSchema>;

const FileFormSchema = FileMetaSchema.extend({ file: z.any().openapi({ type: "string", format: "binary" }) });

/**
 * Where an evidence file lives in R2: under its tenant, then its SHA-256. The
 * tenant prefix keeps one tenant's files apart from another's (no shared
 * object a deletion, a lifecycle rule or a leaked key could reach across
 * tenants, and no way to learn that another tenant holds the same file);
 * identical files of one tenant are still kept once.
 */
export const evidenceObjectKey = (tenantId: string, sha256: string) => `tenants/${tenantId}/sha256/${sha256}`;

/** Longest file name a leaf records: the ledger keeps it forever, and a batch of leaves must fit one D1 copy. */
const MAX_FILENAME = 255;

/**
 * A multipart upload: one `file` part plus optional metadata fields, and the
 * R2 write that stores it under its tenant and SHA-256 (run by the caller,
 * before the ledger append).
 */
async function fromUpload(env: Env, form: FileForm, base: Base): Promise<{ record: NewEvidence; store: () => Promise<unknown> }> {
  const file = form.file as unknown;
  if (!(file instanceof File)) throw new ProblemError(400, "file_missing", "Send the evidence as a multipart part named `file`.", [{ path: "file", message: "required" }]);
  if (file.name.length > MAX_FILENAME) {
    throw new ProblemError(400, "filename_too_long", `The file's name is ${file.name.length} characters; at most ${MAX_FILENAME} are kept in the ledger.`, [{ path: "file", message: `file name longer than ${MAX_FILENAME} characters` }]);
  }
  const max = Number(env.MAX_EVIDENCE_BYTES);
  if (file.size > max) throw new ProblemError(413, "file_too_large", `The file is ${file.size} bytes; evidence files may be at most ${max} bytes.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = acceptedType(file.type || "application/octet-stream", bytes);
  if (!type) {
    throw new ProblemError(415, "unsupported_file_type", `A ${file.type || "file of unknown type"} whose bytes match it is needed; accepted: ${EVIDENCE_TYPES.join(", ")}.`);
  }
  const sha256 = await sha256Hex(bytes);
  const store = () => env.EVIDENCE.put(evidenceObjectKey(base.tenantId, sha256), bytes, { httpMetadata: { contentType: type }, sha256 });
  return {
    record: { ...base, sha256, source: "file", contentType: type, size: bytes.byteLength, filename: file.name || null, url: form.url ?? null, title: form.title ?? null, capturedAt: form.capturedAt ?? null },
    store,
  };
}

/** A URL capture's metadata; without a content hash, the hash is of the metadata itself. */
async function fromUrlCapture(c: z.infer<typeof UrlCaptureSchema>, base: Base): Promise<NewEvidence> {
  const sha256 = c.contentSha256 ?? (await sha256Hex(JSON.stringify({ url: c.url, title: c.title ?? null, capturedAt: c.capturedAt ?? null })));
  return { ...base, sha256, source: "url", contentType: c.contentType ?? null, size: null, filename: null, url: c.url, title: c.title ?? null, capturedAt: c.capturedAt ?? null };
}

const create = createRoute({
  method: "post",
  path: "/v1/ip/evidence",
  operationId: "addEvidence",
  tags: ["IP"],
  summary: "Add evidence (multipart file, or JSON URL capture) to the tenant's append-only ledger",
  description:
    "Send `Idempotency-Key` to make a retry safe: the same key and body replay the first answer, and even a retry that outlives the key's 24 h record gets the leaf its first attempt wrote, never a second one.",
  middleware: [requireCaller(), idempotent()] as const,
  request: {
    headers: idempotencyHeaders(false),
    body: {
      content: {
        "multipart/form-data": { schema: FileFormSchema },
        "application/json": { schema: UrlCaptureSchema },
      },
    },
  },
  responses: { 201: { description: "Recorded and anchored", content: { "application/json": { schema: EvidenceSchema } } }, ...problemResponses(400, 401, 403, 409, 413, 415, 429, 503) },
});

/** The evidence list pages by leaf index (see `listEvidence`): the cursor holds the last one shown. */
const EvidenceCursor = z.object({ afterIndex: z.number().int().nonnegative() });

/** A record as listed: without its proof, which `GET /evidence/:id` gives. */
function listed(e: EvidenceRow) {
  const { tenantId: _t, leafIndex: _i, requestKey: _r, ...r } = e;
  return { ...r, leaf: canonicalLeaf(e) };
}

const list = createRoute({
  method: "get",
  path: "/v1/ip/evidence",
  operationId: "listEvidence",
  tags: ["IP"],
  summary: "The tenant's evidence, oldest first",
  middleware: [requireCaller()],
  request: { query: z.object({ limit: LimitSchema, cursor: CursorSchema.optional() }) },
  responses: { 200: { description: "A page", content: { "application/json": { schema: listOf(EvidenceSchema.omit({ ledger: true }), "IpEvidenceList") } } }, ...problemResponses(400, 401, 403) },
});

const get = createRoute({
  method: "get",
  path: "/v1/ip/evidence/{id}",
  operationId: "getEvidence",
  tags: ["IP"],
  summary: "One evidence record with its inclusion proof in the current signed tree",
  middleware: [requireCaller()],
  request: { params: idParam("evd") },
  responses: {
    200: { description: "Evidence, proof and signed tree head", content: { "application/json": { schema: EvidenceSchema.extend({ treeHead: TreeHeadSchema }) } } },
    ...problemResponses(401, 403, 404),
  },
});

export function registerEvidence(app: IpApp) {
  app.openapi(create, async (c) => {
    const tenantId = c.get("caller").tenantId;
    const base = { id: newId("evd"), tenantId, receivedAt: new Date().toISOString() };
    // The route's validators have parsed whichever body came; any other type reaches here unparsed.
    const type = mediaType(c.req.header("content-type"));
    let record: NewEvidence;
    let store: (() => Promise<unknown>) | undefined;
    if (type === "multipart/form-data") ({ record, store } = await fromUpload(c.env, c.req.valid("form") as FileForm, base));
    else if (type === "application/json") record = await fromUrlCapture(c.req.valid("json") as z.infer<typeof UrlCaptureSchema>, base);
    else throw new ProblemError(415, "unsupported_media_type", "Send a file as multipart/form-data or a URL capture as application/json.");
    const key = c.req.header("idempotency-key");
    const requestKey = key === undefined ? null : await requestDigest(key, record);
    // The file first, then its leaf: a leaf is forever, so none may name a file that was never stored. The
    // write is content-addressed, so a retry (or a 429 below) only rewrites the same object.
    await store?.();
    const appended = await ledgerWriter(c.env, tenantId).append({ record, requestKey });
    if ("backlogged" in appended) {
      throw new ProblemError(429, "ledger_backlogged", "This ledger has more appends waiting than it writes in a few seconds; retry shortly.", undefined, { "retry-after": "2" });
    }
    const { evidence, head: h, nodes } = appended;
    // A retry answered with an earlier leaf comes without node hashes: its proof is read from D1, once D1 has that head.
    const d = db(c.env.DB);
    if (!nodes) {
      await ledgerCaughtUp(c.env, tenantId);
      if ((await head(d, tenantId)).treeSize < h.treeSize) throw ledgerCatchingUp();
    }
    return c.json(await withProof(d, evidence, h, nodes ? new Map(Object.entries(nodes)) : undefined), 201);
  });
  app.openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const tenantId = c.get("caller").tenantId;
    const after = cursor === undefined ? undefined : decodeCursor(cursor, EvidenceCursor).afterIndex;
    await ledgerCaughtUp(c.env, tenantId);
    const rows = await listEvidence(db(c.env.DB), tenantId, limit + 1, after);
    const { items, nextCursor } = pageBy(rows, limit, (last) => ({ afterIndex: last.leafIndex }));
    return c.json({ items: items.map(listed), nextCursor }, 200);
  });
  app.openapi(get, async (c) => {
    const tenantId = c.get("caller").tenantId;
    const d = db(c.env.DB);
    const e = await oneEvidenceCaughtUp(c.env, d, tenantId, c.req.valid("param").id);
    if (!e) throw notFound(`Evidence ${c.req.valid("param").id}`);
    const h = await head(d, tenantId);
    return c.json({ ...(await withProof(d, e, h)), treeHead: await signTreeHead(c.env, tenantId, h) }, 200);
  });
}
