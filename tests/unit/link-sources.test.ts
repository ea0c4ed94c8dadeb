import { describe, expect, it } from "vitest";
import type { DestinationPolicy } from "../../worker/domain/destination";
import { readLinkRow } from "../../worker/services/imports/link-import-row";
import { mapColumns } from "../../worker/services/imports/link-sources";

const policy: DestinationPolicy = { ownHosts: [], blockedDomains: [] };

describe("import column maps", () => {
  it("read headers without case, spaces, underscores or dashes; report unknown ones and a field's second column", () => {
    const map = mapColumns("bitly", ["Bitlink", "LONG URL", "long_url", "Total-Clicks", "colour"]);
    expect([...map.fields]).toEqual([
      ["Bitlink", "short_link"],
      ["LONG URL", "original_url"],
      ["Total-Clicks", "clicks"],
    ]);
    expect(map.unknown).toEqual(["long_url", "colour"]);
    expect(mapColumns("shlink", ["longurl", "shortcode", "domain"]).fields.get("domain")).toBe("domain");
    // A YOURLS "url" is the destination; in a Shlink file it means nothing.
    expect(mapColumns("yourls", ["url"]).fields.get("url")).toBe("original_url");
    expect(mapColumns("shlink", ["url"]).unknown).toEqual(["url"]);
  });
});

describe("an imported row", () => {
  it("takes Bitly's code from the link's path, with or without a scheme", () => {
    for (const link of ["https://bit.ly/3xYz", "bit.ly/3xYz", "http://go.example/3xYz/"]) {
      const row = readLinkRow({ short_link: link, original_url: "https://example.com/" }, "bitly", policy);
      expect(typeof row === "string" ? row : row.shortCode).toBe("3xYz");
    }
    expect(
      readLinkRow({ short_link: "https://bit.ly/a/b", original_url: "https://example.com/" }, "bitly", policy),
    ).toBe("link: its path holds no single code");
  });

  it("drops the apostrophe an export added to a cell (the tags cell as a whole), and only that one", () => {
    const row = readLinkRow(
      { original_url: "https://example.com/", title: "''=x", tags: "'-a|'b" },
      "linkscope",
      policy,
    );
    expect(typeof row === "string" ? row : [row.title, row.tags]).toEqual(["'=x", ["-a", "'b"]]);
  });

  it("adds the source's clicks to clicks imported before, and reads '1,204'", () => {
    const row = readLinkRow(
      { original_url: "https://example.com/", clicks: "1,204", imported_clicks: "6" },
      "linkscope",
      policy,
    );
    expect(typeof row === "string" ? row : row.importedClicks).toBe(1210);
    expect(readLinkRow({ original_url: "https://example.com/", clicks: "-3" }, "csv", policy)).toBe(
      "clicks must be a count of clicks",
    );
  });

  it("reads creation times as shorteners write them, and refuses one from the future", () => {
    const at = (created_at: string) => {
      const row = readLinkRow({ original_url: "https://example.com/", created_at }, "csv", policy);
      return typeof row === "string" ? row : row.createdAt?.toISOString();
    };
    expect(at("2024-03-01T09:00:00+0000")).toBe("2024-03-01T09:00:00.000Z");
    expect(at("2024-03-01T10:00:00+01:00")).toBe("2024-03-01T09:00:00.000Z");
    expect(at("2023-04-01 10:20:30")).toBe("2023-04-01T10:20:30.000Z");
    expect(at("2023-04-01")).toBe("2023-04-01T00:00:00.000Z");
    expect(at("01/04/2023")).toContain("created_at must be a time like");
    expect(at("2999-01-01")).toBe("created_at is in the future");
  });
});
