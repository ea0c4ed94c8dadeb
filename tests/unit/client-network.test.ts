import { describe, expect, it } from "vitest";
import { clientNetwork } from "../../worker/lib/client-network";

describe("clientNetwork: the client a limit counts", () => {
  it.each([
    ["198.51.100.7", "198.51.100.7"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:0DB8:0001:0002:ffff::1", "2001:db8:1:2::/64"],
    ["2001:db8:1:2::", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["::ffff:198.51.100.7", "198.51.100.7"],
    ["unknown", "unknown"],
    ["not:an:address", "not:an:address"],
  ])("%s → %s", (ip, expected) => {
    expect(clientNetwork(ip)).toBe(expected);
  });
});
