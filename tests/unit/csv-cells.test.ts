import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvLine, neutraliseText, readNeutralisedCell } from "../../worker/lib/csv-cells";

describe("CSV cells", () => {
  it("neutralises text a spreadsheet would evaluate, and only that", () => {
    for (const text of ["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "\nx", '=HYPERLINK("http://x","y")']) {
      expect(neutraliseText(text)).toBe(`'${text}`);
    }
    for (const text of ["plain", "https://example.com/a=b", "1-2", " =x", "", "'quoted"]) {
      expect(neutraliseText(text)).toBe(text);
    }
  });

  it("reads back exactly what it neutralised, including text that began with apostrophes", () => {
    for (const text of ["=1", "'=1", "''-x", "'plain", "plain", "-", "'", "@"]) {
      expect(readNeutralisedCell(neutraliseText(text))).toBe(text);
    }
  });

  it("quotes per RFC 4180 and writes numbers, booleans, times and nulls raw", () => {
    const line = csvLine(["a,b", 'say "hi"', "two\nlines", 42, -7, true, new Date("2026-11-30T00:00:00Z"), null]);
    expect(line).toBe('"a,b","say ""hi""","two\nlines",42,-7,true,2026-11-30T00:00:00.000Z,\r\n');
    expect(parse(line)).toEqual([
      ["a,b", 'say "hi"', "two\nlines", "42", "-7", "true", "2026-11-30T00:00:00.000Z", ""],
    ]);
    // A line break that starts a cell is both neutralised and quoted.
    expect(csvLine(["\n=1"])).toBe(`"'\n=1"\r\n`);
  });
});
