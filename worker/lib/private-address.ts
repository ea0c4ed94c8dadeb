// Hosts a public shortener must never send people to: loopback, private, link-local, carrier-grade
// NAT, multicast, documentation and other reserved addresses, and names that only resolve inside
// a network. The host comes from WHATWG URL parsing, which already turns 0x7f.1, 2130706433 and
// 127.1 into 127.0.0.1 and writes every IPv6 address in compressed hex.

const LOCAL_NAMES = /(^|\.)(localhost|local|internal|intranet|home\.arpa|lan)$/;

export function ipv4Octets(host: string): number[] | undefined {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return undefined;
  const octets = parts.map(Number);
  return octets.every((octet) => octet <= 255) ? octets : undefined;
}

function isPrivateIpv4([a = 0, b = 0, c = 0]: number[]): boolean {
  return (
    a === 0 || // "this network"
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, cloud metadata
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) || // IETF protocol assignments, TEST-NET-1
    (a === 192 && b === 88 && c === 99) || // deprecated 6to4 relays
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    (a === 198 && b === 51 && c === 100) || // TEST-NET-2
    (a === 203 && b === 0 && c === 113) || // TEST-NET-3
    a >= 224 // multicast, reserved, broadcast
  );
}

/** The eight 16-bit groups of an IPv6 address (a dotted IPv4 tail allowed), or undefined. */
export function ipv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const octets = ipv4Octets(dotted[1]);
    if (!octets) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = octets;
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const parse = (part: string | undefined) => (part ? part.split(":") : []);
  const head = parse(halves[0]);
  const tail = parse(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return undefined;
  return groups.map((group) => Number.parseInt(group, 16));
}

const embeddedIpv4 = (high: number, low: number) => [high >> 8, high & 255, low >> 8, low & 255];

/**
 * Only global unicast (2000::/3) may be a destination, minus the reserved blocks inside it;
 * forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that address.
 */
function isPrivateIpv6(host: string): boolean {
  const groups = ipv6Groups(host.replace(/^\[|\]$/g, ""));
  if (!groups) return true;
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const zeroPrefix = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  // ::ffff:a.b.c.d (mapped), ::ffff:0:a.b.c.d (translated), ::a.b.c.d (compatible; :: and ::1 included)
  if (zeroPrefix && (g5 === 0xffff || g5 === 0)) return isPrivateIpv4(embeddedIpv4(g6, g7));
  if (zeroPrefix && g5 === 0 && g6 === 0xffff) return true;
  // 64:ff9b::/96, well-known NAT64 prefix
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return isPrivateIpv4(embeddedIpv4(g6, g7));
  }
  // 2002::/16, 6to4: the IPv4 address is in bits 16 to 47
  if (g0 === 0x2002) return isPrivateIpv4(embeddedIpv4(g1, g2));
  if ((g0 & 0xe000) !== 0x2000) return true; // outside global unicast: ::/8, 100::/64, fc00::/7, fe80::/10, ff00::/8...
  return (
    (g0 === 0x2001 && g1 < 0x200) || // 2001::/23 IETF protocol assignments (Teredo, benchmarking, ORCHID)
    (g0 === 0x2001 && g1 === 0xdb8) || // 2001:db8::/32 documentation
    (g0 === 0x3fff && g1 < 0x1000) // 3fff::/20 documentation
  );
}

/**
 * A hostname as lists compare it: lowercase, without its trailing dots (all of them: the parser keeps
 * "evil.example.." and "localhost.." as names), and read again by the URL parser when dots went, since
 * "0x7f.1.." is a name to the parser but "0x7f.1" is 127.0.0.1.
 */
export function hostWithoutTrailingDots(hostname: string): string {
  const host = hostname.toLowerCase().replace(/\.+$/, "");
  if (host.length === hostname.length || host.length === 0) return host;
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    return host;
  }
}

/** True for a hostname (as URL.hostname gives it) that points inside a network or at this machine. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostWithoutTrailingDots(hostname);
  if (host.startsWith("[")) return isPrivateIpv6(host);
  const octets = ipv4Octets(host);
  if (octets) return isPrivateIpv4(octets);
  return !host.includes(".") || LOCAL_NAMES.test(host);
}
