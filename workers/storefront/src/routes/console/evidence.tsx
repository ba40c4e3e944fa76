import { missingStatus } from "./problem-page";
import type { Hono } from "hono";
import { idempotencyKey, idempotencyKeyOf, idempotent } from "../../../../../shared/client";
import { asProblem, fieldError, type Problem, sellerApi } from "../../api";
import type { ConsoleUi } from "../../i18n/console";
import type { SfEnv } from "../../types";
import { ConsolePage, described, Field } from "../../views/console";
import { refused, signOut } from "./session";

function UploadPage({ ui, problem, items }: { ui: ConsoleUi; problem?: Problem; items: { id: string; sha256: string; receivedAt: string; title?: string | null; filename?: string | null }[] }) {
  const fileError = problem ? (fieldError(problem, "file") ?? problem.detail) : undefined;
  const { t } = ui;
  return (
    <ConsolePage ui={ui} title={t.evidence} signedIn>
      <h1>{t.evidence}</h1>
      <p>{t.evidenceIntro}</p>
      <form method="post" action="/console/evidence" enctype="multipart/form-data">
        <input type="hidden" name="idempotencyKey" value={idempotencyKey("evidence")} />
        <Field id="file" label={t.evidenceFile} error={fileError}>
          <input type="file" name="file" required {...described("file", fileError)} />
        </Field>
        <Field id="title" label={t.evidenceTitle} error={fieldError(problem, "title")}>
          <input name="title" maxlength={200} {...described("title", fieldError(problem, "title"))} />
        </Field>
        <button type="submit">{t.addToLedger}</button>
      </form>
      <h2>{t.recentEvidence}</h2>
      <ul>
        {items.map((e) => (
          <li>
            <a href={`/console/evidence/${e.id}`}>{e.title || e.filename || e.id}</a> · <time datetime={e.receivedAt}>{ui.dateTime(e.receivedAt)}</time> · <code>{e.sha256.slice(0, 16)}…</code>
          </li>
        ))}
      </ul>
    </ConsolePage>
  );
}

/** Evidence upload (multipart, forwarded to the ledger) and each item's receipt, verified in the browser. */
export function registerConsoleEvidence(app: Hono<SfEnv>) {
  app.get("/console/evidence", async (c) => {
    const { data, response } = await sellerApi(c).GET("/v1/ip/evidence", { params: { query: { limit: 10 } } });
    if (refused(response.status)) return signOut(c, "revoked");
    return c.html(<UploadPage ui={c.get("ui")} items={data?.items ?? []} />);
  });

  app.post("/console/evidence", async (c) => {
    const incoming = await c.req.parseBody();
    const file = incoming.file;
    const form = new FormData();
    if (file instanceof File && file.size > 0) form.set("file", file, file.name);
    const title = String(incoming.title ?? "").trim();
    if (title) form.set("title", title);
    // A double submit of one rendered form appends one leaf (the IP middleware fingerprints the form, not this
    // re-encoding's boundary); a form without a key (an old page) still uploads.
    const key = idempotencyKeyOf(incoming.idempotencyKey, "evidence") ?? idempotencyKey("evidence");
    const { data, error, response } = await sellerApi(c).POST("/v1/ip/evidence", {
      body: form as never,
      bodySerializer: (b: unknown) => b as FormData,
      ...idempotent(key),
    });
    if (refused(response.status)) return signOut(c, "revoked");
    if (!data) {
      c.status(response.status >= 500 ? 503 : 400);
      return c.html(<UploadPage ui={c.get("ui")} problem={asProblem(error, response.status)} items={[]} />);
    }
    return c.redirect(`/console/evidence/${(data as { id: string }).id}`, 303);
  });

  app.get("/console/evidence/:id", async (c) => {
    const api = sellerApi(c);
    const [bundle, keys] = await Promise.all([
      api.GET("/v1/ip/evidence/{id}", { params: { path: { id: c.req.param("id") } } }),
      api.GET("/v1/ip/ledger/keys"),
    ]);
    if (!bundle.data || !keys.data) {
      c.status(missingStatus(bundle.response.status));
      return c.html(
        <ConsolePage ui={c.get("ui")} title={c.get("ui").t.evidence} signedIn>
          <p class="bad">{asProblem(bundle.error ?? keys.error, bundle.response.status).detail}</p>
        </ConsolePage>,
      );
    }
    const e = bundle.data;
    const ui = c.get("ui");
    const { t } = ui;
    return c.html(
      <ConsolePage ui={ui} title={t.evidenceReceipt} signedIn scripts={["/sf/evidence.js"]} data={{ bundle: e, keys: keys.data }}>
        <h1>{t.evidenceReceipt}</h1>
        <dl>
          <dt>{t.evidence}</dt>
          <dd>
            <code>{e.id}</code> {e.title ?? e.filename ?? ""}
          </dd>
          <dt>SHA-256</dt>
          <dd>
            <code>{e.sha256}</code>
          </dd>
          <dt>{t.ledgerPosition}</dt>
          <dd>
            {ui.f("leafOf", { index: e.ledger.index, size: e.ledger.treeSize })} <code>{e.ledger.rootHash.slice(0, 16)}…</code>
          </dd>
        </dl>
        <section aria-labelledby="verify-heading">
          <h2 id="verify-heading">{t.verifyHere}</h2>
          <p id="receipt-status" role="status" data-verified="pending">
            {t.verifyNeedsJs}
          </p>
          <ul id="receipt-checks"></ul>
          <label for="check-file">{t.checkFile}</label> <input type="file" id="check-file" />
          <p id="file-status" role="status"></p>
        </section>
        <p>
          <a href="/console/evidence">{t.backToEvidence}</a>
        </p>
      </ConsolePage>,
    );
  });
}
