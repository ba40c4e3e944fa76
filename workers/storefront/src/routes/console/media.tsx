import type { Hono } from "hono";
import type { components } from "../../../../../shared/client";
import { asProblem, sellerApi } from "../../api";
import type { ConsoleUi } from "../../i18n/console";
import type { SfEnv } from "../../types";
import { ConsolePage } from "../../views/console";
import { refused, signOut } from "./session";
import { DataTable } from "../../views/table";

type MediaNode = components["schemas"]["MediaNode"];
const W = 720;
const H = 360;

/** Equirectangular projection: longitude and latitude straight onto x and y. */
export const project = (lat: number, lon: number) => ({ x: Math.round(((lon + 180) / 360) * W * 10) / 10, y: Math.round(((90 - lat) / 180) * H * 10) / 10 });

const state = (n: MediaNode) => (!n.live ? "silent" : !n.live.healthy ? "unhealthy" : n.live.offered ? "offered" : "not offered");
const COLOR: Record<string, string> = { offered: "#1b7f3b", "not offered": "#b45309", unhealthy: "#b3261e", silent: "#6b6b6b" };

/** The nodes as dots on a world grid (inline SVG: no tiles, no request), each with its state in words too. */
function WorldMap({ ui, nodes }: { ui: ConsoleUi; nodes: MediaNode[] }) {
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="map-title map-desc" class="map" width="100%">
      <title id="map-title">{ui.t.mapTitle}</title>
      <desc id="map-desc">{ui.f("mapDesc", { count: nodes.length })}</desc>
      <rect width={W} height={H} fill="#eaf1fb" />
      {[-60, -30, 0, 30, 60].map((lat) => (
        <line x1={0} x2={W} y1={project(lat, 0).y} y2={project(lat, 0).y} stroke="#c5d3e8" stroke-width={lat === 0 ? 1.5 : 0.75} />
      ))}
      {[-120, -60, 0, 60, 120].map((lon) => (
        <line y1={0} y2={H} x1={project(0, lon).x} x2={project(0, lon).x} stroke="#c5d3e8" stroke-width={lon === 0 ? 1.5 : 0.75} />
      ))}
      {nodes.map((n) => {
        const p = project(n.lat, n.lon);
        return (
          <circle cx={p.x} cy={p.y} r={4} fill={COLOR[state(n)]} stroke="#fff" stroke-width={1} data-node={n.id}>
            <title>{`${n.id} (${n.region}): ${ui.word("node_", state(n))}`}</title>
          </circle>
        );
      })}
    </svg>
  );
}

/** `GET /console/media`: the tenant's media nodes on a map and in a table (up to 500). */
export function registerConsoleMedia(app: Hono<SfEnv>) {
  app.get("/console/media", async (c) => {
    const api = sellerApi(c);
    const nodes: MediaNode[] = [];
    let cursor: string | undefined;
    let failed: string | undefined;
    do {
      const { data, error, response } = await api.GET("/v1/media/nodes", { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } });
      if (refused(response.status)) return signOut(c, "revoked");
      if (!data) {
        failed = asProblem(error, response.status).detail;
        break;
      }
      nodes.push(...data.items);
      cursor = data.nextCursor ?? undefined;
    } while (cursor && nodes.length < 500);
    const ui = c.get("ui");
    const { t } = ui;
    return c.html(
      <ConsolePage ui={ui} title={t.mediaNodes} signedIn>
        <h1>{t.mediaNodes}</h1>
        {failed && <p class="bad">{failed}</p>}
        <WorldMap ui={ui} nodes={nodes} />
        <DataTable
          caption={t.mediaCaption}
          rows={nodes}
          columns={[t.colNode, t.colRegion, t.colState, t.colLoad, t.colCapacity]}
          row={(n) => (
            <tr data-node-row={n.id}>
              <td>{n.id}</td>
              <td>{n.region}</td>
              <td data-state={state(n)}>{ui.word("node_", state(n))}</td>
              <td>{n.live ? `${Math.round(n.live.load * 100)} %` : "—"}</td>
              <td>{n.capacity}</td>
            </tr>
          )}
        />
      </ConsolePage>,
    );
  });
}
