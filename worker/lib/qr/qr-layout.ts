// Where every module of a QR code goes in a square image of `size` pixels: the symbol from
// @paulmillr/qr, a quiet zone of `margin` modules, whole pixels per module (a module split across
// pixels blurs and scans worse), and the logo's plate cleared in the centre. Both renderers draw
// this one layout, so the SVG and the PNG of one request are the same code.
import encodeQR, { type ErrorCorrection } from "@paulmillr/qr";

export const QR_ECC_LEVELS = { L: "low", M: "medium", Q: "quartile", H: "high" } as const;
export type QrEcc = keyof typeof QR_ECC_LEVELS;

export interface QrOptions {
  size: number;
  margin: number;
  ecc: QrEcc;
  fg: string;
  bg: string;
  logo: boolean;
}

/** The logo's plate is at most this share of the symbol's width (with ecc H, about 4 % of its area). */
export const LOGO_MAX_SHARE = 0.2;

export interface QrLayout {
  /** Modules per side of the symbol, without the quiet zone. */
  modules: number;
  /** dark[y][x], the symbol only. */
  dark: boolean[][];
  /** Pixels per module. */
  scale: number;
  /** Pixel offset of the symbol's first module (quiet zone plus the centring remainder). */
  offset: number;
  size: number;
  /** The logo's plate in modules from the symbol's corner, when there is a logo. */
  logo: { from: number; span: number } | undefined;
}

/** The smallest image that holds a symbol of `modules` with its margin: one pixel per module. */
export const minimumSize = (modules: number, margin: number) => modules + 2 * margin;

/** The plate's side in modules: a fifth of the symbol at most, odd like the symbol so it centres. */
function logoSpan(modules: number): number {
  const span = Math.floor(modules * LOGO_MAX_SHARE);
  return span % 2 === modules % 2 ? span : span - 1;
}

export function layoutQr(text: string, options: QrOptions): QrLayout | { tooSmall: number } {
  const ecc: ErrorCorrection = QR_ECC_LEVELS[options.ecc];
  const dark = encodeQR(text, "raw", { ecc, border: 0 });
  const modules = dark.length;
  const needed = minimumSize(modules, options.margin);
  if (options.size < needed) return { tooSmall: needed };
  const scale = Math.floor(options.size / needed);
  const offset = Math.floor((options.size - scale * needed) / 2) + options.margin * scale;
  let logo: QrLayout["logo"];
  if (options.logo) {
    const span = logoSpan(modules);
    const from = (modules - span) / 2;
    for (let y = from; y < from + span; y++) dark[y]?.fill(false, from, from + span);
    logo = { from, span };
  }
  return { modules, dark, scale, offset, size: options.size, logo };
}
