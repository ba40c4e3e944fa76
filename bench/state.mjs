// Where the bench keeps its stacks' throwaway state (local D1, Durable Object storage).
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * A fresh state directory, in memory (/dev/shm) where the machine has it; BENCH_STATE_DIR overrides.
 * Locally every D1 and Durable Object commit is an fsync of this VM's disk (measured here: p50 0.9 ms,
 * p99 9.7 ms, max 15 ms), and the output gate holds a chat message's frames until it returns; on
 * Cloudflare a commit is a replicated write with its own latency. The disk's tail is neither the code's
 * nor production's, and it was much of the chat room's p99 (docs/chat-fanout.md).
 */
export function benchStateDir(prefix) {
  const root = process.env.BENCH_STATE_DIR ?? (existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir());
  return mkdtempSync(path.join(root, prefix));
}
