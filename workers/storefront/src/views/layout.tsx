import type { Child } from "hono/jsx";
import { CSS } from "./styles";

export interface Alternate {
  hreflang: string;
  href: string;
}

export interface PageProps {
  lang: string;
  dir: "ltr" | "rtl";
  title: string;
  skipLabel: string;
  /** `hreflang` alternates of this page in every UI language, plus x-default. */
  alternates?: Alternate[];
  /** Client scripts (paths under /sf/), loaded as modules after the page. */
  scripts?: string[];
  /** JSON handed to the page's script in `<script type="application/json" id="page-data">`. */
  data?: unknown;
  header: Child;
  children: Child;
}

/** Every page's frame: `<html lang dir>`, one inline stylesheet, a skip link, landmarks. */
export function Page(p: PageProps) {
  return (
    <html lang={p.lang} dir={p.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{p.title}</title>
        {p.alternates?.map((a) => <link rel="alternate" hreflang={a.hreflang} href={a.href} />)}
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <a class="skip" href="#main">
          {p.skipLabel}
        </a>
        {p.header}
        <main id="main">{p.children}</main>
        {p.data !== undefined && (
          <script type="application/json" id="page-data" dangerouslySetInnerHTML={{ __html: safeJson(p.data) }} />
        )}
        {p.scripts?.map((src) => <script type="module" src={src} />)}
      </body>
    </html>
  );
}

/** JSON that cannot close the script element it sits in. */
export const safeJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
