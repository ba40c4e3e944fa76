import type { Context, Hono } from "hono";
import { asProblem, fieldError, type Problem, sellerApi } from "../../api";
import type { SfEnv } from "../../types";
import { ConsolePage, described, Field } from "../../views/console";
import { refused, signOut } from "./session";
import { DataTable } from "../../views/table";

const pct = (r: number | null) => (r === null ? "—" : `${Math.round(r * 1000) / 10} %`);

/** Provider health and the routing rules, edited as JSON (the API's problem shown beside the rules). */
async function PaymentsPage(c: Context<SfEnv>, opts: { typed?: string; problem?: Problem; saved?: boolean } = {}) {
  const api = sellerApi(c);
  const [providers, routing] = await Promise.all([api.GET("/v1/payments/providers"), api.GET("/v1/payments/routing")]);
  if ([providers.response.status, routing.response.status].some(refused)) return signOut(c, "revoked");
  const rulesError = opts.problem ? (fieldError(opts.problem, "rules") ?? opts.problem.detail) : undefined;
  const rules = opts.typed ?? JSON.stringify(routing.data?.rules ?? [], null, 2);
  const ui = c.get("ui");
  const { t } = ui;
  return c.html(
    <ConsolePage ui={ui} title={t.payments} signedIn>
      <h1>{t.payments}</h1>
      <p>
        <a href="/console/payments/intents">{t.intentsLink}</a>
      </p>
      <h2 id="providers-heading">{t.providerHealth}</h2>
      <DataTable
        problem={providers.data ? undefined : asProblem(providers.error, providers.response.status).detail}
        labelledBy="providers-heading"
        rows={providers.data?.items}
        columns={[t.colProvider, t.colCircuit, t.colSuccessRate, t.colAttempts, "p50 / p95"]}
        row={(p) => (
          <tr data-provider={p.provider} data-circuit={p.circuit}>
            <td>{p.provider}</td>
            <td>{p.circuit.replace("_", "-")}</td>
            <td>{pct(p.successRate)}</td>
            <td>
              {ui.f("attemptsIn", { attempts: p.attempts, minutes: p.windowSeconds / 60 })}
            </td>
            <td>
              {p.p50Ms ?? "—"} / {p.p95Ms ?? "—"} ms
            </td>
          </tr>
        )}
      />
      <h2>{t.routingRules}</h2>
      <p>{t.routingWhy}</p>
      {opts.saved && (
        <p class="ok" role="status">
          {t.routingSaved}
        </p>
      )}
      <form method="post" action="/console/payments/routing">
        <Field id="rules" label={t.rulesLabel} error={rulesError}>
          <textarea name="rules" rows={12} spellcheck={false} {...described("rules", rulesError)}>
            {rules}
          </textarea>
        </Field>
        <button type="submit">{t.saveRouting}</button>
      </form>
    </ConsolePage>,
  );
}

/** `GET /console/payments`, `POST /console/payments/routing` (PUT /v1/payments/routing). */
export function registerConsolePayments(app: Hono<SfEnv>) {
  app.get("/console/payments", (c) => PaymentsPage(c, { saved: c.req.query("saved") === "1" }));

  app.post("/console/payments/routing", async (c) => {
    const typed = String((await c.req.parseBody()).rules ?? "");
    let rules: unknown;
    try {
      rules = JSON.parse(typed || "[]");
    } catch (err) {
      c.status(400);
      return PaymentsPage(c, { typed, problem: { type: "about:blank", title: "Invalid JSON", status: 400, code: "invalid_json", detail: c.get("ui").f("notJson", { message: (err as Error).message }) } });
    }
    const { data, error, response } = await sellerApi(c).PUT("/v1/payments/routing", { body: { rules } as never });
    if (refused(response.status)) return signOut(c, "revoked");
    if (!data) {
      c.status(response.status >= 500 ? 503 : 400);
      return PaymentsPage(c, { typed, problem: asProblem(error, response.status) });
    }
    return c.redirect("/console/payments?saved=1", 303);
  });
}
