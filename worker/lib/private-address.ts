// Hosts a public shortener must never send people to: loopback, private, link-local, carrier-grade
// NAT, multicast and unspecified addresses, and names that only resolve inside a network. The host
// comes from WHATWG URL parsing, which already turns 0x7f.1, 2130706433 and 127.1 into 127.0.0.1.

const LOCAL_NAMES = /(^|\.)(localhost|local|internal|intranet|home\.arpa|lan)$/;

function ipv4Octets(host: string): number[] | undefined {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return undefined;
  const octets = parts.map(Number);
  return octets.every((octet) => octet <= 255) ? octets : undefined;
}

function isPrivateIpv4([a = 0, b = 0]: number[]): boolean {
  return (
    a === 0 || // "this network"
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, cloud metadata
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) || // IETF protocol assignments
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    a >= 224 // multicast, reserved, broadcast
  );
}

function isPrivateIpv6(host: string): boolean {
  const address = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (address === "::" || address === "::1") return true;
  // IPv4-mapped and -translated forms carry an IPv4 address at the end.
  const mapped = /^::(ffff:(0:)?)?(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped?.[3]) return isPrivateIpv4(ipv4Octets(mapped[3]) ?? [0]);
  const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(address);
  if (hexMapped) {
    const high = Number.parseInt(hexMapped[1] ?? "0", 16);
    return isPrivateIpv4([high >> 8, high & 255]);
  }
  const first = Number.parseInt(address.split(":")[0] || "0", 16);
  return (
    (first & 0xfe00) === 0xfc00 || // unique local fc00::/7
    (first & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (first & 0xff00) === 0xff00 // multicast
  );
}

/** True for a hostname (as URL.hostname gives it) that points inside a network or at this machine. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host.startsWith("[")) return isPrivateIpv6(host);
  const octets = ipv4Octets(host);
  if (octets) return isPrivateIpv4(octets);
  return !host.includes(".") || LOCAL_NAMES.test(host);
}
