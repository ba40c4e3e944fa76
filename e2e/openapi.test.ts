import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { api } from "./helpers";

const ROOT = path.resolve(import.meta.dirname, "..");

type Schema = { $ref?: string; example?: unknown; examples?: unknown; properties?: Record<string, Schema>; required?: string[]; items?: Schema };
type Doc = { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema?: Schema; example?: unknown; examples?: unknown }> } }>>; components: { schemas: Record<string, Schema> } };

describe("the served OpenAPI document", () => {
  it("shows an example of every JSON request body, for generated docs and clients", async () => {
    const doc = (await (await api("/openapi.json")).json()) as Doc;
    const resolve = (s: Schema | undefined) => (s?.$ref ? doc.components.schemas[s.$ref.split("/").pop()!] : s);
    // An example of the whole body, or of every required field (Swagger UI and generators assemble those);
    // a body whose fields are all optional (a PATCH, a partial capture) is shown by `{}` itself.
    const shown = (s: Schema | undefined, depth = 0): boolean => {
      const r = resolve(s);
      if (!r || depth > 4) return false;
      if (r.example !== undefined || r.examples !== undefined) return true;
      if (r.items) return shown(r.items, depth + 1);
      const required = r.required ?? [];
      return required.every((k) => shown(r.properties?.[k], depth + 1));
    };
    const missing = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([method, op]) => {
        const media = op.requestBody?.content["application/json"];
        if (!media) return [];
        return media.example || media.examples || shown(media.schema) ? [] : [`${method.toUpperCase()} ${path}`];
      }),
    );
    expect(missing).toEqual([]);
  });

  it("passes redocly lint (recommended rules, operation ids and 4xx required; exceptions listed in .redocly.lint-ignore.yaml) with zero errors and warnings", async () => {
    const doc = await (await api("/openapi.json")).json();
    // The path .redocly.lint-ignore.yaml names: its few deliberate exceptions apply to this file only.
    const file = path.join(ROOT, "dist/openapi/openapi.json");
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(doc));
    const result = await promisify(execFile)(path.join(ROOT, "node_modules/.bin/redocly"), ["lint", file, "--format=json", "--config", path.join(ROOT, "redocly.yaml")], {
      cwd: ROOT,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    }).catch((err: { stdout: string }) => err);
    const report = JSON.parse(result.stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string; location: { pointer: string }[] }[] };
    const problems = report.problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 120_000);
});
