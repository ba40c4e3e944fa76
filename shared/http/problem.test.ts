import { describe, expect, it } from "vitest";
import { problemBody } from "./problem";

describe("problemBody", () => {
  it("titles every status the services answer with its reason phrase (RFC 9110), not a generic word", () => {
    const statuses = [400, 401, 403, 404, 405, 409, 412, 413, 415, 422, 426, 428, 429, 451, 500, 502, 503];
    for (const status of statuses) expect(problemBody(status, "x", "d").title, String(status)).not.toBe("Error");
    expect(problemBody(412, "precondition_failed", "stale").title).toBe("Precondition Failed");
    expect(problemBody(426, "upgrade_required", "ws").title).toBe("Upgrade Required");
  });
});
