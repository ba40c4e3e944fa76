import { WorkerEntrypoint } from "cloudflare:workers";
import { zodFieldErrors } from "../../../shared/http/app";
import type { ClearanceRequest, ClearanceResult, IpRpc } from "../../../shared/rpc/ip";
import { restoreLapsed, sweepOrphanHolds } from "./complaint-cron";
import { app } from "./http";
import { clearForTenant } from "./routes/clearance";
import { ClearanceInputSchema } from "./schemas/clearance";

export { LedgerWriter } from "./do/ledger-writer";

/** The ip service: HTTP through the gateway, RPC for the catalog's clearance of listings, and a cron for complaints. */
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

  /**
   * The cron trigger (wrangler.toml): restores the listings of counter-notices whose window passed with no
   * court action, and releases complaint holds whose complaint was never recorded (complaint-cron.ts). Each
   * takes a bounded batch a run.
   */
  override async scheduled(controller: ScheduledController): Promise<void> {
    const [restored, orphans] = await Promise.all([restoreLapsed(this.env), sweepOrphanHolds(this.env, controller.scheduledTime)]);
    if ([restored, orphans].some((o) => o.done.length + o.failed.length > 0)) console.log(JSON.stringify({ service: "ip", event: "complaint_cron", restored, orphans }));
  }
}
