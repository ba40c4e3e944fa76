import type { Hono } from "hono";
import { apiClient, asProblem, fieldError, type Problem } from "../../api";
import type { ConsoleUi } from "../../i18n/console";
import type { SfEnv } from "../../types";
import { ConsolePage, described, Field } from "../../views/console";
import { signOut } from "./session";

function UploadPage({ ui, problem, items }: { ui: ConsoleUi; problem?: Problem; items: { id: string; sha256: string; receivedAt: string; title?: string | null; filename?: string | null }[] }) {
  const fileError = problem ? (fieldError(problem, "file") ?? problem.detail) : undefined;
  return (
    <ConsolePage ui={ui} title="Evidence" signedIn>
      <h1>Evidence</h1>
      <p>Files you add are anchored in your append-only evidence ledger. The receipt can be checked by anyone with the ledger's public key; this console checks it in your browser.</p>
      <form method="post" action="/console/evidence" enctype="multipart/form-data">
        <Field id="file" label="Evidence file (PDF, PNG, JPEG, WebP)" error={fileError}>
          <input type="file" name="file" required {...described("file", fileError)} />
        </Field>
        <Field id="title" label="Title" error={fieldError(problem, "title")}>
          <input name="title" maxlength={200} {...described("title", fieldError(problem, "title"))} />
        </Field>
        <button type="submit">Add to the ledger</button>
      </form>
      <h2>Recent evidence</h2>
      <ul>
        {items.map((e) => (
          <li>
            <a href={`/console/evidence/${e.id}`}>{e.title || e.filename || e.id}</a> · {e.receivedAt} · <code>{e.sha256.slice(0, 16)}…</code>
          </li>
        ))}
      </ul>
    </ConsolePage>
  );
}

/** Evidence upload (multipart, forwarded to the ledger) and each item's receipt, verified in the browser. */
export function registerConsoleEvidence(app: Hono<SfEnv>) {
  app.get("/console/evidence", async (c) => {
    const { data, response } = await apiClient(c.env, c.get("session")!.key).GET("/v1/ip/evidence", { params: { query: { limit: 10 } } });
    if (response.status === 401 || response.status === 403) return signOut(c, "revoked");
    return c.html(<UploadPage ui={c.get("ui")} items={data?.items ?? []} />);
  });

  app.post("/console/evidence", async (c) => {
    const incoming = await c.req.formData();
    const file = incoming.get("file");
    const form = new FormData();
    if (file instanceof File && file.size > 0) form.set("file", file, file.name);
    const title = String(incoming.get("title") ?? "").trim();
    if (title) form.set("title", title);
    const { data, error, response } = await apiClient(c.env, c.get("session")!.key).POST("/v1/ip/evidence", {
      body: form as never,
      bodySerializer: (b: unknown) => b as FormData,
    });
    if (response.status === 401 || response.status === 403) return signOut(c, "revoked");
    if (!data) {
      c.status(response.status >= 500 ? 503 : 400);
      return c.html(<UploadPage ui={c.get("ui")} problem={asProblem(error, response.status)} items={[]} />);
    }
    return c.redirect(`/console/evidence/${(data as { id: string }).id}`, 303);
  });

  app.get("/console/evidence/:id", async (c) => {
    const api = apiClient(c.env, c.get("session")!.key);
    const [bundle, keys] = await Promise.all([
      api.GET("/v1/ip/evidence/{id}", { params: { path: { id: c.req.param("id") } } }),
      api.GET("/v1/ip/ledger/keys"),
    ]);
    if (!bundle.data || !keys.data) {
      c.status(bundle.response.status === 404 ? 404 : 503);
      return c.html(
        <ConsolePage ui={c.get("ui")} title="Evidence" signedIn>
          <p class="bad">{asProblem(bundle.error ?? keys.error, bundle.response.status).detail}</p>
        </ConsolePage>,
      );
    }
    const e = bundle.data;
    return c.html(
      <ConsolePage ui={c.get("ui")} title="Evidence receipt" signedIn scripts={["/sf/evidence.js"]} data={{ bundle: e, keys: keys.data }}>
        <h1>Evidence receipt</h1>
        <dl>
          <dt>Evidence</dt>
          <dd>
            <code>{e.id}</code> {e.title ?? e.filename ?? ""}
          </dd>
          <dt>SHA-256</dt>
          <dd>
            <code>{e.sha256}</code>
          </dd>
          <dt>Ledger position</dt>
          <dd>
            leaf {e.ledger.index} of {e.ledger.treeSize}, root <code>{e.ledger.rootHash.slice(0, 16)}…</code>
          </dd>
        </dl>
        <section aria-labelledby="verify-heading">
          <h2 id="verify-heading">Verification in this browser</h2>
          <p id="receipt-status" role="status" data-verified="pending">
            Verification needs JavaScript: the page checks the signed tree head against the published key and the inclusion proof against its root.
          </p>
          <ul id="receipt-checks"></ul>
          <label for="check-file">Check a file against this receipt</label> <input type="file" id="check-file" />
          <p id="file-status" role="status"></p>
        </section>
        <p>
          <a href="/console/evidence">Back to evidence</a>
        </p>
      </ConsolePage>,
    );
  });
}
