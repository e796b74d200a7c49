import { describe, expect, it } from "vitest";
import { addressKey } from "./budgets";

describe("addressKey", () => {
  it("keeps an IPv4 address, also when mapped into IPv6", () => {
    expect(addressKey("203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });

  it("budgets IPv6 by its /64, however it is written", () => {
    const key = "2001:db8:0:1::/64";
    for (const written of ["2001:db8:0:1::1", "2001:0db8:0000:0001:ffff:ffff:ffff:ffff", "2001:db8:0:1:a::b", "2001:DB8:0:1::"]) {
      expect(addressKey(written)).toBe(key);
    }
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("2001:db8:0:2::1")).not.toBe(key);
  });
});
