import type { Child } from "hono/jsx";
import { Page } from "./layout";

/** A console page (English): nav, sign-out, the page's own script. */
export function ConsolePage(p: { title: string; signedIn?: boolean; scripts?: string[]; data?: unknown; children: Child }) {
  const header = (
    <header class="top">
      <a class="brand" href="/console">
        Seller console
      </a>
      {p.signedIn && (
        <nav class="console" aria-label="Console">
          <a href="/console">Listings</a>
          <a href="/console/listings/new">New listing</a>
          <a href="/console/evidence">Evidence</a>
          <a href="/console/chat">Chat</a>
          <a href="/console/ip">IP</a>
          <a href="/console/payments">Payments</a>
          <a href="/console/media">Media</a>
        </nav>
      )}
      {p.signedIn && (
        <form method="post" action="/console/signout">
          <button type="submit" class="secondary">
            Sign out
          </button>
        </form>
      )}
    </header>
  );
  return (
    <Page lang="en" dir="ltr" title={`${p.title} · Seller console`} skipLabel="Skip to content" header={header} scripts={p.scripts} data={p.data}>
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
export function ProblemPage(p: { title: string; detail: string; back: { href: string; label: string } }) {
  return (
    <ConsolePage title={p.title} signedIn>
      <h1>{p.title}</h1>
      <p class="bad">{p.detail}</p>
      <p>
        <a href={p.back.href}>{p.back.label}</a>
      </p>
    </ConsolePage>
  );
}
