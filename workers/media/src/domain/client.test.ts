import { describe, expect, it } from "vitest";
import { clientPrefix } from "./client";

describe("the client a device's share of new rooms is spent under", () => {
  it("is an IPv4 address itself, an IPv4-mapped IPv6 address its IPv4, and an IPv6 address its /48", () => {
    expect(clientPrefix("203.0.113.7")).toBe("203.0.113.7");
    expect(clientPrefix("203.0.113.8")).not.toBe(clientPrefix("203.0.113.7"));
    expect(clientPrefix("::ffff:203.0.113.7")).toBe("203.0.113.7");
    // Addresses a host rotates within its /64, and the /64s of a /56, are one client; another /48 is another.
    const home = clientPrefix("2001:db8:1:2::7");
    for (const a of ["2001:db8:1:2:a:b:c:d", "2001:DB8:1:2::8", "2001:db8:1:2ff::1", "2001:0db8:0001:ffff::1"]) expect(clientPrefix(a)).toBe(home);
    expect(clientPrefix("2001:db8:2:2::7")).not.toBe(home);
  });
});
