import { describe, expect, it } from "vitest";
import { addressBucket } from "./address-bucket";

describe("a client address's rate-limit bucket", () => {
  it("is the address itself for IPv4", () => {
    expect(addressBucket("203.0.113.7")).toBe("203.0.113.7");
    expect(addressBucket("203.0.113.8")).not.toBe(addressBucket("203.0.113.7"));
  });

  it("is the /64 for IPv6, however the address is written, so one host's block shares one budget", () => {
    const bucket = "2001:db8:85a3:8d3::/64";
    for (const ip of ["2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:DB8:85A3:08D3:0:0:0:1", "2001:db8:85a3:8d3::", "2001:db8:85a3:8d3::ffff:1", "2001:db8:85a3:8d3::1%eth0"]) {
      expect(addressBucket(ip)).toBe(bucket);
    }
    expect(addressBucket("2001:db8:85a3:8d4::1")).not.toBe(bucket);
    expect(addressBucket("::1")).toBe("0:0:0:0::/64");
    expect(addressBucket("2001:db8::1")).toBe("2001:db8:0:0::/64");
  });

  it("is a wider IPv6 block when asked, and the same IPv4 and mapped answers", () => {
    expect(addressBucket("2001:db8:85a3:8d3::1", 48)).toBe("2001:db8:85a3::/48");
    expect(addressBucket("2001:db8:85a3:ffff::1", 48)).toBe("2001:db8:85a3::/48");
    expect(addressBucket("203.0.113.7", 48)).toBe("203.0.113.7");
    expect(addressBucket("::ffff:198.51.100.9", 48)).toBe("198.51.100.9");
  });

  it("is the IPv4 address for an IPv4-mapped IPv6 address", () => {
    expect(addressBucket("::ffff:198.51.100.9")).toBe("198.51.100.9");
    expect(addressBucket("::ffff:c633:6409")).toBe("198.51.100.9");
  });

  it("keeps what does not parse as it is, never merging it into another bucket", () => {
    for (const ip of ["unknown", "1::2::3", "2001:db8:zz::1", "1:2:3:4:5:6:7:8:9", "::ffff:1.2.3.999"]) expect(addressBucket(ip)).toBe(ip);
  });
});
