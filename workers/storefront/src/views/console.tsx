import type { Child } from "hono/jsx";
import { CONSOLE_LOCALES, type ConsoleUi } from "../i18n/console";
import { Page } from "./layout";

/** A console page in the seller's language: nav, language switcher, sign-out, the page's own script. */
export function ConsolePage(p: { ui: ConsoleUi; title: string; signedIn?: boolean; scripts?: string[]; data?: unknown; children: Child }) {
  const { t, locale } = p.ui;
  const header = (
    <header class="top">
      <a class="brand" href="/console">
        {t.consoleName}
      </a>
      {p.signedIn && (
        <nav class="console" aria-label={t.navLabel}>
          <a href="/console">{t.navListings}</a>
          <a href="/console/listings/new">{t.navNewListing}</a>
          <a href="/console/evidence">{t.navEvidence}</a>
          <a href="/console/chat">{t.navChat}</a>
          <a href="/console/ip">{t.navIp}</a>
          <a href="/console/payments">{t.navPayments}</a>
          <a href="/console/media">{t.navMedia}</a>
        </nav>
      )}
      <form method="get" action="/console/lang" class="lang">
        <label for="console-lang">{t.language}</label>
        <select id="console-lang" name="locale">
          {Object.entries(CONSOLE_LOCALES).map(([tag, name]) => (
            <option value={tag} lang={tag} selected={tag === locale}>
              {name}
            </option>
          ))}
        </select>
        <button type="submit" class="secondary">
          {t.change}
        </button>
      </form>
      {p.signedIn && (
        <form method="post" action="/console/signout">
          <button type="submit" class="secondary">
            {t.signOut}
          </button>
        </form>
      )}
    </header>
  );
  return (
    <Page lang={locale} dir="ltr" title={`${p.title} · ${t.consoleName}`} skipLabel={t.skip} header={header} scripts={p.scripts} data={p.data}>
      {p.children}
    </Page>
  );
}

/** A labelled form field with the API's problem `detail` for it shown beside it (and announced). */
export function Field(p: { id: string; label: string; error?: string; hint?: string; children: Child }) {
  return (
    <div class="field">
      <label for={p.id}>{p.label}</label>
      {p.hint && (
        <span class="muted" id={`${p.id}-hint`}>
          {p.hint}
        </span>
      )}
      {p.children}
      <p class="error" id={`${p.id}-error`} role={p.error ? "alert" : undefined}>
        {p.error ?? ""}
      </p>
    </div>
  );
}

/** `aria-*` for an input whose field may carry an error. */
export const described = (id: string, error?: string, hint?: boolean) => ({
  id,
  "aria-invalid": error ? "true" : undefined,
  "aria-describedby": [hint ? `${id}-hint` : "", `${id}-error`].filter(Boolean).join(" "),
});

/** A console page that only says why something cannot be shown, with the way back. */
export function ProblemPage(p: { ui: ConsoleUi; title: string; detail: string; back: { href: string; label: string } }) {
  return (
    <ConsolePage ui={p.ui} title={p.title} signedIn>
      <h1>{p.title}</h1>
      <p class="bad">{p.detail}</p>
      <p>
        <a href={p.back.href}>{p.back.label}</a>
      </p>
    </ConsolePage>
  );
}
