import { describe, expect, it } from "vitest";
import { formatTimestamp, parseImportTimestamp } from "../../worker/lib/time";

describe("timestamps", () => {
  it("formats as the seed did: UTC, seconds, no zone", () => {
    expect(formatTimestamp(new Date("2025-01-18T22:26:09.987Z"))).toBe("2025-01-18T22:26:09");
  });

  it("parses the seed's CSV timestamps as UTC", () => {
    expect(parseImportTimestamp("2025-01-18 22:26:09")?.toISOString()).toBe("2025-01-18T22:26:09.000Z");
    expect(parseImportTimestamp("2025-01-18T22:26:09.5+02:00")?.toISOString()).toBe("2025-01-18T20:26:09.500Z");
  });

  it.each(["", "yesterday", "2025-02-30 00:00:00", "2025-13-01 00:00:00", "2025-01-18"])("rejects %j", (value) => {
    expect(parseImportTimestamp(value)).toBeUndefined();
  });
});
