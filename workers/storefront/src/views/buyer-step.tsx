import type { Buyer } from "../buyer";
import type { BuyerStep } from "../buyer-step";
import { ShopPage } from "./shop";

/**
 * The one inline script of the storefront: submits the provider's form as soon as the page is read. The page's CSP
 * lets it run by its hash alone (`scriptHash`); without script the buyer presses the form's button. Called on the
 * prototype: a provider field named `submit` would shadow the form's own method.
 */
export const AUTO_SUBMIT = 'HTMLFormElement.prototype.submit.call(document.getElementById("provider-form"))';

/** The provider's form: its URL and fields, and a button that sends it (the way on without script). */
function ProviderFormFields({ step, label, secondary }: { step: Extract<BuyerStep, { kind: "post" }>; label: string; secondary?: boolean }) {
  return (
    <form id="provider-form" method="post" action={step.url}>
      {step.fields.map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={secondary ? "secondary" : undefined}>
        {label}
      </button>
    </form>
  );
}

/**
 * The page that hands the buyer to a provider that wants a POST (Adyen's 3-D Secure 1, some banks): a form posted
 * there by the inline script, or by its button. Its CSP must allow the script's hash and a form to another origin.
 */
export function ProviderFormPage({ buyer, url, step }: { buyer: Buyer; url: URL; step: Extract<BuyerStep, { kind: "post" }> }) {
  const { t } = buyer;
  return (
    <ShopPage buyer={buyer} url={url} title={t.approveTitle}>
      <section class="notice" data-next-action="redirect_to_url">
        <h1>{t.approveTitle}</h1>
        <p>{t.approveText}</p>
        <ProviderFormFields step={step} label={t.continueToPay} />
      </section>
      <script dangerouslySetInnerHTML={{ __html: AUTO_SUBMIT }} />
    </ShopPage>
  );
}

/**
 * The page that sends the buyer on to a provider that wants a GET (a bank's or wallet's page): a navigation by meta
 * refresh at once, and a link. Not a 303 from the checkout's POST: browsers hold a form's redirects to the sending
 * page's `form-action`, which would then have to allow every https origin (any bank's) on the checkout page.
 */
export function ProviderLinkPage({ buyer, url, step }: { buyer: Buyer; url: URL; step: Extract<BuyerStep, { kind: "go" }> }) {
  const { t } = buyer;
  return (
    <ShopPage buyer={buyer} url={url} title={t.approveTitle}>
      {/* Quoted: a URL's normal form never holds a double quote, so nothing in it can end the refresh's URL early. */}
      <meta http-equiv="refresh" content={`0;url="${step.url}"`} />
      <section class="notice" data-next-action="redirect_to_url">
        <h1>{t.approveTitle}</h1>
        <p>{t.approveText}</p>
        <p>
          <a class="button" href={step.url} rel="noreferrer">
            {t.continueToPay}
          </a>
        </p>
      </section>
    </ShopPage>
  );
}

/** An expiry in the buyer's language, in UTC (their time zone is unknown here), named as such. */
const expiry = (iso: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" }).format(new Date(iso));

/** A QR code to pay: the provider's picture of it when it gave one, and always its contents to copy (or open, when a link). */
function QrCode({ buyer, step }: { buyer: Buyer; step: Extract<BuyerStep, { kind: "qr" }> }) {
  const { t } = buyer;
  return (
    <section class="qr" data-next-action="display_qr_code">
      <p>{t.scanToPay}</p>
      {step.imageUrl && <img src={step.imageUrl} alt={t.qrImage} width="240" height="240" />}
      <p>
        <label for="qr-data">{t.qrCode}</label>
      </p>
      <textarea id="qr-data" readonly rows={4} cols={40} dir="ltr">
        {step.data}
      </textarea>
      {step.link && (
        <p>
          <a href={step.link} rel="noreferrer">
            {t.openPayment}
          </a>
        </p>
      )}
      {step.expiresAt && (
        <p>
          {t.payBefore} <time datetime={step.expiresAt}>{expiry(step.expiresAt, buyer.locale)}</time>
        </p>
      )}
    </section>
  );
}

/**
 * The step on the outcome page: the QR code to pay, or the way to the provider's page. A buyer back from that page
 * (`returned`) is told the provider's answer is awaited, and keeps the way there should they have left it unfinished.
 */
export function BuyerStepPanel({ buyer, step, returned }: { buyer: Buyer; step: BuyerStep; returned: boolean }) {
  const { t } = buyer;
  if (step.kind === "qr") return <QrCode buyer={buyer} step={step} />;
  return (
    <section data-next-action="redirect_to_url">
      <p>{returned ? t.awaiting : t.approveText}</p>
      {step.kind === "go" ? (
        <p>
          <a class={returned ? "button secondary" : "button"} href={step.url} rel="noreferrer">
            {t.continueToPay}
          </a>
        </p>
      ) : (
        <ProviderFormFields step={step} label={t.continueToPay} secondary={returned} />
      )}
    </section>
  );
}
