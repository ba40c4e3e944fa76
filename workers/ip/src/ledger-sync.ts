import { ProblemError } from "../../../shared/http/problem";
import type { Db } from "./store/db";
import { evidenceByIds, getEvidence, head, type EvidenceRow, type Head } from "./store/ledger";

/** The tenant's ledger writer (one Durable Object per tenant). */
export const ledgerWriter = (env: Env, tenantId: string) => env.LEDGER.get(env.LEDGER.idFromName(tenantId));

/**
 * Waits until D1 holds every append the tenant's writer has answered. The
 * writer answers from its own storage and copies to D1 right after, so a
 * reader that must see a just-answered append (the head, proofs, lists) asks
 * first; it costs one call to the writer and usually no wait.
 */
export const ledgerCaughtUp = (env: Env, tenantId: string): Promise<number> => ledgerWriter(env, tenantId).caughtUp();

/** D1 still lacks leaves the writer has answered for: retryable, where a smaller head or a proof against a head D1 lacks would not be. */
export const ledgerCatchingUp = () =>
  new ProblemError(503, "ledger_catching_up", "The ledger's read copy is still catching up with appends already answered; retry shortly.", undefined, { "retry-after": "2" });

/**
 * D1's head of the tenant's ledger once it holds every append the writer has answered, so no head or
 * proof a reader gets is older than a size some append already answered; a 503 when D1 is still behind.
 */
export async function caughtUpHead(env: Env, d: Db, tenantId: string): Promise<Head> {
  const answered = await ledgerCaughtUp(env, tenantId);
  const h = await head(d, tenantId);
  if (h.treeSize < answered) throw ledgerCatchingUp();
  return h;
}

/** The tenant's evidence among `ids`; only when some are missing (perhaps just appended) does it wait for D1 to catch up and look again. */
export async function evidenceCaughtUp(env: Env, d: Db, tenantId: string, ids: readonly string[]): Promise<EvidenceRow[]> {
  const rows = await evidenceByIds(d, tenantId, ids);
  if (rows.length >= new Set(ids).size) return rows;
  await ledgerCaughtUp(env, tenantId);
  return evidenceByIds(d, tenantId, ids);
}

/** One evidence record of the tenant, waiting for D1 to catch up only when it is not there yet. */
export async function oneEvidenceCaughtUp(env: Env, d: Db, tenantId: string, id: string): Promise<EvidenceRow | null> {
  const row = await getEvidence(d, tenantId, id);
  if (row) return row;
  await ledgerCaughtUp(env, tenantId);
  return getEvidence(d, tenantId, id);
}
