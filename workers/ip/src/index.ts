import { WorkerEntrypoint } from "cloudflare:workers";
import { zodFieldErrors } from "../../../shared/http/app";
import type { ClearanceRequest, ClearanceResult, IpRpc } from "../../../shared/rpc/ip";
import { app } from "./http";
import { clearForTenant } from "./routes/clearance";
import { ClearanceInputSchema } from "./schemas/clearance";

export { LedgerWriter } from "./do/ledger-writer";

/** The ip service: HTTP through the gateway, and RPC for the catalog's clearance of listings. */
export default class IpService extends WorkerEntrypoint<Env> implements IpRpc {
  override fetch(request: Request): Response | Promise<Response> {
    return app.fetch(request, this.env, this.ctx);
  }

  /**
   * Clears a listing's text and brand in its markets for `tenantId` (the
   * catalog calls this on create and edit). Invalid input throws an Error
   * naming the fields, which the caller should answer as a 400.
   */
  async clearance(tenantId: string, input: ClearanceRequest): Promise<ClearanceResult> {
    const parsed = ClearanceInputSchema.safeParse(input);
    if (!parsed.success) throw new Error(`invalid clearance input: ${zodFieldErrors(parsed.error).map((e) => `${e.path}: ${e.message}`).join("; ")}`);
    return clearForTenant(this.env, tenantId, parsed.data);
  }
}
