/** The offices whose rights the registry keeps; `WIPO` is a Madrid/Hague international registration. */
export const JURISDICTIONS = ["US", "EU", "GB", "CN", "JP", "KR", "DE", "FR", "BR", "IN", "AU", "CA", "MX", "SA", "AE", "WIPO"] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

export const ASSET_KINDS = ["trademark", "invention_patent", "design_patent", "copyright"] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

/** EU member states: an EU trade mark or design covers each of them. */
export const EU_MEMBERS: ReadonlySet<string> = new Set([
  "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
  "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
]);

/**
 * Whether a right registered in `jurisdiction` protects in `market` (a country):
 * its own country, any EU member for an EU right, and a WIPO registration's
 * designated parties (an `EU` designation covering the member states).
 */
export function covers(jurisdiction: string, designations: readonly string[], market: string): boolean {
  if (jurisdiction === market) return true;
  if (jurisdiction === "EU") return EU_MEMBERS.has(market);
  if (jurisdiction === "WIPO") return designations.some((d) => d !== "WIPO" && covers(d, [], market));
  return false;
}
