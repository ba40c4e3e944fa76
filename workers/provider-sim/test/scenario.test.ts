import { describe, expect, it } from "vitest";
import { parseScenario } from "../src/scenario";

describe("simulator scenario", () => {
  it("fills unnamed providers with normal behaviour and refuses unknown modes or providers", () => {
    expect(parseScenario({ stripe: { mode: "outage" } })).toEqual({ stripe: { mode: "outage" }, adyen: { mode: "ok" } });
    expect(parseScenario({ stripe: { mode: "down" } })).toMatch(/mode must be one of/);
    expect(parseScenario({ paypal: { mode: "ok" } })).toMatch(/unknown provider/);
    expect(parseScenario({ adyen: { mode: "timeout", answerAfterMs: -1 } })).toMatch(/answerAfterMs/);
    expect(parseScenario({ adyen: { mode: "requires_action", omitPspReference: true } })).toMatchObject({ adyen: { omitPspReference: true } });
    expect(parseScenario({ adyen: { mode: "requires_action", omitPspReference: "yes" } })).toMatch(/omitPspReference/);
    expect(parseScenario({ adyen: { mode: "three_ds", detailsReceived: true } })).toEqual({ stripe: { mode: "ok" }, adyen: { mode: "three_ds", detailsReceived: true } });
    expect(parseScenario({ adyen: { mode: "three_ds", detailsReceived: 1 } })).toMatch(/detailsReceived/);
  });
});
