import type { Db } from "./store/db";
import { evidenceByIds, getEvidence, type EvidenceRow } from "./store/ledger";

/** The tenant's ledger writer (one Durable Object per tenant). */
export const ledgerWriter = (env: Env, tenantId: string) => env.LEDGER.get(env.LEDGER.idFromName(tenantId));

/**
 * Waits until D1 holds every append the tenant's writer has answered. The
 * writer answers from its own storage and copies to D1 right after, so a
 * reader that must see a just-answered append (the head, proofs, lists) asks
 * first; it costs one call to the writer and usually no wait.
 */
export const ledgerCaughtUp = (env: Env, tenantId: string): Promise<void> => ledgerWriter(env, tenantId).caughtUp();

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
