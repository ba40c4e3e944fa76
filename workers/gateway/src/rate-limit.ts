import { ProblemError } from "../../../shared/http/problem";
import type { KeyRecord } from "./store/keys";

/** The window of the rate-limit bindings in wrangler.toml, in seconds. */
const PERIOD_SECONDS = 10;

/** Spends one request of the key's budget; over budget is a 429 telling when the window ends. */
export async function enforceRateLimit(env: Env, key: KeyRecord): Promise<void> {
  const limiter = key.plan === "high" ? env.RATE_LIMIT_HIGH : env.RATE_LIMIT_STANDARD;
  const { success } = await limiter.limit({ key: key.keyId });
  if (success) return;
  const retryAfter = PERIOD_SECONDS - (Math.floor(Date.now() / 1000) % PERIOD_SECONDS);
  throw new ProblemError(429, "rate_limited", `This key has used its request budget; retry in ${retryAfter} s.`, undefined, {
    "retry-after": String(retryAfter),
  });
}
