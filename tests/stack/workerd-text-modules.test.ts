// The raw workerd config of the bench (and the memory baseline) must embed as Text every file that
// wrangler bundles as Text: a module it leaves out makes workerd refuse the whole worker ("No such
// module"), which is how htmx once broke the bench. wrangler.toml's Text rule is the one list.
import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { TEXT_MODULE } from "../../scripts/lib/workerd-config.ts";

interface Rule {
  type: string;
  globs: string[];
}

describe("the raw workerd config's Text modules", () => {
  it("cover every glob of wrangler.toml's Text rule, and no code module", () => {
    const config = parse(readFileSync(new URL("../../wrangler.toml", import.meta.url), "utf8")) as unknown as {
      rules: Rule[];
    };
    const globs = config.rules.filter((rule) => rule.type === "Text").flatMap((rule) => rule.globs);
    expect(globs.length).toBeGreaterThan(0);
    for (const glob of globs) {
      // As wrangler names the file in the bundle: a hash, a dash, then the file's own name.
      const bundled = `c6ec7d1ca7b8b30eadb0a6bc55ed1e3c8ae5e23e-${glob.replace(/^\*\*\//, "").replace("*", "sample")}`;
      expect([glob, TEXT_MODULE.test(bundled)]).toEqual([glob, true]);
    }
    for (const code of ["index.js", "chunk-1234.js", "worker.mjs"]) expect(TEXT_MODULE.test(code)).toBe(false);
  });
});
