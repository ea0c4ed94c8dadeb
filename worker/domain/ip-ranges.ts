// IPv4 and IPv6 ranges in CIDR notation, for the `ip` condition of a link's rules. Addresses are
// compared as numbers: IPv4 as one 32-bit value, IPv6 as eight 16-bit groups.
import { ipv4Octets, ipv6Groups } from "../lib/private-address.ts";

export interface IpRange {
  version: 4 | 6;
  /** IPv4: one value; IPv6: eight groups. */
  words: number[];
  prefix: number;
}

function wordsOf(address: string): { version: 4 | 6; words: number[] } | undefined {
  const octets = ipv4Octets(address);
  if (octets) {
    const [a = 0, b = 0, c = 0, d = 0] = octets;
    return { version: 4, words: [((a << 24) | (b << 16) | (c << 8) | d) >>> 0] };
  }
  const groups = address.includes(":") ? ipv6Groups(address) : undefined;
  return groups ? { version: 6, words: groups } : undefined;
}

/** "203.0.113.0/24", "2001:db8::/32", or a bare address (a range of one); undefined when invalid. */
export function parseIpRange(text: string): IpRange | undefined {
  const [address = "", prefixText, extra] = text.split("/");
  if (extra !== undefined) return undefined;
  const parsed = wordsOf(address);
  if (!parsed) return undefined;
  const bits = parsed.version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return undefined;
  return { ...parsed, prefix };
}

function maskedEqual(a: number, b: number, bits: number, width: number): boolean {
  if (bits <= 0) return true;
  const shift = width - Math.min(bits, width);
  return a >>> shift === b >>> shift;
}

/** Whether `address` (as CF-Connecting-IP gives it) lies in the range. */
export function ipInRange(address: string, range: IpRange): boolean {
  const parsed = wordsOf(address);
  if (!parsed || parsed.version !== range.version) return false;
  if (range.version === 4) return maskedEqual(parsed.words[0] as number, range.words[0] as number, range.prefix, 32);
  for (let group = 0; group < 8; group++) {
    const bits = range.prefix - group * 16;
    if (bits <= 0) return true;
    if (!maskedEqual(parsed.words[group] as number, range.words[group] as number, bits, 16)) return false;
  }
  return true;
}
