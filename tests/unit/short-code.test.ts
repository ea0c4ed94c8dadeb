import { describe, expect, it } from "vitest";
import {
  CUSTOM_SHORT_CODE_PATTERN,
  GENERATED_SHORT_CODE_LENGTH,
  generateShortCode,
} from "../../worker/domain/short-code";

describe("generateShortCode", () => {
  it("makes 6 alphanumeric characters", () => {
    for (let i = 0; i < 200; i++) expect(generateShortCode()).toMatch(/^[A-Za-z0-9]{6}$/);
    expect(GENERATED_SHORT_CODE_LENGTH).toBe(6);
  });

  it("uses the whole alphabet roughly evenly (no modulo bias)", () => {
    const counts = new Map<string, number>();
    const samples = 62 * 400;
    for (const ch of generateShortCode(samples)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(250);
      expect(count).toBeLessThan(560);
    }
  });

  it("does not repeat in 10,000 draws", () => {
    const seen = new Set(Array.from({ length: 10_000 }, () => generateShortCode()));
    expect(seen.size).toBe(10_000);
  });

  it("custom code pattern", () => {
    expect(CUSTOM_SHORT_CODE_PATTERN.test("spring-sale_2")).toBe(true);
    expect(CUSTOM_SHORT_CODE_PATTERN.test("ab")).toBe(false);
    expect(CUSTOM_SHORT_CODE_PATTERN.test("has space")).toBe(false);
    expect(CUSTOM_SHORT_CODE_PATTERN.test("a/b")).toBe(false);
  });
});
