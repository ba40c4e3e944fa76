import type { GatewayApp } from "../types";
import { ProblemError } from "../../../../shared/http/problem";
import { documentAccess, type OpenApiDoc } from "../openapi-access";
import { SERVICES, serviceBinding, type ServiceName } from "../services";

type Doc = OpenApiDoc;

let merged: Promise<Doc> | null = null;

/** Folds each service's document into the gateway's own: one document for the whole API. */
async function buildDocument(app: GatewayApp, env: Env): Promise<Doc> {
  const base = app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "Edge commerce platform API",
      version: "1.0.0",
      description: "Localized catalog, payment routing, media nodes, chat rooms and IP protection at the edge.",
    },
    servers: [{ url: "/" }],
  }) as unknown as Doc;
  base.components ??= {};
  const docs = await Promise.all(
    (Object.keys(SERVICES) as ServiceName[]).map(async (name) => {
      const res = await serviceBinding(env, name).fetch("https://internal/openapi.json");
      if (!res.ok) throw new ProblemError(503, "service_unavailable", `The ${name} service did not serve its OpenAPI document (${res.status}); try again.`);
      return (await res.json()) as Doc;
    }),
  );
  for (const doc of docs) {
    Object.assign((base.paths ??= {}), doc.paths);
    for (const [section, entries] of Object.entries(doc.components ?? {})) {
      Object.assign((base.components[section] ??= {}), entries);
    }
  }
  return documentAccess(base);
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Edge commerce platform API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });</script>
</body>
</html>`;

export function registerDocs(app: GatewayApp) {
  app.get("/openapi.json", async (c) => {
    merged ??= buildDocument(app, c.env).catch((err) => {
      merged = null;
      throw err;
    });
    return c.json(await merged);
  });
  app.get("/docs", (c) => c.html(PAGE));
  // Swagger UI's own files, served by the platform so the docs work offline.
  app.get("/docs/:file{swagger-ui(-bundle\\.js|\\.css)}", (c) => c.env.ASSETS.fetch(c.req.raw));
  // The chat demo page and its bundle (the SDK in a browser).
  app.get("/demo/chat", (c) => c.env.ASSETS.fetch(c.req.raw));
  app.get("/demo/chat.js", (c) => c.env.ASSETS.fetch(c.req.raw));
}
