// The client a limit counts, from its address: an IPv4 address as it is, an IPv6 address as its
// /64 (one subscriber's network: a single host can use any of its 2^64 addresses, so counting per
// address would hand it a fresh budget per request). Anything that is not an IPv6 address (IPv4,
// "unknown", a test's made-up name) is its own key.
import { ipv6Groups } from "./private-address.ts";

/** "2001:db8:1:2:3:4:5:6" → "2001:db8:1:2::/64"; an IPv4-mapped address (::ffff:a.b.c.d) → a.b.c.d. */
export function clientNetwork(ip: string): string {
  if (!ip.includes(":")) return ip;
  const groups = ipv6Groups(ip.split("%")[0] ?? "");
  if (groups === undefined) return ip;
  const [a, b, c, d, e, f, g = 0, h = 0] = groups;
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && f === 0xffff) {
    return [g >> 8, g & 255, h >> 8, h & 255].join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(":")}::/64`;
}
