import { WorkerEntrypoint } from "cloudflare:workers";
import type { CatalogRpc, HoldCursor, HoldResult, ListedHold } from "../../../shared/rpc/catalog";
import { changeHold, listHolds } from "./holds";
import { app } from "./http";
import { db } from "./store/db";
import { mergeSearchIndex } from "./store/search-index";

/** The catalog service: HTTP through the gateway, and RPC for the IP service to hold, release and sweep listings' holds. */
export default class CatalogService extends WorkerEntrypoint<Env> implements CatalogRpc {
  override fetch(request: Request): Response | Promise<Response> {
    return app.fetch(request, this.env, this.ctx);
  }

  /** The cron: keeps the search index merged (`store/search-index.ts`), so a search reads few segments. */
  override async scheduled(): Promise<void> {
    const steps = await mergeSearchIndex(this.env.DB);
    console.log(JSON.stringify({ service: "catalog", event: "search_index_merge", steps }));
  }

  /** Hides a listing from buyers (clearance conflict, complaint); its owner still sees it, with the reason. */
  hold(tenantId: string, listingId: string, reason: string, source?: string): Promise<HoldResult | null> {
    return changeHold(db(this.env.DB), tenantId, listingId, true, reason, source);
  }

  /** Lifts that source's hold; the listing is visible to buyers again once no source holds it. */
  release(tenantId: string, listingId: string, reason: string, source?: string): Promise<HoldResult | null> {
    return changeHold(db(this.env.DB), tenantId, listingId, false, reason, source);
  }

  /** Holds of one kind of source placed before a time, every tenant's: the IP service sweeps those whose complaint was never recorded. */
  listHolds(prefix: string, before: string, limit: number, after?: HoldCursor): Promise<ListedHold[]> {
    return listHolds(db(this.env.DB), prefix, before, limit, after);
  }
}
