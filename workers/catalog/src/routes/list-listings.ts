import { createRoute, z } from "@hono/zod-openapi";
import { decodeCursor, encodeCursor } from "../../../../shared/cursor";
import { ProblemError } from "../../../../shared/http/problem";
import { requireCaller } from "../../../../shared/http/service";
import { idPattern } from "../../../../shared/ids";
import { listOf, problemResponses } from "../../../../shared/schemas/common";
import { isRefusal, MIN_INDEXED_TERM, planSearch } from "../domain/search";
import { ListingItemSchema, ListQuerySchema } from "../schemas";
import { ownerEverywhere, publicRead } from "../read";
import { listRead } from "../store/listings";
import { presentedListing } from "../view";
import type { CatalogApp } from "./app";

const route = createRoute({
  method: "get",
  path: "/v1/catalog/listings",
  operationId: "listListings",
  tags: ["Catalog"],
  summary: "List listings, localized for the buyer",
  description:
    "Listings not sold in the buyer's country, and held listings (to publishable keys), are left out. A buyer whose country is unknown (no `country`, and none from the edge) is shown only listings every market sells (no markets limit, a category restricted nowhere), priced in their own currency without tax. A secret key's list is filtered by country only when `country` is given; otherwise the edge country only prices it.",
  middleware: [requireCaller({ publishable: true })] as const,
  request: { query: ListQuerySchema },
  responses: {
    200: { description: "A page of listings", content: { "application/json": { schema: listOf(ListingItemSchema, "ListingPage") } } },
    304: { description: "Not modified (If-None-Match)" },
    ...problemResponses(400, 401, 422),
  },
});

/** The cursor carries the last id served; ids sort by creation time, so the next page starts strictly after it. */
const CursorValue = z.object({ before: z.string().regex(idPattern("lst")) });

/** GET /listings: one query per page, filtered in SQL, cached per buyer and catalog version. */
export function registerListListings(app: CatalogApp) {
  app.openapi(route, async (c) => {
    const { tenantId } = c.get("caller");
    const query = c.req.valid("query");
    const beforeId = query.cursor ? decodeCursor(query.cursor, CursorValue).before : undefined;
    const search = query.q === undefined ? undefined : planSearch(query.q);
    if (search && isRefusal(search)) throw new ProblemError(400, "invalid_query", search.refused, [{ path: "query.q", message: search.field }]);
    // Short terms alone match through the index by tenant only, then LIKE its newest translations (SHORT_SEARCH_ROWS):
    // a read a storefront visitor could repeat at will (a new limit or cursor is a new cache key). Owners keep
    // them, and buyers keep CJK words, most of which are one or two characters (that row bound caps their cost).
    if (search?.match === null && !search.shortWordsOnly && c.get("caller").keyKind === "publishable") {
      throw new ProblemError(400, "query_too_short", `The search query needs a word of at least ${MIN_INDEXED_TERM} characters.`, [
        { path: "query.q", message: `at least one word of ${MIN_INDEXED_TERM} or more characters` },
      ]);
    }
    const { q, category, limit, cursor } = query;
    // An owner's backend runs anywhere (its edge country may sell nothing): only an explicit ?country filters its list.
    const everywhere = ownerEverywhere(c, query);
    return publicRead(c, query, {
      resource: ["listings"],
      query: everywhere ? { q, category, limit, cursor, everywhere: 1 } : { q, category, limit, cursor },
      // A country with no market sells nothing: no query (when the isolate knows the markets yet). A buyer of unknown
      // country is sold what every market sells.
      rows: (scope) =>
        scope.country && scope.market === null && !everywhere
          ? null
          : listRead(
              tenantId,
              { includeHeld: scope.owner, country: everywhere ? null : scope.country, everyMarket: !everywhere && !scope.country, category, search, beforeId, limit: limit + 1 },
              scope,
            ),
      answer: (records, buyer, _ref, rates) => {
        const sold = buyer.country && !buyer.market && !everywhere ? [] : records;
        const shown = sold.slice(0, limit);
        const items = shown.map((r) => presentedListing(r, buyer, rates));
        const last = shown[shown.length - 1];
        const nextCursor = sold.length > limit && last ? encodeCursor({ before: last.id }) : null;
        const languages = [...new Set(items.map((i) => i.locale))];
        // The items are JSON already (presentedListing): the page is their text joined, as JSON.stringify would write it.
        const json = `{"items":[${items.map((i) => i.json).join(",")}],"nextCursor":${JSON.stringify(nextCursor)}}`;
        return { json, contentLanguage: languages.join(", ") || null };
      },
    });
  });
}
