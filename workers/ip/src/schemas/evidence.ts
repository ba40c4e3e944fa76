import { z } from "@hono/zod-openapi";

/** JSON body of a URL capture: what was seen where and when, and the hash of the captured content if kept elsewhere. */
export const UrlCaptureSchema = z
  .object({
    url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(2048),
    title: z.string().trim().min(1).max(300).optional(),
    capturedAt: z.iso.datetime({ offset: true }).optional(),
    contentSha256: z.string().regex(/^[0-9a-f]{64}$/, "must be a lower-case hex SHA-256").optional(),
    contentType: z.string().max(100).optional(),
  })
  .openapi("IpUrlCapture", { example: { url: "https://shop.example/listing/123", title: "Counterfeit listing", capturedAt: "2026-01-10T09:30:00Z" } });

export const FileMetaSchema = z.object({
  title: z.string().trim().min(1).max(300).optional(),
  url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(2048).optional(),
  capturedAt: z.iso.datetime({ offset: true }).optional(),
});

const Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const TreeHeadSchema = z
  .object({ tenantId: z.string(), treeSize: z.number().int(), rootHash: Hex, timestamp: z.string(), keyId: z.string(), signature: z.string() })
  .openapi("IpSignedTreeHead");

export const EvidenceSchema = z
  .object({
    id: z.string(),
    sha256: Hex,
    source: z.enum(["file", "url"]),
    contentType: z.string().nullable(),
    size: z.number().int().nullable(),
    filename: z.string().nullable(),
    url: z.string().nullable(),
    title: z.string().nullable(),
    capturedAt: z.string().nullable(),
    receivedAt: z.string(),
    leaf: z.string().openapi({ description: "The canonical record the ledger leaf hashes: SHA-256(0x00 ‖ leaf) = leafHash." }),
    leafHash: Hex,
    ledger: z.object({ index: z.number().int(), treeSize: z.number().int(), rootHash: Hex, inclusionProof: z.array(Hex) }),
  })
  .openapi("IpEvidence");
