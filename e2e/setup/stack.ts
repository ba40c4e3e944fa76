import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
// @ts-expect-error plain ESM script without types
import { freePort, prepare, startSupervisedStack } from "../../scripts/lib/stack.mjs";

/** Starts the real stack on a free port with fresh state, and stops it after the run. */
export default async function setup(project: TestProject) {
  const persistTo = mkdtempSync(path.join(os.tmpdir(), "ecp-e2e-"));
  await prepare(persistTo);
  const logFile = path.join(persistTo, "stack.log");
  // Supervised: a wrangler dev that dies mid-suite (scripts/lib/stack.mjs) fails the tests in flight, not every later one.
  const stack = await startSupervisedStack(
    { port: await freePort(), persistTo, logFile, logLevel: "log" },
    { onRestart: (n: number | null, code: number | null) => console.error(`e2e stack: wrangler dev exited (code ${code}); ${n === null ? "not restarting" : `restart ${n}`}`) },
  );
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
