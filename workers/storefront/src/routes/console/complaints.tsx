import type { Context, Hono } from "hono";
import type { components } from "../../../../../shared/client";
import { apiClient, asProblem, fieldError, type Problem } from "../../api";
import type { SfEnv } from "../../types";
import { ConsolePage, described, Field, ProblemPage } from "../../views/console";
import { signOut } from "./session";

type Complaint = components["schemas"]["IpComplaint"];
type Answer = components["schemas"]["IpComplaintResponse"];

const GROUNDS: Record<NonNullable<Answer["reason"]>, string> = {
  prior_use: "Prior use (before the complainant's filing date)",
  no_likelihood_of_confusion: "No likelihood of confusion",
  invalid_right: "The complainant's right is invalid or not in force",
};

/** One complaint: what it says, its history, and (while open) the accept and counter-notice forms. */
function ComplaintPage({ complaint: k, problem, typed }: { complaint: Complaint; problem?: Problem; typed?: Record<string, string> }) {
  const err = (...paths: string[]) => fieldError(problem, ...paths);
  const orphan = problem && !(problem.errors ?? []).length ? problem.detail : undefined;
  const right = (k.complaint.right ?? {}) as Record<string, string>;
  const who = (k.complaint.complainant ?? {}) as Record<string, string>;
  return (
    <ConsolePage title={`Complaint ${k.id}`} signedIn>
      <h1>Complaint {k.id}</h1>
      <dl>
        <dt>Status</dt>
        <dd>
          <span class="badge" data-status={k.status}>
            {k.status}
          </span>{" "}
          (answer by {k.dueAt})
        </dd>
        <dt>Listing</dt>
        <dd>
          <a href={`/console/listings/${k.listingId}`}>{k.listingId}</a> ({k.listing.status ?? "unknown"})
        </dd>
        <dt>Complainant</dt>
        <dd>{who.name ?? "—"}</dd>
        <dt>Right claimed</dt>
        <dd>
          {right.mark ?? "—"} {right.jurisdiction ?? ""} {right.registrationNumber ?? ""} {right.filedAt ? `filed ${right.filedAt}` : ""}
        </dd>
        <dt>Reason</dt>
        <dd>{String(k.complaint.reason ?? "")}</dd>
      </dl>
      <h2>History</h2>
      <ol>
        {k.history.map((h) => (
          <li>
            <time datetime={h.at}>{h.at}</time> · {h.status}
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
          <h2>Accept</h2>
          <form method="post" action={`/console/ip/complaints/${k.id}`}>
            <input type="hidden" name="action" value="accept" />
            <p>The listing stays held.</p>
            <button type="submit">Accept the complaint</button>
          </form>
          <h2>File a counter-notice</h2>
          <form method="post" action={`/console/ip/complaints/${k.id}`} id="counter-form">
            <input type="hidden" name="action" value="counter_notice" />
            <Field id="reason" label="Ground" error={err("reason")}>
              <select name="reason" {...described("reason", err("reason"))}>
                <option value="">Choose a ground</option>
                {Object.entries(GROUNDS).map(([v, label]) => (
                  <option value={v} selected={typed?.reason === v}>
                    {label}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="evidence" label="Ledger evidence ids" hint="ev_… ids from Evidence, separated by commas" error={err("evidence")}>
              <input name="evidence" value={typed?.evidence ?? ""} {...described("evidence", err("evidence"), true)} />
            </Field>
            <Field id="priorUseDate" label="First use of the sign (for prior use)" error={err("priorUseDate")}>
              <input type="date" name="priorUseDate" value={typed?.priorUseDate ?? ""} {...described("priorUseDate", err("priorUseDate"))} />
            </Field>
            <Field id="argument" label="Argument" error={err("argument")}>
              <textarea name="argument" rows={4} maxlength={5000} {...described("argument", err("argument"))}>
                {typed?.argument ?? ""}
              </textarea>
            </Field>
            <button type="submit">File the counter-notice</button>
          </form>
        </>
      )}
      <p>
        <a href="/console/ip">Back to IP</a>
      </p>
    </ConsolePage>
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

async function readComplaint(c: Context<SfEnv>, id: string) {
  return apiClient(c.env, c.get("session")!.key).GET("/v1/ip/complaints/{id}", { params: { path: { id } } });
}

function notFound(c: Context<SfEnv>, detail: string) {
  c.status(404);
  return c.html(<ProblemPage title="Complaint" detail={detail} back={{ href: "/console/ip", label: "Back to IP" }} />);
}

/** A complaint by id, and its answer (accept, or a counter-notice with the problem beside the field it names). */
export function registerConsoleComplaints(app: Hono<SfEnv>) {
  app.get("/console/ip/complaints/open", (c) => c.redirect(`/console/ip/complaints/${encodeURIComponent(c.req.query("id")?.trim() ?? "")}`, 303));

  app.get("/console/ip/complaints/:id", async (c) => {
    const { data, error, response } = await readComplaint(c, c.req.param("id"));
    if (response.status === 401 || response.status === 403) return signOut(c, "revoked");
    if (!data) return notFound(c, asProblem(error, response.status).detail);
    return c.html(<ComplaintPage complaint={data} />);
  });

  app.post("/console/ip/complaints/:id", async (c) => {
    const id = c.req.param("id");
    const typed = Object.fromEntries(Object.entries(await c.req.parseBody()).map(([k, v]) => [k, String(v)]));
    const answer = await apiClient(c.env, c.get("session")!.key).POST("/v1/ip/complaints/{id}/response", { params: { path: { id } }, body: answerFrom(typed) });
    if (answer.response.status === 401 || answer.response.status === 403) return signOut(c, "revoked");
    if (answer.data) return c.redirect(`/console/ip/complaints/${id}`, 303);
    const { data } = await readComplaint(c, id);
    if (!data) return notFound(c, asProblem(answer.error, answer.response.status).detail);
    c.status(answer.response.status >= 500 ? 503 : 400);
    return c.html(<ComplaintPage complaint={data} problem={asProblem(answer.error, answer.response.status)} typed={typed} />);
  });
}
