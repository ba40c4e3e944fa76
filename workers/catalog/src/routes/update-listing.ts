import { createRoute } from "@hono/zod-openapi";
import { requireCaller } from "../../../../shared/http/service";
import { problemResponses } from "../../../../shared/schemas/common";
import { clearListing } from "../clearance";
import { applyPatch, checkDraft } from "../domain/draft";
import { ListingIdParam, PatchListingSchema, CreatedListingSchema } from "../schemas";
import { ratesFor } from "../store/fx";
import { getListing, replaceListing } from "../store/listings";
import { referenceData } from "../store/reference";
import { catalogVersion } from "../store/versions";
import { dbOf, listingNotFound, rejectDraft, type CatalogApp } from "./app";

const route = createRoute({
  method: "patch",
  path: "/v1/catalog/listings/{id}",
  tags: ["Catalog"],
  summary: "Update a listing",
  description: "Members left out keep their value; `null` removes a translation, a country price, the market list or the category.",
  middleware: [requireCaller()] as const,
  request: {
    params: ListingIdParam,
    body: { required: true, content: { "application/json": { schema: PatchListingSchema } } },
  },
  responses: {
    200: { description: "Updated", content: { "application/json": { schema: CreatedListingSchema.omit({ createdAt: true }) } } },
    ...problemResponses(400, 401, 403, 404, 422),
  },
});

/** PATCH /listings/:id: the merged listing is validated whole, cleared again, and rewritten in one transaction. */
export function registerUpdateListing(app: CatalogApp) {
  app.openapi(route, async (c) => {
    const { tenantId } = c.get("caller");
    const { id } = c.req.valid("param");
    const database = dbOf(c);
    const current = await getListing(database, tenantId, id);
    if (!current) throw listingNotFound(id);
    const { draft, errors } = applyPatch(current.draft, c.req.valid("json"));
    const [ref, rates] = await Promise.all([
      referenceData(database),
      catalogVersion(database, tenantId).then((v) => ratesFor(database, tenantId, v)),
    ]);
    rejectDraft([...errors, ...checkDraft(draft, { marketCurrency: ref.marketCurrency, rates })]);
    const clearance = await clearListing(c.env, tenantId, draft, [...ref.marketCurrency.keys()]);
    const status = clearance.status === "blocked" ? "held" : current.status;
    await replaceListing(database, tenantId, id, draft, status, new Date().toISOString());
    return c.json({ id, sku: draft.sku, status, clearance }, 200);
  });
}
