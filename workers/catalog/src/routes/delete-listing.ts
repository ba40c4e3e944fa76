import { createRoute } from "@hono/zod-openapi";
import { requireCaller } from "../../../../shared/http/service";
import { problemResponses } from "../../../../shared/schemas/common";
import { ListingIdParam } from "../schemas";
import { deleteListing } from "../store/listings";
import { dbOf, listingNotFound, type CatalogApp } from "./app";

const route = createRoute({
  method: "delete",
  path: "/v1/catalog/listings/{id}",
  operationId: "deleteListing",
  tags: ["Catalog"],
  summary: "Delete a listing",
  middleware: [requireCaller()] as const,
  request: { params: ListingIdParam },
  responses: { 204: { description: "Deleted" }, ...problemResponses(401, 403, 404) },
});

/** DELETE /listings/:id: gone with its translations, prices and search rows; later reads are 404. */
export function registerDeleteListing(app: CatalogApp) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    if (!(await deleteListing(dbOf(c), c.get("caller").tenantId, id))) throw listingNotFound(id);
    return c.body(null, 204);
  });
}
