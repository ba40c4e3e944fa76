import type { Context, Hono } from "hono";
import { apiClient, asProblem } from "../../api";
import type { SfEnv } from "../../types";
import { ConsolePage, ProblemPage } from "../../views/console";
import { signOut } from "./session";

const api = (c: Context<SfEnv>) => apiClient(c.env, c.get("session")!.key);

function Problem(c: Context<SfEnv>, title: string, detail: string, status: number) {
  c.status(status === 404 ? 404 : status === 409 ? 409 : 503);
  return c.html(<ProblemPage title={title} detail={detail} back={{ href: "/console/ip", label: "Back to IP" }} />);
}

/**
 * An enforcement case by id (the API lists none): its stage, timeline and next moves, with its warning
 * letter and platform-complaint packet rendered here (the API needs the secret key, so the links stay in the console).
 */
export function registerConsoleCases(app: Hono<SfEnv>) {
  app.get("/console/ip/cases/open", (c) => c.redirect(`/console/ip/cases/${encodeURIComponent(c.req.query("id")?.trim() ?? "")}`, 303));

  app.get("/console/ip/cases/:id", async (c) => {
    const { data: k, error, response } = await api(c).GET("/v1/ip/cases/{id}", { params: { path: { id: c.req.param("id") } } });
    if (response.status === 401 || response.status === 403) return signOut(c, "revoked");
    if (!k) return Problem(c, "Case", asProblem(error, response.status).detail, response.status);
    return c.html(
      <ConsolePage title={`Case ${k.id}`} signedIn>
        <h1>Case {k.id}</h1>
        <dl>
          <dt>Stage</dt>
          <dd data-stage={k.stage}>{k.stage.replace(/_/g, " ")}</dd>
          <dt>Infringer</dt>
          <dd>{Object.values(k.infringer).join(" · ")}</dd>
          <dt>Next due</dt>
          <dd>{k.nextDueAt ?? "—"}</dd>
          <dt>Evidence</dt>
          <dd>
            {k.evidenceIds.length === 0
              ? "none attached"
              : k.evidenceIds.map((id) => (
                  <>
                    <a href={`/console/evidence/${id}`}>{id}</a>{" "}
                  </>
                ))}
          </dd>
        </dl>
        <p>
          <a href={`/console/ip/cases/${k.id}/letter`}>Warning letter</a> · <a href={`/console/ip/cases/${k.id}/packet`}>Platform-complaint packet</a>
        </p>
        <h2>Timeline</h2>
        <ol class="timeline">
          {k.timeline.map((e) => (
            <li>
              <time datetime={e.at}>{e.at}</time> · {e.from ? `${e.from} → ` : ""}
              {e.to}
              {e.note ? ` · ${e.note}` : ""}
            </li>
          ))}
        </ol>
        <h2>Next moves</h2>
        <ul>
          {k.nextMoves.map((m) => (
            <li>
              {m.to.replace(/_/g, " ")}: {m.allowed ? "allowed" : `not allowed (${m.reason ?? ""})`}
            </li>
          ))}
        </ul>
      </ConsolePage>,
    );
  });

  app.get("/console/ip/cases/:id/letter", async (c) => {
    const id = c.req.param("id");
    const { data, error, response } = await api(c).GET("/v1/ip/cases/{id}/letter", { params: { path: { id }, query: {} } });
    if (!data) return Problem(c, "Warning letter", asProblem(error, response.status).detail, response.status);
    return c.html(
      <ConsolePage title="Warning letter" signedIn>
        <h1 lang={data.language}>{data.subject}</h1>
        <pre lang={data.language} class="letter">
          {data.body}
        </pre>
        <p>
          <a href={`/console/ip/cases/${id}`}>Back to the case</a>
        </p>
      </ConsolePage>,
    );
  });

  app.get("/console/ip/cases/:id/packet", async (c) => {
    const id = c.req.param("id");
    const { data, error, response } = await api(c).GET("/v1/ip/cases/{id}/packet", { params: { path: { id } } });
    if (!data) return Problem(c, "Complaint packet", asProblem(error, response.status).detail, response.status);
    return c.html(
      <ConsolePage title="Complaint packet" signedIn>
        <h1>Platform-complaint packet</h1>
        <pre class="letter">{JSON.stringify(data, null, 2)}</pre>
        <p>
          <a href={`/console/ip/cases/${id}`}>Back to the case</a>
        </p>
      </ConsolePage>,
    );
  });
}
