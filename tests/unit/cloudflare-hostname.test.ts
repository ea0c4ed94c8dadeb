// Cloudflare for SaaS's statuses, read as ownership and certificate (worker/domain/cloudflare-hostname.ts),
// and what a check then makes of a domain (worker/domain/domain-check.ts).
import { describe, expect, it } from "vitest";
import { answerOfCustomHostname } from "../../worker/domain/cloudflare-hostname";
import { failingSinceAfterCheck, stateAfterCheck } from "../../worker/domain/domain-check";

describe("a custom hostname's answer", () => {
  it("keeps ownership and certificate apart", () => {
    expect(answerOfCustomHostname({ status: "pending", ssl: { status: "pending_validation" } })).toEqual({
      ownership: "pending",
      certificate: "pending",
      problem: null,
    });
    expect(answerOfCustomHostname({ status: "active", ssl: { status: "pending_issuance" } })).toMatchObject({
      ownership: "verified",
      certificate: "pending",
    });
    expect(answerOfCustomHostname({ status: "active", ssl: { status: "active" } })).toMatchObject({
      ownership: "verified",
      certificate: "active",
    });
  });

  it("names what went wrong, in Cloudflare's words when it gives them", () => {
    expect(
      answerOfCustomHostname({
        status: "moved",
        verification_errors: ["custom hostname does not CNAME to this zone."],
      }),
    ).toEqual({ ownership: "failed", certificate: "pending", problem: "custom hostname does not CNAME to this zone." });
    expect(answerOfCustomHostname({ status: "blocked" })).toMatchObject({
      ownership: "failed",
      problem: "Cloudflare reports the hostname blocked",
    });
    expect(
      answerOfCustomHostname({
        status: "active",
        ssl: { status: "validation_timed_out", validation_errors: [{ message: "caa record blocks issuance" }] },
      }),
    ).toEqual({ ownership: "verified", certificate: "failed", problem: "caa record blocks issuance" });
    expect(answerOfCustomHostname({ status: "active", ssl: { status: "expired" } }).problem).toBe(
      "Cloudflare reports the certificate expired",
    );
    expect(answerOfCustomHostname({ verification_errors: ["x".repeat(900)] }).problem).toHaveLength(500);
  });

  it("serves a proven domain, and never lets a serving one fall back to silently pending", () => {
    const verified = { ownership: "verified", certificate: "pending", problem: null } as const;
    const lost = { ownership: "failed", certificate: "active", problem: "moved" } as const;
    const waiting = { ownership: "pending", certificate: "pending", problem: null } as const;
    expect(stateAfterCheck("pending", verified)).toBe("active");
    expect(stateAfterCheck("pending", waiting)).toBe("pending");
    expect(stateAfterCheck("pending", lost)).toBe("pending");
    expect(stateAfterCheck("active", lost)).toBe("unhealthy");
    expect(stateAfterCheck("active", waiting)).toBe("unhealthy");
    expect(stateAfterCheck("unhealthy", verified)).toBe("active");
    expect(stateAfterCheck("active", { ...verified, certificate: "failed" })).toBe("unhealthy");
  });

  it("dates an unhealthy streak from its first failed check (the domain_unhealthy alert measures from it)", () => {
    const earlier = new Date("2026-12-01T10:00:00Z");
    const now = new Date("2026-12-01T10:20:00Z");
    expect(failingSinceAfterCheck("unhealthy", null, now)).toBe(now);
    expect(failingSinceAfterCheck("unhealthy", earlier, now)).toBe(earlier);
    expect(failingSinceAfterCheck("active", earlier, now)).toBeNull();
    expect(failingSinceAfterCheck("pending", null, now)).toBeNull();
  });

  it("a certificate still unrenewed 14 days before it expires is failing, with the date and what to check", () => {
    const now = Date.parse("2026-12-06T00:00:00Z");
    const soon = { status: "active", ssl: { status: "active", expires_on: "2026-12-15T00:00:00Z" } };
    expect(answerOfCustomHostname(soon, now)).toMatchObject({ ownership: "verified", certificate: "failed" });
    expect(answerOfCustomHostname(soon, now).problem).toContain(
      "expires on 2026-12-15T00:00:00Z and has not been renewed",
    );
    const later = { status: "active", ssl: { status: "active", expires_on: "2027-02-01T00:00:00Z" } };
    expect(answerOfCustomHostname(later, now)).toMatchObject({ certificate: "active", problem: null });
  });
});
