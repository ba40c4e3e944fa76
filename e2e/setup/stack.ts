import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
// @ts-expect-error plain ESM script without types
import { freePort, prepare, startStack } from "../../scripts/lib/stack.mjs";

/** Starts the real stack on a free port with fresh state, and stops it after the run. */
export default async function setup(project: TestProject) {
  const persistTo = mkdtempSync(path.join(os.tmpdir(), "ecp-e2e-"));
  await prepare(persistTo);
  const logFile = path.join(persistTo, "stack.log");
  const stack = await startStack({ port: await freePort(), persistTo, logFile, logLevel: "log" });
  project.provide("baseUrl", stack.base);
  project.provide("persistTo", persistTo);
  project.provide("stackLog", logFile);
  return async () => {
    await stack.stop();
    rmSync(persistTo, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    persistTo: string;
    /** The running stack's output: every Worker's JSON request lines. */
    stackLog: string;
  }
}
