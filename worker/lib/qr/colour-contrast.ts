// Whether a code's colours can be scanned: dark modules on a light background (most scanners
// cannot read inverted codes) with a WCAG contrast ratio of at least 4:1.

export const MINIMUM_CONTRAST = 4;

/** "#RRGGBB" → [r, g, b] in 0..255. The caller has checked the shape. */
export function rgbOf(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

/** WCAG 2 relative luminance, 0 (black) to 1 (white). */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = rgbOf(hex).map((channel) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** A problem with the pair, worded for the API, or undefined when it scans. */
export function colourProblem(fg: string, bg: string): string | undefined {
  const dark = relativeLuminance(fg);
  const light = relativeLuminance(bg);
  if (dark >= light) return "fg: must be darker than bg (scanners expect dark modules on a light background)";
  const ratio = (light + 0.05) / (dark + 0.05);
  if (ratio < MINIMUM_CONTRAST) {
    return `fg, bg: contrast is ${ratio.toFixed(2)}:1, at least ${MINIMUM_CONTRAST}:1 is needed to scan`;
  }
  return undefined;
}
