import { idempotencyKey, type components } from "../../../../shared/client";
import { minorToDecimal } from "../../../../shared/money/format";
import { fieldError, type Problem } from "../api";
import type { ConsoleUi } from "../i18n/console";
import { ConsolePage, described, Field } from "./console";
import { DataTable } from "./table";

export type Intent = components["schemas"]["PaymentIntent"];

/** Where the console lists the shop's payments; one payment is `${INTENTS}/<id>`. */
export const INTENTS = "/console/payments/intents";

/** What is left to refund: pending refunds already hold their amount. */
const refundable = (i: Intent) => (i.status === "succeeded" ? i.amountCaptured - i.amountRefunded : 0);

/** The line a redirect back to the payment shows, by `?done=`. */
export type Done = "succeeded" | "pending" | "captured" | "capture_pending";

/**
 * One payment: its facts, the attempts and the routing trace behind them, its refunds, and the one action
 * its status allows (capture an authorized payment, refund a settled one). Each form carries a fresh
 * Idempotency-Key, so a double submit of what was rendered acts once; a refused refund shows the API's
 * problem beside the amount.
 */
export function IntentPage(p: { ui: ConsoleUi; intent: Intent; done?: Done; refundProblem?: Problem; typed?: { amount: string; reason: string }; captureProblem?: string }) {
  const { ui, intent: i } = p;
  const { t } = ui;
  const money = (amount: number) => ui.money(amount, i.currency);
  const amountError = p.refundProblem ? (fieldError(p.refundProblem, "amount") ?? (fieldError(p.refundProblem, "reason") ? undefined : p.refundProblem.detail)) : undefined;
  const reasonError = fieldError(p.refundProblem, "reason");
  const left = refundable(i);
  const title = ui.f("intentTitle", { id: i.id });
  const done = p.done && { succeeded: t.refundSucceeded, pending: t.refundPending, captured: t.capturedNotice, capture_pending: t.capturePending }[p.done];
  return (
    <ConsolePage ui={ui} title={title} signedIn>
      <h1>{title}</h1>
      {done && (
        <p class={p.done === "pending" || p.done === "capture_pending" ? "notice" : "ok"} role="status" data-done={p.done}>
          {done}
        </p>
      )}
      <dl>
        <dt>{t.amount}</dt>
        <dd data-amount={i.amount}>{money(i.amount)}</dd>
        <dt>{t.status}</dt>
        <dd>
          <span class="badge" data-status={i.status}>
            {ui.word("status_", i.status)}
          </span>
        </dd>
        <dt>{t.method}</dt>
        <dd>{i.method}</dd>
        <dt>{t.country}</dt>
        <dd>{i.country}</dd>
        <dt>{t.colProvider}</dt>
        <dd>{i.provider ?? t.none}</dd>
        <dt>{t.captureMethod}</dt>
        <dd>{i.captureMethod === "manual" ? t.captureManual : t.captureAutomatic}</dd>
        <dt>{t.captured}</dt>
        <dd data-captured={i.amountCaptured}>{money(i.amountCaptured)}</dd>
        <dt>{t.refunded}</dt>
        <dd data-refunded={i.amountRefunded}>{money(i.amountRefunded)}</dd>
        <dt>{t.created}</dt>
        <dd>
          <time datetime={i.createdAt}>{ui.dateTime(i.createdAt)}</time>
        </dd>
        {i.lastError && (
          <>
            <dt>{t.lastError}</dt>
            <dd>{i.lastError}</dd>
          </>
        )}
      </dl>
      {i.pending && (
        <p class="notice" data-pending={i.pending.action}>
          {ui.f("modificationPending", { action: ui.word("action_", i.pending.action), since: ui.dateTime(i.pending.since) })}
        </p>
      )}
      {i.status === "requires_capture" && !i.pending && (
        <>
          <h2>{t.captureTitle}</h2>
          <p>{ui.f("captureWhy", { amount: money(i.amount) })}</p>
          {p.captureProblem && (
            <p class="bad" role="alert">
              {p.captureProblem}
            </p>
          )}
          <form method="post" action={`${INTENTS}/${i.id}/capture`}>
            <input type="hidden" name="idempotencyKey" value={idempotencyKey("capture")} />
            <button type="submit">{ui.f("captureButton", { amount: money(i.amount) })}</button>
          </form>
        </>
      )}
      {left > 0 && (
        <>
          <h2>{t.refundTitle}</h2>
          <form method="post" action={`${INTENTS}/${i.id}/refunds`} id="refund-form">
            <input type="hidden" name="idempotencyKey" value={idempotencyKey("refund")} />
            <Field id="amount" label={ui.f("refundAmount", { currency: i.currency })} hint={ui.f("refundAmountHint", { max: minorToDecimal(left, i.currency) })} error={amountError}>
              <input name="amount" inputmode="decimal" autocomplete="off" value={p.typed?.amount ?? ""} {...described("amount", amountError, true)} />
            </Field>
            <Field id="reason" label={t.refundReason} error={reasonError}>
              <input name="reason" maxlength={500} value={p.typed?.reason ?? ""} {...described("reason", reasonError)} />
            </Field>
            <button type="submit">{t.refundButton}</button>
          </form>
        </>
      )}
      <h2 id="attempts-heading">{t.attempts}</h2>
      <DataTable
        labelledBy="attempts-heading"
        rows={i.attempts}
        empty={t.noAttempts}
        columns={[t.colAttemptNo, t.colProvider, t.colStatus, t.colOutcome, t.colCode, t.colLatency, t.colAt]}
        row={(a) => (
          <tr data-attempt={a.attemptNo} data-provider={a.provider} data-outcome={a.outcome ?? ""}>
            <td>{a.attemptNo}</td>
            <td>{a.provider}</td>
            <td>{ui.word("status_", a.status)}</td>
            <td>{a.outcome ?? t.none}</td>
            <td>{a.code ?? t.none}</td>
            <td>{a.latencyMs === null ? t.none : `${a.latencyMs} ms`}</td>
            <td>
              <time datetime={a.createdAt}>{ui.dateTime(a.createdAt)}</time>
            </td>
          </tr>
        )}
      />
      <h2>{t.routingTrace}</h2>
      <p>{t.routingTraceWhy}</p>
      {/* The payments service writes the trace in English. */}
      <ol lang="en" class="trace">
        {i.route.trace.map((step) => (
          <li>{step}</li>
        ))}
      </ol>
      <h2 id="refunds-heading">{t.refunds}</h2>
      <DataTable
        labelledBy="refunds-heading"
        rows={i.refunds}
        empty={t.noRefunds}
        columns={[t.colRefund, t.colAmount, t.colStatus, t.reason, t.colAt]}
        row={(r) => (
          <tr data-refund={r.id} data-status={r.status}>
            <td>{r.id}</td>
            <td>{money(r.amount)}</td>
            <td>{ui.word("status_", r.status)}</td>
            <td>{r.reason ?? t.none}</td>
            <td>
              <time datetime={r.createdAt}>{ui.dateTime(r.createdAt)}</time>
            </td>
          </tr>
        )}
      />
      <p>
        <a href={INTENTS}>{t.backToIntents}</a>
      </p>
    </ConsolePage>
  );
}
