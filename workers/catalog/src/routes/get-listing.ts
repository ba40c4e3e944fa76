import { createRoute } from "@hono/zod-openapi";
import { ProblemError } from "../../../../shared/http/problem";
import { requireCaller } from "../../../../shared/http/service";
import { problemResponses } from "../../../../shared/schemas/common";
import { ownerEverywhere, publicRead } from "../read";
import { getRead } from "../store/listings";
import { availabilityFor, presentedListing } from "../view";
import { ListingIdParam, ListingItemSchema, ReadQuerySchema } from "../schemas";
import { listingNotFound, type CatalogApp } from "./app";

const route = createRoute({
  method: "get",
  path: "/v1/catalog/listings/{id}",
  operationId: "getListing",
  tags: ["Catalog"],
  summary: "Read one listing, localized for the buyer",
  description:
    "451 when it is not sold in the buyer's country, or, when that is unknown (no `country`, and none from the edge), when not every market sells it; to a secret key only for an explicit `country` (the edge country only prices it).",
  middleware: [requireCaller({ publishable: true })] as const,
  request: { params: ListingIdParam, query: ReadQuerySchema },
  responses: {
    200: { description: "The listing", content: { "application/json": { schema: ListingItemSchema } } },
    304: { description: "Not modified (If-None-Match)" },
    ...problemResponses(400, 401, 404, 422, 451),
  },
});

const UNAVAILABLE: Record<string, string> = {
  no_market: "is not sold in",
  not_in_market: "is not sold in",
  restricted_category: "is in a category that may not be sold in",
};

/** Why a listing is not shown to this buyer; one of unknown country is told how to name it. */
const unsoldDetail = (id: string, availability: string, country: string | null) =>
  country === null
    ? `Listing ${id} is not sold in every market, and the buyer's country is unknown: name it with ?country.`
    : `Listing ${id} ${UNAVAILABLE[availability]} ${country}.`;

/** GET /listings/:id: a held listing is a 404 to buyers; one not sold in the buyer's country is a 451 (see ownerEverywhere). */
export function registerGetListing(app: CatalogApp) {
  app.openapi(route, async (c) => {
    const { tenantId } = c.get("caller");
    const { id } = c.req.valid("param");
    const query = c.req.valid("query");
    const everywhere = ownerEverywhere(c, query);
    return publicRead(c, query, {
      resource: ["listings", id],
      query: everywhere ? { everywhere: 1 } : undefined,
      rows: (scope) => getRead(tenantId, id, scope),
      answer: ([record], buyer, ref, rates) => {
        if (!record || (record.status === "held" && !buyer.owner)) throw listingNotFound(id);
        const availability = everywhere ? "available" : availabilityFor(record, buyer, ref);
        if (availability !== "available") {
          throw new ProblemError(451, "not_sold_here", unsoldDetail(id, availability, buyer.country));
        }
        const item = presentedListing(record, buyer, rates);
        return { json: item.json, contentLanguage: item.locale };
      },
    });
  });
}
