import { WorkerEntrypoint } from "cloudflare:workers";
import { zodFieldErrors } from "../../../shared/http/app";
import { createServiceApp } from "../../../shared/http/service";
import type { ClearanceRequest, ClearanceResult, IpRpc } from "../../../shared/rpc/ip";
import { registerAdminMarks } from "./routes/admin-marks";
import { registerAssets } from "./routes/assets";
import { clearForTenant, registerClearance } from "./routes/clearance";
import { registerCases } from "./routes/cases";
import { registerComplaints } from "./routes/complaints";
import { registerDeadlineFeeds } from "./routes/deadline-feeds";
import { registerDeadlines } from "./routes/deadlines";
import { registerEnforcementLists } from "./routes/enforcement-lists";
import { registerEvidence } from "./routes/evidence";
import { registerLedger } from "./routes/ledger";
import { ClearanceInputSchema } from "./schemas/clearance";

const app = createServiceApp<Env>("ip");
registerAssets(app);
registerDeadlines(app);
registerDeadlineFeeds(app);
registerClearance(app);
registerAdminMarks(app);
registerEvidence(app);
registerLedger(app);
registerCases(app);
registerComplaints(app);
registerEnforcementLists(app);

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
