import type { components } from "../../../../shared/client";
import type { Buyer } from "../buyer";
import type { BuyerStep } from "../buyer-step";
import { BuyerStepPanel } from "./buyer-step";
import { ShopPage } from "./shop";

export type Intent = components["schemas"]["PaymentIntent"];

/** What the buyer should read about the attempts: each provider that failed before the one that answered. */
export function failovers(intent: Pick<Intent, "attempts">): { from: string; to: string; why: string }[] {
  const out: { from: string; to: string; why: string }[] = [];
  const attempts = [...intent.attempts].sort((a, b) => a.attemptNo - b.attemptNo);
  for (let i = 1; i < attempts.length; i++) {
    const prev = attempts[i - 1]!;
    const cur = attempts[i]!;
    if (prev.provider !== cur.provider) out.push({ from: prev.provider, to: cur.provider, why: prev.code ?? prev.outcome ?? prev.status });
  }
  return out;
}

/**
 * A payment as it stands, for the browser that paid: after the checkout's post, and when the buyer's bank or wallet
 * sends them back (`returned`). One awaiting its buyer shows the step (`step`); one awaiting the provider says so and
 * links to this page again, whose every load reads the payment afresh.
 */
export function Outcome({ buyer, url, intent, listingId, step, returned }: { buyer: Buyer; url: URL; intent: Intent; listingId: string; step: BuyerStep | null; returned: boolean }) {
  const { t } = buyer;
  const ok = intent.status === "succeeded" || intent.status === "requires_capture";
  const pending = intent.status === "processing" || intent.status === "requires_action";
  const title = ok ? t.paid : step && !returned ? t.approveTitle : pending ? t.pending : t.notPaid;
  return (
    <ShopPage buyer={buyer} url={url} title={title}>
      <section class={ok ? "ok" : pending ? "notice" : "bad"} data-status={intent.status}>
        <h1>{title}</h1>
        <p>
          <strong dir="auto">{intent.formattedAmount}</strong> · {intent.method} · <code>{intent.id}</code>
        </p>
        {step && <BuyerStepPanel buyer={buyer} step={step} returned={returned} />}
        {pending && !step && <p>{t.awaiting}</p>}
        {pending && (
          <p>
            <a href={url.pathname + url.search}>{t.checkAgain}</a>
          </p>
        )}
      </section>
      <h2>{t.attempts}</h2>
      <ol class="attempts">
        {intent.attempts.map((a) => (
          <li data-provider={a.provider} data-attempt-status={a.status}>
            {a.provider}: {a.status}
            {a.code ? ` (${a.code})` : ""}
          </li>
        ))}
      </ol>
      {failovers(intent).map((f) => (
        <p class="notice failover">
          {f.from} ({f.why}) {t.failedOver} {f.to}.
        </p>
      ))}
      <p>
        {ok ? <a href="/">{t.backToShop}</a> : <a href={`/checkout/${listingId}`}>{t.tryAgain}</a>}
      </p>
    </ShopPage>
  );
}
