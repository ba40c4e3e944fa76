/**
 * Where the buyer is, as far as the edge knows. In production only Cloudflare's
 * `request.cf` counts: a client's `X-Country` must not walk a buyer in Riyadh
 * past a restriction that applies there. No client on the internet can set
 * `request.cf`; a Worker bound to the gateway can, by passing `cf` on its
 * request (the service binding delivers it as `request.cf`): the storefront
 * sends its buyer's location that way (workers/storefront/src/buyer-edge.ts).
 * Local runs have no real `cf`, so the local stack, the tests and the bench set
 * `TRUST_CLIENT_LOCATION = "true"` and then explicit `X-Country` /
 * `CF-IPCountry` / `X-Location: lat,lon` headers win.
 */
export interface EdgeLocation {
  country?: string;
  lat?: number;
  lon?: number;
}

/** Whether this deployment takes the client's location headers at their word (wrangler.toml: "false"). */
export const trustsClientLocation = (env: { TRUST_CLIENT_LOCATION?: string }) => env.TRUST_CLIENT_LOCATION === "true";

export function edgeLocation(request: Request, trustClientHeaders: boolean): EdgeLocation {
  const out: EdgeLocation = {};
  const cf = (request as { cf?: IncomingRequestCfProperties }).cf;
  const header = (name: string) => (trustClientHeaders ? request.headers.get(name) : null);
  const country = header("x-country") ?? header("cf-ipcountry") ?? cf?.country;
  if (typeof country === "string" && /^[A-Za-z]{2}$/.test(country) && country.toUpperCase() !== "XX") {
    out.country = country.toUpperCase();
  }
  const loc = header("x-location");
  const [lat, lon] = loc ? loc.split(",").map(Number) : [Number(cf?.latitude), Number(cf?.longitude)];
  if (Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat!) <= 90 && Math.abs(lon!) <= 180) {
    out.lat = lat;
    out.lon = lon;
  }
  return out;
}
