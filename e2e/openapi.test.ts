import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { api } from "./helpers";

const ROOT = path.resolve(import.meta.dirname, "..");

type Schema = { $ref?: string; example?: unknown; examples?: unknown };
type Doc = { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema?: Schema; example?: unknown; examples?: unknown }> } }>>; components: { schemas: Record<string, Schema> } };

describe("the served OpenAPI document", () => {
  it("shows an example of every JSON request body, for generated docs and clients", async () => {
    const doc = (await (await api("/openapi.json")).json()) as Doc;
    const resolve = (s: Schema | undefined) => (s?.$ref ? doc.components.schemas[s.$ref.split("/").pop()!] : s);
    const missing = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([method, op]) => {
        const media = op.requestBody?.content["application/json"];
        if (!media) return [];
        const schema = resolve(media.schema);
        return media.example || media.examples || schema?.example || schema?.examples ? [] : [`${method.toUpperCase()} ${path}`];
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
