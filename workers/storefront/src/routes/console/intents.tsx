import type { Context, Hono } from "hono";
import { idempotencyKey, idempotencyKeyOf, idempotent } from "../../../../../shared/client";
import { idPattern } from "../../../../../shared/ids";
import { toMinorUnits } from "../../../../../shared/money/format";
import { asProblem, type Problem, sellerApi } from "../../api";
import type { SfEnv } from "../../types";
import { ConsolePage } from "../../views/console";
import { type Done, type Intent, INTENTS, IntentPage } from "../../views/intent";
import { Pager } from "../../views/inbox";
import { DataTable } from "../../views/table";
import { paymentProblem } from "./payment-problem";
import { problemPageFor } from "./problem-page";
import { refused, signOut } from "./session";

const INTENT_ID = idPattern("pi");

/** Why the payment (or the list) cannot be shown, with the way back to the list. */
const Unshown = problemPageFor({ title: (t) => t.intent, back: (t) => ({ href: INTENTS, label: t.backToIntents }) });

/** `GET /console/payments/intents`: the shop's payments, newest first, a page at a time by the API's cursor. */
async function IntentsPage(c: Context<SfEnv>) {
  const ui = c.get("ui");
  const { t } = ui;
  const cursor = c.req.query("cursor") || undefined;
  const { data, error, response } = await sellerApi(c).GET("/v1/payments/intents", { params: { query: { limit: 25, ...(cursor ? { cursor } : {}) } } });
  if (refused(response.status)) return signOut(c, "revoked");
  if (!data) return Unshown(c, asProblem(error, response.status).detail, response.status);
  return c.html(
    <ConsolePage ui={ui} title={t.intents} signedIn>
      <h1>{t.intents}</h1>
      <DataTable
        rows={data.items}
        empty={t.noIntents}
        caption={t.intentsCaption}
        columns={[t.colPayment, t.colAmount, t.colStatus, t.method, t.country, t.colProvider, t.created]}
        row={(i) => (
          <tr data-intent={i.id} data-status={i.status}>
            <td>
              <a href={`${INTENTS}/${i.id}`}>{i.id}</a>
            </td>
            <td>{ui.money(i.amount, i.currency)}</td>
            <td>{ui.word("status_", i.status)}</td>
            <td>{i.method}</td>
            <td>{i.country}</td>
            <td>{i.provider ?? t.none}</td>
            <td>
              <time datetime={i.createdAt}>{ui.dateTime(i.createdAt)}</time>
            </td>
          </tr>
        )}
      />
      <Pager ui={ui} action={INTENTS} params={{}} nextCursor={data.nextCursor} paged={Boolean(cursor)} />
      <p>
        <a href="/console/payments">{t.backToPayments}</a>
      </p>
    </ConsolePage>,
  );
}

/** The payment the path names, or the page that says why not: an id of another shape never reaches the API. */
async function readIntent(c: Context<SfEnv>) {
  const id = c.req.param("id") ?? "";
  if (!INTENT_ID.test(id)) return { page: Unshown(c, c.get("ui").t.noSuchIntent, 404) };
  const { data, error, response } = await sellerApi(c).GET("/v1/payments/intents/{id}", { params: { path: { id } } });
  if (refused(response.status)) return { page: signOut(c, "revoked") };
  if (!data) return { page: Unshown(c, response.status === 404 ? c.get("ui").t.noSuchIntent : asProblem(error, response.status).detail, response.status) };
  return { intent: data };
}

/** A refusal keeps its status where the seller can act on it (409 too much, 502 the provider said no); the rest is a 400 or 503. */
const refusedStatus = (s: number) => (s === 409 || s === 502 ? s : s >= 500 ? 503 : 400);

/** The payment again after the API refused an action on it, as it is now (a failed refund is listed), with why beside the form. */
async function showRefused(
  c: Context<SfEnv>,
  status: number,
  why: { refundProblem?: Problem; captureProblem?: Problem; typed?: { amount: string; reason: string }; amount?: number },
  known?: Intent,
) {
  const { intent, page } = known ? { intent: known, page: undefined } : await readIntent(c);
  if (!intent) return page;
  c.status(refusedStatus(status));
  const ui = c.get("ui");
  const local = (p?: Problem) => p && paymentProblem(ui, p, intent, why.amount);
  return c.html(<IntentPage ui={ui} intent={intent} typed={why.typed} refundProblem={local(why.refundProblem)} captureProblem={local(why.captureProblem)?.detail} />);
}

/**
 * `POST …/refunds` with the form's key. A double submit can arrive while the first is still with the provider: the
 * API then answers 409 `idempotency_in_progress`, and this waits a little for the first answer to replay instead of
 * showing that. Nothing else is retried: a refund the provider turned away (502) is final for this key.
 */
async function sendRefund(c: Context<SfEnv>, id: string, key: string, body: { amount?: number; reason?: string }) {
  for (let attempt = 1; ; attempt++) {
    const answer = await sellerApi(c).POST("/v1/payments/intents/{id}/refunds", { params: { path: { id }, header: { "idempotency-key": key } }, body });
    if (attempt >= 5 || answer.error?.code !== "idempotency_in_progress") return answer;
    await new Promise((r) => setTimeout(r, 300 * attempt));
  }
}

const DONE: readonly Done[] = ["succeeded", "pending", "captured", "capture_pending"];

/**
 * The shop's payments (`GET /v1/payments/intents`), one payment with its attempts, routing trace and refunds,
 * and its two actions: refund (`POST …/refunds`, Idempotency-Key from the rendered form) and capture.
 */
export function registerConsoleIntents(app: Hono<SfEnv>) {
  app.get(INTENTS, (c) => IntentsPage(c));

  app.get(`${INTENTS}/:id`, async (c) => {
    const { intent, page } = await readIntent(c);
    if (!intent) return page;
    const done = DONE.find((d) => d === c.req.query("done"));
    return c.html(<IntentPage ui={c.get("ui")} intent={intent} done={done} />);
  });

  app.post(`${INTENTS}/:id/refunds`, async (c) => {
    const { intent, page } = await readIntent(c);
    if (!intent) return page;
    const ui = c.get("ui");
    const form = await c.req.parseBody();
    const typed = { amount: String(form.amount ?? "").trim(), reason: String(form.reason ?? "").trim() };
    // Empty: everything left (the API's default). Otherwise an amount in the payment's currency.
    const amount = typed.amount ? toMinorUnits(typed.amount, intent.currency) : undefined;
    if (amount === null) {
      const problem: Problem = { type: "about:blank", title: "Bad Request", status: 400, code: "invalid_amount", detail: ui.f("refundAmountFormat", { currency: intent.currency }) };
      return showRefused(c, 400, { refundProblem: problem, typed }, intent);
    }
    // A double submit of one rendered form refunds once: the API replays its first answer to the same key and body.
    const key = idempotencyKeyOf(form.idempotencyKey, "refund") ?? idempotencyKey("refund");
    const { data, error, response } = await sendRefund(c, intent.id, key, { ...(amount !== undefined ? { amount } : {}), ...(typed.reason ? { reason: typed.reason } : {}) });
    if (refused(response.status)) return signOut(c, "revoked");
    // 202: the provider never answered clearly; the refund is pending and its amount held until reconciliation.
    if (data) return c.redirect(`${INTENTS}/${intent.id}?done=${data.status === "pending" ? "pending" : "succeeded"}`, 303);
    return showRefused(c, response.status, { refundProblem: asProblem(error, response.status), typed, amount });
  });

  app.post(`${INTENTS}/:id/capture`, async (c) => {
    const { intent, page } = await readIntent(c);
    if (!intent) return page;
    const form = await c.req.parseBody();
    const key = idempotencyKeyOf(form.idempotencyKey, "capture") ?? idempotencyKey("capture");
    const { data, error, response } = await sellerApi(c).POST("/v1/payments/intents/{id}/capture", { params: { path: { id: intent.id } }, body: {}, ...idempotent(key) });
    if (refused(response.status)) return signOut(c, "revoked");
    // 202: the provider never answered clearly; the capture is pending until its event or reconciliation.
    if (data) return c.redirect(`${INTENTS}/${intent.id}?done=${response.status === 202 ? "capture_pending" : "captured"}`, 303);
    return showRefused(c, response.status, { captureProblem: asProblem(error, response.status) });
  });
}
