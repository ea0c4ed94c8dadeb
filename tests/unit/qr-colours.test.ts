import { describe, expect, it } from "vitest";
import { colourProblem, relativeLuminance } from "../../worker/lib/qr/colour-contrast";
import { layoutQr } from "../../worker/lib/qr/qr-layout";

describe("QR colours", () => {
  it("computes WCAG luminance and contrast", () => {
    expect(relativeLuminance("#000000")).toBe(0);
    expect(relativeLuminance("#ffffff")).toBeCloseTo(1, 10);
    expect(colourProblem("#000000", "#ffffff")).toBeUndefined();
    // #767676 on white is the classic 4.54:1 pair; #959595 is 2.995:1 (WebAIM's checker agrees).
    expect(colourProblem("#767676", "#ffffff")).toBeUndefined();
    expect(colourProblem("#959595", "#ffffff")).toBe("fg, bg: contrast is 3.00:1, at least 4:1 is needed to scan");
    expect(colourProblem("#ffffff", "#000000")).toMatch(/^fg: must be darker than bg/);
    expect(colourProblem("#123456", "#123456")).toMatch(/^fg: must be darker than bg/);
  });
});

describe("QR layout", () => {
  const options = { size: 512, margin: 4, ecc: "M", fg: "#000000", bg: "#ffffff", logo: false } as const;

  it("uses whole pixels per module and centres the code", () => {
    const layout = layoutQr("https://s.example/abc123?ls_src=qr", options);
    if ("tooSmall" in layout) throw new Error("too small");
    const side = layout.modules + 2 * options.margin;
    expect(layout.scale).toBe(Math.floor(512 / side));
    expect(layout.offset * 2 + layout.modules * layout.scale).toBeLessThanOrEqual(512);
    expect(layout.offset).toBeGreaterThanOrEqual(options.margin * layout.scale);
  });

  it("clears a centred plate of at most a fifth of the symbol for the logo", () => {
    const layout = layoutQr("https://s.example/abc123?ls_src=qr", { ...options, ecc: "H", logo: true });
    if ("tooSmall" in layout || !layout.logo) throw new Error("no logo");
    const { from, span } = layout.logo;
    expect(span).toBeLessThanOrEqual(layout.modules * 0.2);
    expect(from * 2 + span).toBe(layout.modules);
    for (let y = from; y < from + span; y++) expect(layout.dark[y]?.slice(from, from + span).some(Boolean)).toBe(false);
  });

  it("says how large an image the code needs when the size is too small", () => {
    expect(layoutQr("https://s.example/abc123?ls_src=qr", { ...options, size: 64, margin: 16, ecc: "H" })).toEqual({
      tooSmall: 65,
    });
  });
});
