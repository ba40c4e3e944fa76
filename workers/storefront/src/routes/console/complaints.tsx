import type { Context, Hono } from "hono";
import type { components } from "../../../../../shared/client";
import { asProblem, fieldError, type Problem, sellerApi } from "../../api";
import type { ConsoleUi } from "../../i18n/console";
import type { ConsoleKey } from "../../i18n/console/en";
import type { SfEnv } from "../../types";
import { ListFilter, oneOf, Pager } from "../../views/inbox";
import { ConsolePage, described, Field } from "../../views/console";
import { problemPageFor } from "./problem-page";
import { refused, signOut } from "./session";
import { DataTable } from "../../views/table";

type Complaint = components["schemas"]["IpComplaint"];
type Answer = components["schemas"]["IpComplaintResponse"];
type CourtAction = components["schemas"]["IpCourtActionInput"];

const GROUNDS: Record<NonNullable<Answer["reason"]>, ConsoleKey> = {
  prior_use: "groundPriorUse",
  no_likelihood_of_confusion: "groundNoConfusion",
  invalid_right: "groundInvalidRight",
};
const STATUSES = ["open", "accepted", "countered", "in_court", "restored"] as const satisfies readonly Complaint["status"][];

/** What a complaint's date means in its status: the seller's deadline while open, the complainant's once countered. */
const DUE: Partial<Record<Complaint["status"], ConsoleKey>> = { open: "answerBy", countered: "complainantActsBy" };

/** One complaint: what it says, its history, and the forms its status allows (accept or counter-notice while open, court action once countered). */
function ComplaintPage({ ui, complaint: k, problem, typed }: { ui: ConsoleUi; complaint: Complaint; problem?: Problem; typed?: Record<string, string> }) {
  const { t } = ui;
  const err = (...paths: string[]) => fieldError(problem, ...paths);
  const orphan = problem && !(problem.errors ?? []).length ? problem.detail : undefined;
  const right = (k.complaint.right ?? {}) as Record<string, string>;
  const who = (k.complaint.complainant ?? {}) as Record<string, string>;
  return (
    <ConsolePage ui={ui} title={ui.f("complaintTitle", { id: k.id })} signedIn>
      <h1>{ui.f("complaintTitle", { id: k.id })}</h1>
      <dl>
        <dt>{t.status}</dt>
        <dd>
          <span class="badge" data-status={k.status}>
            {ui.word("status_", k.status)}
          </span>
          {DUE[k.status] && ` (${ui.f(DUE[k.status]!, { date: ui.date(k.dueAt) })})`}
        </dd>
        {k.courtAction && (
          <>
            <dt>{t.courtAction}</dt>
            <dd data-court-action>
              {k.courtAction.court}
              {k.courtAction.reference ? ` · ${k.courtAction.reference}` : ""} · {ui.f("filed", { date: ui.date(k.courtAction.filedAt) })}
            </dd>
          </>
        )}
        <dt>{t.listing}</dt>
        <dd>
          <a href={`/console/listings/${k.listingId}`}>{k.listingId}</a> ({k.listing.status ?? t.unknown})
        </dd>
        <dt>{t.complainant}</dt>
        <dd>{who.name ?? t.none}</dd>
        <dt>{t.rightClaimed}</dt>
        <dd>
          {right.mark ?? t.none} {right.jurisdiction ?? ""} {right.registrationNumber ?? ""} {right.filedAt ? ui.f("filed", { date: ui.date(right.filedAt) }) : ""}
        </dd>
        <dt>{t.reason}</dt>
        <dd>{String(k.complaint.reason ?? "")}</dd>
      </dl>
      <h2>{t.history}</h2>
      <ol>
        {k.history.map((h) => (
          <li>
            <time datetime={h.at}>{ui.dateTime(h.at)}</time> · {ui.word("status_", h.status)}
            {h.note ? ` · ${h.note}` : ""}
          </li>
        ))}
      </ol>
      {k.status === "open" && (
        <>
          {orphan && (
            <p class="bad" role="alert">
              {orphan}
            </p>
          )}
          <h2>{t.accept}</h2>
          <form method="post" action={`/console/ip/complaints/${k.id}`}>
            <input type="hidden" name="action" value="accept" />
            <p>{t.listingStaysHeld}</p>
            <button type="submit">{t.acceptComplaint}</button>
          </form>
          <h2>{t.counterNotice}</h2>
          <form method="post" action={`/console/ip/complaints/${k.id}`} id="counter-form">
            <input type="hidden" name="action" value="counter_notice" />
            <Field id="reason" label={t.ground} error={err("reason")}>
              <select name="reason" {...described("reason", err("reason"))}>
                <option value="">{t.chooseGround}</option>
                {Object.entries(GROUNDS).map(([v, label]) => (
                  <option value={v} selected={typed?.reason === v}>
                    {t[label]}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="evidence" label={t.ledgerEvidence} hint={t.ledgerEvidenceHint} error={err("evidence")}>
              <input name="evidence" value={typed?.evidence ?? ""} {...described("evidence", err("evidence"), true)} />
            </Field>
            <Field id="priorUseDate" label={t.priorUseDate} error={err("priorUseDate")}>
              <input type="date" name="priorUseDate" value={typed?.priorUseDate ?? ""} {...described("priorUseDate", err("priorUseDate"))} />
            </Field>
            <Field id="argument" label={t.argument} error={err("argument")}>
              <textarea name="argument" rows={4} maxlength={5000} {...described("argument", err("argument"))}>
                {typed?.argument ?? ""}
              </textarea>
            </Field>
            <button type="submit">{t.fileCounterNotice}</button>
          </form>
        </>
      )}
      {k.status === "countered" && (
        <>
          <h2>{t.courtAction}</h2>
          <p>{ui.f("courtActionWhy", { date: ui.date(k.dueAt) })}</p>
          {orphan && (
            <p class="bad" role="alert">
              {orphan}
            </p>
          )}
          <form method="post" action={`/console/ip/complaints/${k.id}/court-action`} id="court-form">
            <Field id="filedAt" label={t.courtFiledAt} error={err("filedAt")}>
              <input type="date" name="filedAt" value={typed?.filedAt ?? ""} {...described("filedAt", err("filedAt"))} />
            </Field>
            <Field id="court" label={t.court} error={err("court")}>
              <input name="court" maxlength={200} value={typed?.court ?? ""} {...described("court", err("court"))} />
            </Field>
            <Field id="courtReference" label={t.courtReference} error={err("reference")}>
              <input name="reference" maxlength={100} value={typed?.reference ?? ""} {...described("courtReference", err("reference"))} />
            </Field>
            <button type="submit">{t.recordCourtAction}</button>
          </form>
        </>
      )}
      <p>
        <a href="/console/ip/complaints">{t.backToComplaints}</a>
      </p>
    </ConsolePage>
  );
}

/** `GET /console/ip/complaints`: the inbox, newest first, with each complaint's status and deadline, filtered by status. */
async function ComplaintsPage(c: Context<SfEnv>) {
  const ui = c.get("ui");
  const { t } = ui;
  const status = oneOf(STATUSES, c.req.query("status"));
  const cursor = c.req.query("cursor") || undefined;
  const { data, error, response } = await sellerApi(c).GET("/v1/ip/complaints", {
    params: { query: { limit: 25, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) } },
  });
  if (refused(response.status)) return signOut(c, "revoked");
  if (!data) return notFound(c, asProblem(error, response.status).detail, response.status);
  return c.html(
    <ConsolePage ui={ui} title={t.complaints} signedIn>
      <h1>{t.complaints}</h1>
      <p>{t.complaintsWhy}</p>
      <ListFilter ui={ui} action="/console/ip/complaints" name="status" label={t.filterStatus} allLabel={t.filterAll} value={status} options={STATUSES.map((s) => ({ value: s, label: ui.word("status_", s) }))} />
      <DataTable
        empty={t.noComplaints}
        caption={t.complaintsCaption}
        rows={data.items}
        columns={[t.colComplaint, t.colStatus, t.colMark, t.colComplainant, t.colListing, t.colAnswerBy, t.colReceived]}
        row={(k) => (
          <tr data-complaint={k.id} data-status={k.status}>
            <td>
              <a href={`/console/ip/complaints/${k.id}`}>{k.id}</a>
            </td>
            <td>
              <span class="badge">{ui.word("status_", k.status)}</span>
            </td>
            <td>{String((k.complaint.right as { mark?: string } | undefined)?.mark ?? t.none)}</td>
            <td>{String((k.complaint.complainant as { name?: string } | undefined)?.name ?? t.none)}</td>
            <td>
              <a href={`/console/listings/${k.listingId}`}>{k.listingId}</a>
            </td>
            <td>
              <time datetime={k.dueAt}>{ui.date(k.dueAt)}</time>
            </td>
            <td>
              <time datetime={k.receivedAt}>{ui.date(k.receivedAt)}</time>
            </td>
          </tr>
        )}
      />
      <Pager ui={ui} action="/console/ip/complaints" params={{ status }} nextCursor={data.nextCursor} paged={Boolean(cursor)} />
      <h2>{t.openById}</h2>
      <form method="get" action="/console/ip/complaints/open">
        <Field id="complaint" label={t.complaintId}>
          <input name="id" required {...described("complaint")} />
        </Field>
        <button type="submit">{t.open}</button>
      </form>
    </ConsolePage>,
  );
}

/** The body of an answer from the form: only what was filled in, so the API names what is missing. */
function answerFrom(form: Record<string, string>): Answer {
  const evidence = (form.evidence ?? "").split(/[\s,]+/).filter(Boolean);
  const out: Record<string, unknown> = { action: form.action === "accept" ? "accept" : "counter_notice" };
  if (out.action === "accept") return out as Answer;
  if (form.reason) out.reason = form.reason;
  if (evidence.length) out.evidence = evidence;
  if (form.priorUseDate) out.priorUseDate = form.priorUseDate;
  if (form.argument?.trim()) out.argument = form.argument.trim();
  return out as Answer;
}

/** A court action from the form: only what was filled in, so the API names what is missing. */
function courtActionFrom(form: Record<string, string>): CourtAction {
  const out: Record<string, string> = {};
  for (const name of ["filedAt", "court", "reference"]) if (form[name]?.trim()) out[name] = form[name].trim();
  return out as CourtAction;
}

async function readComplaint(c: Context<SfEnv>, id: string) {
  return sellerApi(c).GET("/v1/ip/complaints/{id}", { params: { path: { id } } });
}

const notFound = problemPageFor({ title: (t) => t.complaint, back: (t) => ({ href: "/console/ip/complaints", label: t.backToComplaints }) });

/** The complaints inbox, a complaint, and its answer (accept, or a counter-notice with the problem beside the field it names). */
export function registerConsoleComplaints(app: Hono<SfEnv>) {
  app.get("/console/ip/complaints", (c) => ComplaintsPage(c));

  app.get("/console/ip/complaints/open", (c) => c.redirect(`/console/ip/complaints/${encodeURIComponent(c.req.query("id")?.trim() ?? "")}`, 303));

  app.get("/console/ip/complaints/:id", async (c) => {
    const { data, error, response } = await readComplaint(c, c.req.param("id"));
    if (refused(response.status)) return signOut(c, "revoked");
    if (!data) return notFound(c, asProblem(error, response.status).detail, 404);
    return c.html(<ComplaintPage ui={c.get("ui")} complaint={data} />);
  });

  app.post("/console/ip/complaints/:id", (c) =>
    submit(c, (id, typed) => sellerApi(c).POST("/v1/ip/complaints/{id}/response", { params: { path: { id } }, body: answerFrom(typed) })),
  );

  app.post("/console/ip/complaints/:id/court-action", (c) =>
    submit(c, (id, typed) => sellerApi(c).POST("/v1/ip/complaints/{id}/court-action", { params: { path: { id } }, body: courtActionFrom(typed) })),
  );
}

/** Posts a complaint form to the API: back to the complaint when it took, else the complaint again with the API's problem beside its field. */
async function submit(
  c: Context<SfEnv>,
  send: (id: string, typed: Record<string, string>) => Promise<{ data?: unknown; error?: unknown; response: Response }>,
) {
  const id = c.req.param("id")!;
  const typed = Object.fromEntries(Object.entries(await c.req.parseBody()).map(([k, v]) => [k, String(v)]));
  const answer = await send(id, typed);
  if (refused(answer.response.status)) return signOut(c, "revoked");
  if (answer.data) return c.redirect(`/console/ip/complaints/${id}`, 303);
  const { data } = await readComplaint(c, id);
  if (!data) return notFound(c, asProblem(answer.error, answer.response.status).detail, 404);
  c.status(answer.response.status >= 500 ? 503 : 400);
  return c.html(<ComplaintPage ui={c.get("ui")} complaint={data} problem={asProblem(answer.error, answer.response.status)} typed={typed} />);
}
