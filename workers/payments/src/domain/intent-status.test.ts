import { describe, expect, it } from "vitest";
import { canMove, movableFrom, MOVES, type IntentStatus } from "./intent-status";

const ORDER: IntentStatus[] = ["requires_confirmation", "processing", "requires_action", "requires_capture", "succeeded"];

describe("intent status machine", () => {
  it("never moves out of a final status", () => {
    for (const s of ["succeeded", "failed", "canceled"] as const) expect(MOVES[s]).toEqual([]);
  });

  it("only moves forward along the happy path (a late event never moves an intent back)", () => {
    for (let i = 0; i < ORDER.length; i++) for (let j = 0; j < i; j++) {
      if (ORDER[i] === "requires_action" && ORDER[j] === "processing") continue; // a buyer's action resumes processing
      expect(canMove(ORDER[i]!, ORDER[j]!), `${ORDER[i]} → ${ORDER[j]}`).toBe(false);
    }
  });

  it("knows where each status may be reached from", () => {
    expect(movableFrom("requires_capture").sort()).toEqual(["processing", "requires_action"]);
    expect(movableFrom("processing").sort()).toEqual(["requires_action", "requires_confirmation"]);
  });
});
