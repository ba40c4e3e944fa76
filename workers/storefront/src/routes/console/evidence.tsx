import { missingStatus } from "./problem-page";
import type { Context, Hono } from "hono";
import { idempotencyKey, idempotencyKeyOf, idempotent } from "../../../../../shared/client";
import { asProblem, fieldError, type Problem, sellerApi } from "../../api";
import type { ConsoleUi } from "../../i18n/console";
import type { SfEnv } from "../../types";
import { ConsolePage, described, Field } from "../../views/console";
import { kilobytes } from "../../views/file-size";
import { evidenceMaxBytes, tooLargeText } from "./evidence-limit";
import { refused, signOut } from "./session";

type EvidenceItem = { id: string; sha256: string; receivedAt: string; title?: string | null; filename?: string | null };

/** What the upload form was sent with, kept when it comes back refused (a file input cannot be refilled). */
interface Typed {
  title?: string;
}

function UploadPage({ ui, max, problem, fileError, typed = {}, items }: { ui: ConsoleUi; max: number; problem?: Problem; fileError?: string; typed?: Typed; items: EvidenceItem[] }) {
  const fileProblem = fileError ?? (problem ? (fieldError(problem, "file") ?? problem.detail) : undefined);
  const { t } = ui;
  const kb = (bytes: number) => kilobytes(bytes, ui.locale);
  return (
    <ConsolePage ui={ui} title={t.evidence} signedIn scripts={["/sf/evidence.js"]}>
      <h1>{t.evidence}</h1>
      <p>{t.evidenceIntro}</p>
      <form method="post" action="/console/evidence" enctype="multipart/form-data" data-upload>
        <input type="hidden" name="idempotencyKey" value={idempotencyKey("evidence")} />
        <Field id="file" label={t.evidenceFile} hint={ui.f("evidenceFileHint", { max: kb(max) })} error={fileProblem}>
          {/* The page's script refuses a larger file before it is sent, in these words ({size} filled in). */}
          <input type="file" name="file" required data-max-bytes={max} data-too-large={ui.f("evidenceTooLarge", { size: "{size}", max: kb(max) })} {...described("file", fileProblem, true)} />
        </Field>
        <Field id="title" label={t.evidenceTitle} error={fieldError(problem, "title")}>
          <input name="title" maxlength={200} value={typed.title ?? ""} {...described("title", fieldError(problem, "title"))} />
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

/** The upload form again, with why it was refused and what was typed. */
function refusedUpload(c: Context<SfEnv>, status: 400 | 413 | 503, opts: { problem?: Problem; fileError?: string; typed: Typed }) {
  c.status(status);
  return c.html(<UploadPage ui={c.get("ui")} max={evidenceMaxBytes(c.env)} items={[]} {...opts} />);
}

/** Evidence upload (multipart, forwarded to the ledger) and each item's receipt, verified in the browser. */
export function registerConsoleEvidence(app: Hono<SfEnv>) {
  app.get("/console/evidence", async (c) => {
    const { data, response } = await sellerApi(c).GET("/v1/ip/evidence", { params: { query: { limit: 10 } } });
    if (refused(response.status)) return signOut(c, "revoked");
    return c.html(<UploadPage ui={c.get("ui")} max={evidenceMaxBytes(c.env)} items={data?.items ?? []} />);
  });

  app.post("/console/evidence", async (c) => {
    const incoming = await c.req.parseBody();
    const file = incoming.file instanceof File && incoming.file.size > 0 ? incoming.file : undefined;
    const title = String(incoming.title ?? "").trim();
    const typed = { title };
    // Over the platform's limit: refused here, before it is sent (the form's script refuses it before that).
    if (file && file.size > evidenceMaxBytes(c.env)) return refusedUpload(c, 413, { fileError: tooLargeText(c, file.size), typed });
    const form = new FormData();
    if (file) form.set("file", file, file.name);
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
      const problem = asProblem(error, response.status);
      // Too large for the platform after all (its limits are its own): the same page, in the seller's words.
      if (response.status === 413) return refusedUpload(c, 413, { fileError: tooLargeText(c, file?.size ?? 0, problem.detail), typed });
      return refusedUpload(c, response.status >= 500 ? 503 : 400, { problem, typed });
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
