import { ProblemError } from "../../../../shared/http/problem";
import { COUNTRIES } from "./countries.generated";
import type { Point } from "./geo";
import type { RoomAsk } from "./rooms";

/** Where the parties of a lookup are, and how that was decided. */
export interface Origin {
  parties: Point[];
  source: "peers" | "query" | "edge" | "country";
  /** The buyer's country, which residency rules match on (see `resolveOrigin`). */
  country: string | null;
}

export interface OriginInput {
  lat?: number;
  lon?: number;
  peers?: Point[];
  country?: string;
  /** The gateway's `x-ecp-location` and `x-ecp-country`. */
  edgeLocation?: string | null;
  edgeCountry?: string | null;
  /**
   * The caller is the buyer's own device (a publishable key): the edge's country, when known, outranks the
   * `country` it sends, so a buyer cannot leave the residency the tenant's policy holds them to. A tenant's
   * server (secret key) calls from its own location on a buyer's behalf, so its `country` stands.
   */
  onBuyersDevice?: boolean;
}

function edgePoint(header: string | null | undefined): Point | null {
  if (!header) return null;
  const [lat, lon] = header.split(",").map(Number);
  return Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat!) <= 90 && Math.abs(lon!) <= 180 ? { lat: lat!, lon: lon! } : null;
}

export function centroid(country: string): Point | null {
  const c = COUNTRIES[country];
  return c ? { lat: c[0], lon: c[1] } : null;
}

/**
 * The buyer's position: `peers`, else `lat`/`lon`, else the edge's location,
 * else the centroid of the buyer's country. The country is the `country`
 * query, else the edge's, except on a buyer's device, where the edge's comes
 * first. Never `request.cf`: the gateway turned it into headers already.
 */
export function resolveOrigin(input: OriginInput): Origin {
  if ((input.lat === undefined) !== (input.lon === undefined)) {
    const missing = input.lat === undefined ? "lat" : "lon";
    throw new ProblemError(400, "validation_failed", "lat and lon go together.", [{ path: `query.${missing}`, message: "required when the other coordinate is given" }]);
  }
  if (input.country !== undefined && !COUNTRIES[input.country]) {
    throw new ProblemError(400, "unknown_country", `${input.country} is not an ISO 3166-1 country.`, [{ path: "query.country", message: "unknown country" }]);
  }
  const edgeCountry = input.edgeCountry && COUNTRIES[input.edgeCountry] ? input.edgeCountry : null;
  const country = input.onBuyersDevice ? (edgeCountry ?? input.country ?? null) : (input.country ?? edgeCountry);
  if (input.peers) return { parties: input.peers, source: "peers", country };
  if (input.lat !== undefined && input.lon !== undefined) return { parties: [{ lat: input.lat, lon: input.lon }], source: "query", country };
  const edge = edgePoint(input.edgeLocation);
  if (edge) return { parties: [edge], source: "edge", country };
  const c = country ? centroid(country) : null;
  if (c) return { parties: [c], source: "country", country };
  throw new ProblemError(400, "location_required", "Say where the buyer is: lat and lon, peers, or a country (none came from the edge either).");
}

/**
 * Where a room placed by this caller is anchored for everyone who asks after it, by whom, and that place's
 * country (the room's residency). A tenant's server (secret key) speaks for its buyers, so its resolved
 * position stands; when it said where (`lat`/`lon`, `peers` or `country`) the anchor is the server's word,
 * which re-anchors a room an edge anchored (`placeRoom`), else only where the edge saw the server. A buyer's
 * device (publishable key, which anyone holds) gets only what the edge saw: its location, else its country's
 * centroid; never the query's `lat`/`lon`, `peers` or `country`, which order that caller's own answer but
 * would let whoever asks first move a room for everyone. Empty when the edge knows nothing: the room id alone
 * then picks, and the next asker with an anchor lends it for the room's later moves.
 */
export function roomAnchor(input: OriginInput, origin: Origin): RoomAsk {
  if (!input.onBuyersDevice) return { anchor: origin.parties, anchoredBy: origin.source === "edge" ? "edge" : "server", anchorCountry: origin.country };
  const edgeCountry = input.edgeCountry && COUNTRIES[input.edgeCountry] ? input.edgeCountry : null;
  const edge = edgePoint(input.edgeLocation);
  if (edge) return { anchor: [edge], anchoredBy: "edge", anchorCountry: edgeCountry };
  const country = edgeCountry ? centroid(edgeCountry) : null;
  return { anchor: country ? [country] : [], anchoredBy: "edge", anchorCountry: edgeCountry };
}
