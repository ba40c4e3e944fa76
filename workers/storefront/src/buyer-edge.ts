import type { MiddlewareHandler } from "hono";
import { COUNTRY_HEADER, LOCATION_HEADER } from "../../../shared/http/context";
import { decorateApi } from "./api";

/** Where the edge saw the buyer, in the fields of Cloudflare's `request.cf` the gateway reads (workers/gateway/src/edge.ts). */
export type BuyerEdge = {
  country?: string;
  latitude?: string;
  longitude?: string;
};

/**
 * The buyer's location as the gateway established it: its own `x-ecp-country` and `x-ecp-location`, which it
 * strips from every incoming request and sets from `request.cf` (or, on the local stack only, from trusted
 * client headers). Anything malformed is left out.
 */
export function buyerEdgeOf(headers: Headers): BuyerEdge {
  const edge: BuyerEdge = {};
  const country = headers.get(COUNTRY_HEADER);
  if (country && /^[A-Z]{2}$/.test(country)) edge.country = country;
  const [lat, lon, extra] = (headers.get(LOCATION_HEADER) ?? "").split(",").map((v) => (v.trim() === "" ? NaN : Number(v)));
  if (extra === undefined && Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat!) <= 90 && Math.abs(lon!) <= 180) {
    edge.latitude = String(lat);
    edge.longitude = String(lon);
  }
  return edge;
}

/**
 * Makes every call over the `API` binding made while serving a buyer carry where the edge saw them, as the
 * request's `cf`: a service binding hands it to the gateway as `request.cf`, the one source of location a
 * production gateway trusts (TRUST_CLIENT_LOCATION), and one no client on the internet can set. Without it
 * the gateway saw no location for these calls: a live room was placed by its id alone, not near its buyers.
 * Always set, even empty, so the API sees exactly what the gateway told this Worker, never a location the
 * runtime might attach to a bare binding call.
 */
export function buyerEdge(): MiddlewareHandler {
  return async (c, next) => {
    const cf: RequestInitCfProperties = buyerEdgeOf(c.req.raw.headers);
    c.env = decorateApi(c.env as Env, (request) => new Request(request, { cf }));
    await next();
  };
}
