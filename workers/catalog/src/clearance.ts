import { ProblemError } from "../../../shared/http/problem";
import type { ClearanceFinding, ClearanceResult } from "../../../shared/rpc/ip";
import { ipRpc, MAX_CLEARANCE_MARKETS } from "../../../shared/rpc/ip";
import type { ListingDraft } from "./domain/draft";
import { niceClassesFor } from "./domain/nice-classes";

/** The contract's `clearance` of a listing: the IP service's verdict on its brand and titles in its markets. */
export type Clearance = ClearanceResult;

/** The IP service clears at most this much text a call; longer listings are cleared in parts. */
const MAX_TEXT = 2000;
const SEVERITY = { clear: 0, warning: 1, blocked: 2 } as const;

/** Every distinct title, packed into as few texts under the limit as fit. */
function texts(draft: ListingDraft): string[] {
  const out: string[] = [];
  for (const title of new Set(Object.values(draft.translations).map((t) => t.title))) {
    const last = out.at(-1);
    if (last !== undefined && last.length + 1 + title.length <= MAX_TEXT) out[out.length - 1] = `${last}\n${title}`;
    else out.push(title.slice(0, MAX_TEXT));
  }
  return out;
}

/** The markets in groups of at most what one clearance call takes. */
function marketGroups(markets: readonly string[]): string[][] {
  const groups: string[][] = [];
  for (let i = 0; i < markets.length; i += MAX_CLEARANCE_MARKETS) groups.push(markets.slice(i, i + MAX_CLEARANCE_MARKETS));
  return groups;
}

/** One verdict from several: the worst status, each mark once at its highest similarity. */
export function mergeClearances(results: ClearanceResult[]): ClearanceResult {
  const findings = new Map<string, ClearanceFinding>();
  let status: ClearanceResult["status"] = "clear";
  for (const r of results) {
    if (SEVERITY[r.status] > SEVERITY[status]) status = r.status;
    for (const f of r.findings) {
      const seen = findings.get(f.assetId);
      if (!seen || f.similarity > seen.similarity) findings.set(f.assetId, f);
    }
  }
  const brand = results.find((r) => r.brand)?.brand;
  return { status, findings: [...findings.values()].sort((a, b) => b.similarity - a.similarity), ...(brand ? { brand } : {}) };
}

/**
 * Runs IP clearance of a listing's brand and titles in the markets it is sold
 * in (every market when it names none), over RPC to the IP Worker, before it
 * goes live. A `blocked` verdict makes the listing `held`. Without a verdict
 * nothing may go live: an IP service that cannot answer is a 503 to retry
 * (nothing is written), never a listing published unchecked.
 */
export async function clearListing(env: Env, tenantId: string, draft: ListingDraft, allMarkets: readonly string[]): Promise<Clearance> {
  const markets = draft.markets.length > 0 ? draft.markets : [...allMarkets];
  const niceClasses = niceClassesFor(draft.category);
  try {
    const ip = ipRpc(env.IP);
    const calls = texts(draft).flatMap((text) => marketGroups(markets).map((group) => ({ text, markets: group })));
    const results = await Promise.all(calls.map(({ text, markets }) => ip.clearance(tenantId, { text, brand: draft.brand, markets, ...(niceClasses ? { niceClasses } : {}) })));
    return mergeClearances(results);
  } catch (err) {
    if (err instanceof ProblemError) throw err;
    console.error("ip clearance failed", err);
    throw new ProblemError(503, "clearance_unavailable", "Trademark clearance could not be run just now, so nothing was written; retry shortly.", undefined, { "retry-after": "5" });
  }
}

/** The clearance hold's reason for a blocked verdict, naming the marks in the way; null when nothing blocks. */
export function clearanceHoldReason(clearance: Clearance): string | null {
  if (clearance.status !== "blocked") return null;
  const marks = [...new Set(clearance.findings.map((f) => f.mark))].slice(0, 3);
  return `IP clearance blocked${marks.length > 0 ? `: conflicts with ${marks.join(", ")}` : ""}`;
}
