import { createServiceApp } from "../../../shared/http/service";
import { registerAdminSimulator } from "./routes/admin-simulator";
import { registerCancelIntent } from "./routes/cancel-intent";
import { registerCaptureIntent } from "./routes/capture-intent";
import { registerCompleteIntent } from "./routes/complete-intent";
import { registerConfirmIntent } from "./routes/confirm-intent";
import { registerCreateIntent } from "./routes/create-intent";
import { registerGetIntent } from "./routes/get-intent";
import { registerGetRouting } from "./routes/get-routing";
import { registerListIntents } from "./routes/list-intents";
import { registerListMethods } from "./routes/list-methods";
import { registerListProviders } from "./routes/list-providers";
import { registerListReview } from "./routes/list-review";
import { registerPutRouting } from "./routes/put-routing";
import { registerRefundIntent } from "./routes/refund-intent";
import { registerResolveReview } from "./routes/resolve-review";
import { registerWebhooks } from "./routes/webhooks";
import { callBudget, RUN_CALLS } from "./service/call-budget";
import { depsOf } from "./service/deps";
import { reconcileExpiredActions } from "./service/expire-actions";
import { reconcileModifications, reconcileRefunds, reconcileStuck } from "./service/reconcile";

export { ProviderHealth } from "./do/provider-health";

const app = createServiceApp<Env>("payments");
registerListMethods(app);
registerPutRouting(app);
registerGetRouting(app);
registerCreateIntent(app);
registerListIntents(app);
registerGetIntent(app);
registerConfirmIntent(app);
registerCompleteIntent(app);
registerCaptureIntent(app);
registerCancelIntent(app);
registerRefundIntent(app);
registerListReview(app);
registerResolveReview(app);
registerWebhooks(app);
registerListProviders(app);
registerAdminSimulator(app);

/**
 * The cron trigger (wrangler.toml) settles intents stuck in `processing`, refunds, captures and cancels
 * left pending, and intents whose buyer action is past its window (service/expire-actions.ts): a bounded batch of each a run, tenants in turn (service/reconcile.ts), all four drawing on one
 * budget of provider calls, so a run stays within a Worker's subrequests. Its log line names each item it took, by id
 * and outcome: `review` is one moved out of the queue for an operator, listed with why and what to check by
 * `GET /v1/payments/review` (and settled by `POST /v1/payments/review/{id}/resolve`, or the provider's event).
 */
async function scheduled(_controller: ScheduledController, env: Env, ctx: ExecutionContext) {
  const deps = depsOf(env);
  const budget = callBudget(Number(env.RECONCILE_CALL_BUDGET) || RUN_CALLS);
  const opts = { olderThanMs: Number(env.RECONCILE_AFTER_MS) || 60_000, limit: Number(env.RECONCILE_BATCH) || 25, budget };
  const work = Promise.all([reconcileStuck(deps, opts), reconcileRefunds(deps, opts), reconcileModifications(deps, opts), reconcileExpiredActions(deps, opts)]).then(([intents, refunds, modifications, actions]) => {
    if (intents.length + refunds.length + modifications.length + actions.length > 0) console.log(JSON.stringify({ service: "payments", event: "reconcile", intents, refunds, modifications, actions }));
  });
  ctx.waitUntil(work);
  await work;
}

export default { fetch: app.fetch, scheduled } satisfies ExportedHandler<Env>;
