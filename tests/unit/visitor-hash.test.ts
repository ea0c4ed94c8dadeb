import { createHmac } from "node:crypto";
import SipHashDouble from "siphash/lib/siphash-double.js";
import { describe, expect, it } from "vitest";
import { visitorHash } from "../../worker/services/clicks/visitor-hash";

describe("visitorHash", () => {
  const secret = "a-secret-of-at-least-thirty-two-characters";
  const visitor = { ip: "203.0.113.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0", link: "#42" };
  const noon = Date.UTC(2026, 11, 6, 12);

  it("is SipHash-2-4-128 of the visitor under the day's key (HMAC-SHA-256 of the secret and the UTC day)", () => {
    const mac = createHmac("sha256", secret).update("linkscope unique visitor 2026-12-06").digest();
    const key = Uint32Array.from([0, 4, 8, 12], (offset) => mac.readUInt32LE(offset));
    const text = new TextEncoder().encode(`${visitor.ip}\n${visitor.userAgent}\n${visitor.link}`);
    expect(visitorHash(secret, visitor, noon)).toBe(SipHashDouble.hash_hex(key, text));
  });

  it("uses a SipHash-2-4 with a 128-bit output that gives the reference test vectors", () => {
    // The SipHash authors' vectors (vectors.h, vectors_sip128): key 00..0f, messages 00, 00 01, ...
    // hash_hex writes the two 64-bit halves as numbers, so the reference bytes read reversed.
    const key = Uint32Array.from([0x03020100, 0x07060504, 0x0b0a0908, 0x0f0e0d0c]);
    const message = (length: number) => Uint8Array.from({ length }, (_, index) => index);
    const reversed = (hex: string) => hex.match(/../g)?.reverse().join("");
    expect(SipHashDouble.hash_hex(key, message(0))).toBe(reversed("a3817f04ba25a8e66df67214c7550293"));
    expect(SipHashDouble.hash_hex(key, message(1))).toBe(reversed("da87c1d86b99af44347659119b22fc45"));
  });

  it("names a visitor of a link for one UTC day: another day, link or visitor is another hash", () => {
    const hash = visitorHash(secret, visitor, noon);
    expect(hash).toMatch(/^[0-9a-f]{32}$/);
    expect(visitorHash(secret, visitor, noon + 3_600_000)).toBe(hash);
    expect(visitorHash(secret, visitor, noon + 11 * 3_600_000 + 59 * 60_000)).toBe(hash);
    expect(visitorHash(secret, visitor, noon + 12 * 3_600_000)).not.toBe(hash);
    expect(visitorHash(secret, visitor, noon - 86_400_000)).not.toBe(hash);
    expect(visitorHash(secret, visitor, noon)).toBe(hash);
    expect(visitorHash(secret, { ...visitor, link: "#43" }, noon)).not.toBe(hash);
    expect(visitorHash(secret, { ...visitor, ip: "203.0.113.8" }, noon)).not.toBe(hash);
    expect(visitorHash(secret, { ...visitor, userAgent: `${visitor.userAgent} ` }, noon)).not.toBe(hash);
    expect(visitorHash(`${secret}!`, visitor, noon)).not.toBe(hash);
  });
});
