/** One register mark a listing's text resembles, and why. */
export interface ClearanceFinding {
  /** The reference-register entry (`mrk_…`). */
  assetId: string;
  mark: string;
  owner: string;
  jurisdiction: string;
  registrationNumber: string;
  niceClasses: number[];
  /** The listing's markets this mark covers. */
  markets: string[];
  /** 0–1; 0.85 and above blocks. */
  similarity: number;
  /**
   * How the text resembles the mark; `ownership_unverified`: the tenant claims this mark, and the platform has not verified the claim yet;
   * `class_mismatch`: a copy of the mark in other Nice classes than the listing's, a warning only.
   */
  reasons: ("exact" | "case_width_diacritic" | "confusable" | "near_spelling" | "sound_alike" | "pinyin" | "embedded" | "dictionary_word" | "class_mismatch" | "ownership_unverified")[];
  /** The words of the text that resemble the mark. */
  matched: string;
}

/** The contract's `clearance` answer; `brand` says where the tenant's own brand is registered (present when a brand was given). */
export interface ClearanceResult {
  status: "clear" | "warning" | "blocked";
  findings: ClearanceFinding[];
  brand?: { name: string; registeredIn: string[]; notRegisteredIn: string[] };
}

/** The most markets one clearance call takes: a listing sold in more is cleared in groups. */
export const MAX_CLEARANCE_MARKETS = 60;

export interface ClearanceRequest {
  text: string;
  brand?: string;
  markets: string[];
  niceClasses?: number[];
}

/**
 * The IP Worker's RPC surface for other services: the catalog clears a
 * listing's brand and titles in its markets before it goes live. Rejects
 * (an Error naming the fields) on invalid input.
 */
export interface IpRpc {
  clearance(tenantId: string, input: ClearanceRequest): Promise<ClearanceResult>;
}

/** The typed RPC stub behind a service binding to the IP Worker. */
export const ipRpc = (binding: Fetcher): IpRpc => binding as unknown as IpRpc;
