import { createRoute } from "@hono/zod-openapi";
import { ProblemError } from "../../../../shared/http/problem";
import { requireCaller } from "../../../../shared/http/service";
import { commitIdempotent, idempotencyHeaders, idempotent } from "../../../../shared/idempotency/middleware";
import { newId } from "../../../../shared/ids";
import { problemResponses } from "../../../../shared/schemas/common";
import { clearanceHoldReason, clearListing } from "../clearance";
import { checkDraft, draftFromCreate } from "../domain/draft";
import { CreatedListingSchema, CreateListingSchema } from "../schemas";
import { isUniqueViolation } from "../store/db";
import { ratesFor } from "../store/fx";
import { insertListing } from "../store/listings";
import { referenceData } from "../store/reference";
import { catalogVersion } from "../store/versions";
import { dbOf, listingEtag, rejectDraft, type CatalogApp } from "./app";

const route = createRoute({
  method: "post",
  path: "/v1/catalog/listings",
  operationId: "createListing",
  tags: ["Catalog"],
  summary: "Create a listing",
  // A retried create (same Idempotency-Key and body) replays the first answer instead of a 409 duplicate_sku.
  middleware: [requireCaller(), idempotent()] as const,
  request: {
    headers: idempotencyHeaders(false),
    body: { required: true, content: { "application/json": { schema: CreateListingSchema } } },
  },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: CreatedListingSchema } } },
    ...problemResponses(400, 401, 403, 409, 422, 503),
  },
});

/** POST /listings: validate, clear (IP), then write everything in one transaction. */
export function registerCreateListing(app: CatalogApp) {
  app.openapi(route, async (c) => {
    const { tenantId } = c.get("caller");
    const database = dbOf(c);
    const { draft, errors } = draftFromCreate(c.req.valid("json"));
    const [ref, rates] = await Promise.all([
      referenceData(database),
      catalogVersion(database, tenantId).then((v) => ratesFor(database, tenantId, v)),
    ]);
    rejectDraft([...errors, ...checkDraft(draft, { marketCurrency: ref.marketCurrency, rates })]);
    const clearance = await clearListing(c.env, tenantId, draft, [...ref.marketCurrency.keys()]);
    const hold = clearanceHoldReason(clearance);
    const status: "held" | "active" = hold ? "held" : "active";
    const now = new Date();
    const id = newId("lst", now.getTime());
    // The answer is built first and stored with the listing in one batch: a failure after the listing was
    // written can no longer free the key for a retry that then meets its own SKU (409 duplicate_sku).
    // Its headers go on it alone (not c.header), so a refused write's problem never carries them.
    const headers = { location: `/v1/catalog/listings/${id}`, etag: listingEtag(1) };
    let res = c.json({ id, sku: draft.sku, status, clearance, createdAt: now.toISOString() }, 201, headers);
    try {
      await insertListing(database, tenantId, id, draft, hold, now.toISOString(), async (all) => {
        const committed = await commitIdempotent(c, database, all, res);
        res = committed.response as typeof res;
        return committed.results;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ProblemError(409, "duplicate_sku", `A listing with SKU ${draft.sku} already exists.`, [{ path: "sku", message: "already used" }]);
      throw err;
    }
    return res;
  });
}
