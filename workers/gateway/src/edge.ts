/**
 * Where the buyer is, as far as the edge knows. In production Cloudflare fills
 * `request.cf`; locally it is a placeholder, so an explicit `X-Country` /
 * `X-Location: lat,lon` header (tests, the bench, a storefront that knows
 * better) wins over it.
 */
export interface EdgeLocation {
  country?: string;
  lat?: number;
  lon?: number;
}

export function edgeLocation(request: Request): EdgeLocation {
  const out: EdgeLocation = {};
  const cf = (request as { cf?: IncomingRequestCfProperties }).cf;
  const country = request.headers.get("x-country") ?? request.headers.get("cf-ipcountry") ?? cf?.country;
  if (typeof country === "string" && /^[A-Za-z]{2}$/.test(country) && country.toUpperCase() !== "XX") {
    out.country = country.toUpperCase();
  }
  const loc = request.headers.get("x-location");
  const [lat, lon] = loc ? loc.split(",").map(Number) : [Number(cf?.latitude), Number(cf?.longitude)];
  if (Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat!) <= 90 && Math.abs(lon!) <= 180) {
    out.lat = lat;
    out.lon = lon;
  }
  return out;
}
