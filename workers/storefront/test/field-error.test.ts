import { describe, expect, it } from "vitest";
import { fieldError, type Problem } from "../src/api";

const problem = (code: string, detail: string, errors: { path: string; message: string }[]): Problem => ({ type: "about:blank", title: "Error", status: 400, code, detail, errors });

describe("fieldError: the words beside a field", () => {
  it("shows the detail of a problem about one field, the field's message for a schema failure, and path-tagged messages for several", () => {
    expect(fieldError(problem("duplicate_sku", "A listing with SKU X already exists.", [{ path: "sku", message: "taken" }]), "sku")).toBe("A listing with SKU X already exists.");
    expect(fieldError(problem("validation_failed", "The request body is invalid.", [{ path: "evidence", message: "a counter-notice needs evidence from the ledger" }]), "evidence")).toBe("a counter-notice needs evidence from the ledger");
    const two = problem("validation_failed", "The request body is invalid.", [{ path: "reason", message: "pick one" }, { path: "argument", message: "needed" }]);
    expect(fieldError(two, "argument")).toBe("needed (argument)");
    expect(fieldError(two, "sku")).toBeUndefined();
  });
});
