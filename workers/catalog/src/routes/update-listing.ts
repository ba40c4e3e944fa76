import { createRoute, z } from "@hono/zod-openapi";
import { ProblemError } from "../../../../shared/http/problem";
import { requireCaller } from "../../../../shared/http/service";
import { problemResponses } from "../../../../shared/schemas/common";
import { clearanceHoldReason, clearListing, type Clearance } from "../clearance";
import { applyPatch, checkDraft } from "../domain/draft";
import { ListingIdParam, PatchListingSchema, CreatedListingSchema } from "../schemas";
import { ratesFor } from "../store/fx";
import { getListing, isVersionConflict, replaceListing } from "../store/listings";
import { referenceData } from "../store/reference";
import { catalogVersion } from "../store/versions";
import { dbOf, ifMatchVersion, listingEtag, listingNotFound, rejectDraft, versionMismatch, weakIfMatch, type CatalogApp } from "./app";

const route = createRoute({
  method: "patch",
  path: "/v1/catalog/listings/{id}",
  operationId: "updateListing",
  tags: ["Catalog"],
  summary: "Update a listing",
  description:
    'Members left out keep their value; `null` removes a translation, a country price, the market list or the category. With `If-Match: "lv<version>"` (the `ETag` of the last write, or an owner read\'s `version`) a listing changed since is refused with 412; without it, or with `If-Match: *` (any version of a listing that exists), concurrent edits are merged (each applied to the latest state).',
  middleware: [requireCaller()] as const,
  request: {
    params: ListingIdParam,
    headers: z.object({ "if-match": z.string().optional().openapi({ description: '`"lv<version>"` (refused with 412 once the listing moved past it; a weak `W/` tag never matches) or `*` (merged like no header)', example: '"lv3"' }) }),
    body: { required: true, content: { "application/json": { schema: PatchListingSchema } } },
  },
  responses: {
    200: { description: "Updated (`ETag` is the new version)", content: { "application/json": { schema: CreatedListingSchema.omit({ createdAt: true }) } } },
    ...problemResponses(400, 401, 403, 404, 409, 412, 422, 503),
  },
});

/** How often an edit without If-Match is re-applied to a listing that changed under it before giving up. */
const ATTEMPTS = 3;

/**
 * PATCH /listings/:id: the patch is applied to the listing as read, the merged
 * listing validated whole and cleared again, then written only if nobody wrote
 * in between (the version column); otherwise it is re-applied to the newer
 * state. The clearance verdict sets or lifts only the clearance hold: a
 * complaint hold stays whatever the edit does.
 */
export function registerUpdateListing(app: CatalogApp) {
  app.openapi(route, async (c) => {
    const { tenantId } = c.get("caller");
    const { id } = c.req.valid("param");
    const patch = c.req.valid("json");
    const wanted = ifMatchVersion(c.req.header("if-match"));
    const database = dbOf(c);
    let cleared: { draft: string; clearance: Clearance } | undefined;
    for (let attempt = 1; ; attempt++) {
      const current = await getListing(database, tenantId, id);
      if (!current) throw listingNotFound(id);
      if (wanted === "never") throw weakIfMatch(id, current.version);
      if (typeof wanted === "number" && wanted !== current.version) throw versionMismatch(id, current.version);
      const { draft, errors } = applyPatch(current.draft, patch);
      const [ref, rates] = await Promise.all([
        referenceData(database),
        catalogVersion(database, tenantId).then((v) => ratesFor(database, tenantId, v)),
      ]);
      rejectDraft([...errors, ...checkDraft(draft, { marketCurrency: ref.marketCurrency, rates })]);
      // A retry whose merged listing is the same needs no second clearance call.
      const key = JSON.stringify(draft);
      if (cleared?.draft !== key) cleared = { draft: key, clearance: await clearListing(c.env, tenantId, draft, [...ref.marketCurrency.keys()]) };
      const { clearance } = cleared;
      try {
        const written = await replaceListing(database, tenantId, id, draft, current.version, clearanceHoldReason(clearance), new Date().toISOString());
        if (!written) throw listingNotFound(id);
        c.header("etag", listingEtag(written.version));
        return c.json({ id, sku: draft.sku, status: written.status, clearance }, 200);
      } catch (err) {
        // Deleted while it was being cleared: its new child rows have no listing to belong to.
        if (/FOREIGN KEY constraint failed/.test(String((err as Error)?.message) + String((err as Error)?.cause))) throw listingNotFound(id);
        if (!isVersionConflict(err)) throw err;
        if (typeof wanted === "number") {
          // Written since it was read: the 412 names the version now, which is no longer one more than it was.
          const latest = await getListing(database, tenantId, id);
          throw latest ? versionMismatch(id, latest.version) : listingNotFound(id);
        }
        if (attempt >= ATTEMPTS) {
          throw new ProblemError(409, "edit_conflict", `Listing ${id} kept changing while this edit was applied; retry it.`, undefined, { "retry-after": "1" });
        }
      }
    }
  });
}
