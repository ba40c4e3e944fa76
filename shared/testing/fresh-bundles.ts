import type { TestProject } from "vitest/node";
import { assertFreshBundle } from "../../vitest.workers.ts";

/** Runs in Node before a Worker project's tests: a stale auxiliary bundle fails the run at once, naming the file. */
export default function freshBundles(project: TestProject) {
  for (const name of project.config.provide?.auxiliaryBundles ?? []) assertFreshBundle(name);
}
