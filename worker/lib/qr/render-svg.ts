// A QR layout as SVG: one path of dark runs per row in module units (a viewBox the width of the
// symbol and its quiet zone, scaled to `size` pixels), crisp edges, and the logo's shapes.
import { MARK } from "./logo-mark.ts";
import type { QrLayout, QrOptions } from "./qr-layout.ts";

function darkRuns(layout: QrLayout, margin: number): string {
  let path = "";
  layout.dark.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x++;
      path += `M${start + margin} ${y + margin}h${x - start}v1h${start - x}z`;
    }
  });
  return path;
}

function logoShapes(layout: QrLayout, options: QrOptions): string {
  if (!layout.logo) return "";
  const { from, span } = layout.logo;
  const corner = from + options.margin;
  const centre = corner + span / 2;
  const ringRadius = ((MARK.ringOuter + MARK.ringInner) / 2) * span;
  const ringWidth = (MARK.ringOuter - MARK.ringInner) * span;
  return (
    `<rect x="${corner}" y="${corner}" width="${span}" height="${span}" fill="${options.bg}"/>` +
    `<g shape-rendering="geometricPrecision"><circle cx="${centre}" cy="${centre}" r="${ringRadius}" fill="none" stroke="${options.fg}" stroke-width="${ringWidth}"/>` +
    `<circle cx="${centre}" cy="${centre}" r="${MARK.dot * span}" fill="${options.fg}"/></g>`
  );
}

export function renderSvg(layout: QrLayout, options: QrOptions): string {
  const side = layout.modules + 2 * options.margin;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${options.size}" height="${options.size}" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges">` +
    `<rect width="${side}" height="${side}" fill="${options.bg}"/>` +
    `<path fill="${options.fg}" d="${darkRuns(layout, options.margin)}"/>` +
    logoShapes(layout, options) +
    "</svg>"
  );
}
