import { describe, expect, it } from "vitest";
import { accessFor } from "./policy";

describe("access policy", () => {
  it("opens only the public reads to publishable keys", () => {
    expect(accessFor("GET", "/v1/catalog/listings")).toBe("publishable");
    expect(accessFor("HEAD", "/v1/catalog/listings/lst_1")).toBe("publishable");
    expect(accessFor("POST", "/v1/catalog/listings")).toBe("secret");
    expect(accessFor("PATCH", "/v1/catalog/listings/lst_1")).toBe("secret");
    expect(accessFor("GET", "/v1/catalog/listings/lst_1/extra")).toBe("secret");
    expect(accessFor("GET", "/v1/payments/methods")).toBe("publishable");
    expect(accessFor("POST", "/v1/payments/intents")).toBe("secret");
    expect(accessFor("GET", "/v1/media/nearest")).toBe("publishable");
  });

  it("makes anything unlisted need a secret key", () => {
    expect(accessFor("GET", "/v1/ip/assets")).toBe("secret");
    expect(accessFor("DELETE", "/v1/anything/new")).toBe("secret");
  });

  it("lets chat tokens reach only connect and history", () => {
    expect(accessFor("GET", "/v1/chat/rooms/room_1/connect")).toBe("secret-or-token");
    expect(accessFor("GET", "/v1/chat/rooms/room_1/messages")).toBe("secret-or-token");
    expect(accessFor("POST", "/v1/chat/rooms")).toBe("secret");
    expect(accessFor("POST", "/v1/chat/rooms/room_1/messages")).toBe("secret");
  });

  it("keeps the lists a console reads (rooms, cases, complaints) to secret keys", () => {
    expect(accessFor("GET", "/v1/chat/rooms")).toBe("secret");
    expect(accessFor("GET", "/v1/ip/cases")).toBe("secret");
    expect(accessFor("GET", "/v1/ip/complaints")).toBe("secret");
  });

  it("guards the admin area", () => {
    expect(accessFor("POST", "/v1/admin/tenants")).toBe("admin");
    expect(accessFor("POST", "/v1/admin/marks")).toBe("admin");
  });
});
