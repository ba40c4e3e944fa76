import type { Context, Hono } from "hono";
import type { components } from "../../../../../shared/client";
import { asProblem, sellerApi } from "../../api";
import type { SfEnv } from "../../types";
import { ConsolePage, described, Field } from "../../views/console";
import { ListFilter, oneOf, Pager } from "../../views/inbox";
import { problemPageFor } from "./problem-page";
import { refused, signOut } from "./session";
import { DataTable } from "../../views/table";

const STAGES = ["evidence", "warning_letter", "platform_complaint", "administrative_complaint", "litigation", "resolved", "closed"] as const satisfies readonly components["schemas"]["IpCaseSummary"]["stage"][];



const unshown = problemPageFor({ title: (t) => t.case, back: (t) => ({ href: "/console/ip/cases", label: t.backToCases }), kept: [400, 404, 409] });

/** `GET /console/ip/cases`: every case with its stage and next deadline, newest first, filtered by stage. */
async function CasesPage(c: Context<SfEnv>) {
  const ui = c.get("ui");
  const { t } = ui;
  const stage = oneOf(STAGES, c.req.query("stage"));
  const cursor = c.req.query("cursor") || undefined;
  const { data, error, response } = await sellerApi(c).GET("/v1/ip/cases", { params: { query: { limit: 25, ...(stage ? { stage } : {}), ...(cursor ? { cursor } : {}) } } });
  if (refused(response.status)) return signOut(c, "revoked");
  if (!data) return unshown(c, asProblem(error, response.status).detail, response.status, t.cases);
  return c.html(
    <ConsolePage ui={ui} title={t.cases} signedIn>
      <h1>{t.cases}</h1>
      <ListFilter ui={ui} action="/console/ip/cases" name="stage" label={t.colStage} allLabel={t.filterAll} value={stage} options={STAGES.map((s) => ({ value: s, label: ui.word("stage_", s) }))} />
      <DataTable
        rows={data.items}
        empty={t.noCases}
        caption={t.casesCaption}
        columns={[t.colCase, t.colInfringer, t.colStage, t.colNextDue, t.colOpened]}
        row={(k) => (
          <tr data-case={k.id} data-stage={k.stage}>
            <td>
              <a href={`/console/ip/cases/${k.id}`}>{k.id}</a>
            </td>
            <td>{k.infringer.name ?? t.none}</td>
            <td>{ui.word("stage_", k.stage)}</td>
            <td>{k.nextDueAt ? <time datetime={k.nextDueAt}>{ui.date(k.nextDueAt)}</time> : t.none}</td>
            <td>
              <time datetime={k.createdAt}>{ui.date(k.createdAt)}</time>
            </td>
          </tr>
        )}
      />
      <Pager ui={ui} action="/console/ip/cases" params={{ stage }} nextCursor={data.nextCursor} paged={Boolean(cursor)} />
      <h2>{t.openById}</h2>
      <form method="get" action="/console/ip/cases/open">
        <Field id="case" label={t.caseId}>
          <input name="id" required {...described("case")} />
        </Field>
        <button type="submit">{t.open}</button>
      </form>
    </ConsolePage>,
  );
}

/**
 * Enforcement cases: the list, and one case with its stage, timeline and next moves, with its warning
 * letter and platform-complaint packet rendered here (the API needs the secret key, so the links stay in the console).
 */
export function registerConsoleCases(app: Hono<SfEnv>) {
  app.get("/console/ip/cases", (c) => CasesPage(c));

  app.get("/console/ip/cases/open", (c) => c.redirect(`/console/ip/cases/${encodeURIComponent(c.req.query("id")?.trim() ?? "")}`, 303));

  app.get("/console/ip/cases/:id", async (c) => {
    const ui = c.get("ui");
    const { t } = ui;
    const { data: k, error, response } = await sellerApi(c).GET("/v1/ip/cases/{id}", { params: { path: { id: c.req.param("id") } } });
    if (refused(response.status)) return signOut(c, "revoked");
    if (!k) return unshown(c, asProblem(error, response.status).detail, response.status, t.case);
    return c.html(
      <ConsolePage ui={ui} title={ui.f("caseTitle", { id: k.id })} signedIn>
        <h1>{ui.f("caseTitle", { id: k.id })}</h1>
        <dl>
          <dt>{t.stage}</dt>
          <dd data-stage={k.stage}>{ui.word("stage_", k.stage)}</dd>
          <dt>{t.infringer}</dt>
          <dd>{Object.values(k.infringer).join(" · ")}</dd>
          <dt>{t.nextDue}</dt>
          <dd>{k.nextDueAt ? <time datetime={k.nextDueAt}>{ui.date(k.nextDueAt)}</time> : t.none}</dd>
          <dt>{t.evidence}</dt>
          <dd>
            {k.evidenceIds.length === 0
              ? t.noEvidence
              : k.evidenceIds.map((id) => (
                  <>
                    <a href={`/console/evidence/${id}`}>{id}</a>{" "}
                  </>
                ))}
          </dd>
        </dl>
        <p>
          <a href={`/console/ip/cases/${k.id}/letter`}>{t.warningLetter}</a> · <a href={`/console/ip/cases/${k.id}/packet`}>{t.packet}</a>
        </p>
        <h2>{t.timeline}</h2>
        <ol class="timeline">
          {k.timeline.map((e) => (
            <li>
              <time datetime={e.at}>{ui.dateTime(e.at)}</time> · {e.from ? `${ui.word("stage_", e.from)} → ` : ""}
              {ui.word("stage_", e.to)}
              {e.note ? ` · ${e.note}` : ""}
            </li>
          ))}
        </ol>
        <h2>{t.nextMoves}</h2>
        <ul>
          {k.nextMoves.map((m) => (
            <li>
              {ui.word("stage_", m.to)}: {m.allowed ? t.allowed : ui.f("notAllowed", { reason: m.reason ?? "" })}
            </li>
          ))}
        </ul>
        <p>
          <a href="/console/ip/cases">{t.backToCases}</a>
        </p>
      </ConsolePage>,
    );
  });

  app.get("/console/ip/cases/:id/letter", async (c) => {
    const ui = c.get("ui");
    const id = c.req.param("id");
    const { data, error, response } = await sellerApi(c).GET("/v1/ip/cases/{id}/letter", { params: { path: { id }, query: {} } });
    if (!data) return unshown(c, asProblem(error, response.status).detail, response.status, ui.t.warningLetter);
    return c.html(
      <ConsolePage ui={ui} title={ui.t.warningLetter} signedIn>
        <h1 lang={data.language}>{data.subject}</h1>
        <pre lang={data.language} class="letter">
          {data.body}
        </pre>
        <p>
          <a href={`/console/ip/cases/${id}`}>{ui.t.backToCase}</a>
        </p>
      </ConsolePage>,
    );
  });

  app.get("/console/ip/cases/:id/packet", async (c) => {
    const ui = c.get("ui");
    const id = c.req.param("id");
    const { data, error, response } = await sellerApi(c).GET("/v1/ip/cases/{id}/packet", { params: { path: { id } } });
    if (!data) return unshown(c, asProblem(error, response.status).detail, response.status, ui.t.packet);
    return c.html(
      <ConsolePage ui={ui} title={ui.t.packet} signedIn>
        <h1>{ui.t.packet}</h1>
        <pre class="letter">{JSON.stringify(data, null, 2)}</pre>
        <p>
          <a href={`/console/ip/cases/${id}`}>{ui.t.backToCase}</a>
        </p>
      </ConsolePage>,
    );
  });
}
