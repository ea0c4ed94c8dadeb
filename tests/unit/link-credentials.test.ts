import { describe, expect, it } from "vitest";
import { givenPassword } from "../../worker/domain/link-credentials";
import { hashPassword, passwordProblem, verifyPassword } from "../../worker/domain/link-password";

const headers = (entries: Record<string, string>) => new Headers(entries);

describe("the password an API client gives", () => {
  it("reads X-Link-Password, or Basic with an empty user; nothing else", () => {
    expect(givenPassword(headers({ "X-Link-Password": "s3cret" }))).toBe("s3cret");
    expect(givenPassword(headers({ Authorization: `Basic ${btoa(":s3cret:with:colons")}` }))).toBe(
      "s3cret:with:colons",
    );
    expect(givenPassword(headers({ Authorization: "Bearer lsk_abc" }))).toBeUndefined();
    expect(givenPassword(headers({}))).toBeUndefined();
    // Malformed credentials are a wrong password, not no password.
    expect(givenPassword(headers({ Authorization: "Basic !!!" }))).toBe("");
    expect(givenPassword(headers({ Authorization: `Basic ${btoa("no-colon")}` }))).toBe("");
  });
});

describe("link passwords", () => {
  it("refuses what it would have to change, and counts characters after NFC", () => {
    expect(passwordProblem("ok")).toBeUndefined();
    expect(passwordProblem("")).toMatch(/1 to 128/);
    expect(passwordProblem(" x")).toMatch(/whitespace/);
    expect(passwordProblem("x\u00a0")).toMatch(/whitespace/);
    expect(passwordProblem("a\nb")).toMatch(/control/);
    expect(passwordProblem("e\u0301".repeat(128))).toBeUndefined();
    expect(passwordProblem("é".repeat(129))).toMatch(/1 to 128/);
  });

  it("verifies the same password in either normal form, and nothing else", async () => {
    const stored = await hashPassword("caf\u00e9 au lait");
    expect(await verifyPassword("cafe\u0301 au lait", stored)).toBe(true);
    expect(await verifyPassword("café au lai", stored)).toBe(false);
    expect(await verifyPassword("café au lait", "pbkdf2-sha256$100001$AAAA$AAAA")).toBe(false);
    expect(await verifyPassword("café au lait", "plaintext")).toBe(false);
  });
});
