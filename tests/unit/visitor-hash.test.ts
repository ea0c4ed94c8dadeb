import { describe, expect, it } from "vitest";
import { visitorHash } from "../../worker/services/clicks/visitor-hash";

/** The hash as it was made with crypto.subtle before (issue 13): a deploy must not change any. */
async function subtleVisitorHash(secret: string, text: string, day: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = (raw: BufferSource) =>
    crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const master = await key(encoder.encode(secret));
  const dayKey = await key(await crypto.subtle.sign("HMAC", master, encoder.encode(`linkscope unique visitor ${day}`)));
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", dayKey, encoder.encode(text)), 0, 16);
  return [...mac].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

describe("visitorHash", () => {
  const secret = "a-secret-of-at-least-thirty-two-characters";
  const visitor = { ip: "203.0.113.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0", link: "#42" };
  const noon = Date.UTC(2026, 11, 6, 12);

  it("is the HMAC the redirects made before, byte for byte", async () => {
    expect(visitorHash(secret, visitor, noon)).toBe(
      await subtleVisitorHash(secret, `${visitor.ip}\n${visitor.userAgent}\n${visitor.link}`, "2026-12-06"),
    );
  });

  it("names a visitor of a link for one UTC day: another day, link or visitor is another hash", () => {
    const hash = visitorHash(secret, visitor, noon);
    expect(hash).toMatch(/^[0-9a-f]{32}$/);
    expect(visitorHash(secret, visitor, noon + 3_600_000)).toBe(hash);
    expect(visitorHash(secret, visitor, noon + 86_400_000)).not.toBe(hash);
    expect(visitorHash(secret, { ...visitor, link: "#43" }, noon)).not.toBe(hash);
    expect(visitorHash(secret, { ...visitor, ip: "203.0.113.8" }, noon)).not.toBe(hash);
    expect(visitorHash(`${secret}!`, visitor, noon)).not.toBe(hash);
  });
});
